"""The whole application: every group of commands on one event store."""

from __future__ import annotations

from taizhang.commands.accounts import AccountCommands
from taizhang.commands.community import CommunityCommands
from taizhang.commands.exports import ExportCommands
from taizhang.commands.pay import PayCommands
from taizhang.commands.problems import ProblemCommands
from taizhang.commands.work import WorkCommands


class Taizhang(AccountCommands, ExportCommands, PayCommands, CommunityCommands, ProblemCommands, WorkCommands):
    """The record of one township's zero-garbage campaign."""

    name = "taizhang"
