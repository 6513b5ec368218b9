"""The inspector's desk, shared by the API, the command line and the workspace: review a flag that stands."""

from __future__ import annotations

from domain.flags.review import check_verdict
from projections.db import ReadStore
from projections.flags import FlagQueries
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome


def review_flag(app: Taizhang, store: ReadStore, flag_key: str, verdict: str, reason: str, actor: str) -> Outcome:
    """Only a flag the record raises now can be reviewed (a key typed wrong is refused, nothing recorded)."""
    check_verdict(verdict)
    FlagQueries(store).flag(flag_key)
    return app.review_flag(flag_key, verdict, reason, actor)
