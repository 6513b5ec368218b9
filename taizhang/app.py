"""The whole application: every group of commands on one event store."""

from __future__ import annotations

from taizhang.commands.accounts import AccountCommands
from taizhang.commands.problems import ProblemCommands


class Taizhang(AccountCommands, ProblemCommands):
    """The record of one township's zero-garbage campaign."""

    name = "taizhang"
