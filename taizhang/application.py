"""The application: every group of commands on one event store, with the dependencies it is given."""

from __future__ import annotations

from taizhang.clock import Clock
from taizhang.commands.accounts import AccountCommands
from taizhang.commands.cases import CaseCommands
from taizhang.commands.community import CommunityCommands
from taizhang.commands.exports import ExportCommands
from taizhang.commands.facts_memo import FactsMemo
from taizhang.commands.flags import FlagCommands
from taizhang.commands.pay import PayCommands
from taizhang.commands.problems import PhotoMarksReader, ProblemCommands
from taizhang.commands.red_black import RedBlackCommands
from taizhang.commands.work import WorkCommands
from taizhang.keystore import PersonalKeyStore


class Taizhang(
    RedBlackCommands, AccountCommands, ExportCommands, PayCommands, CommunityCommands, ProblemCommands,
    WorkCommands, FlagCommands, CaseCommands,
):
    """The record of one township's zero-garbage campaign."""

    name = "taizhang"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        clock: Clock | None = None,
        key_store: PersonalKeyStore | None = None,
        facts_memo: FactsMemo | None = None,
        photos: PhotoMarksReader | None = None,
    ) -> None:
        """``key_store`` keeps reporters' personal keys apart from the log, so that they can be destroyed;
        ``facts_memo``: the assessment facts kept between recording commands (a new one when not given);
        ``photos``: the evidence store, whose photos' marks go into the records citing them."""
        super().__init__(env, clock)
        self.key_store = key_store
        self.photos = photos
        self.facts_memo = facts_memo if facts_memo is not None else FactsMemo()
