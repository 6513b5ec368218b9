"""The inspector's desk, shared by the API, the command line and the workspace: flags in names, and their review."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from domain.errors import NotFound
from domain.flags.flag import VERDICT_LABELS, Flag
from domain.flags.review import check_verdict
from domain.local_time import CHINA
from domain.organisation import Village
from domain.people import Person
from projections.db import ReadStore
from projections.flags import FlagQueries
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome
from taizhang.names import PeopleNames


def review_flag(app: Taizhang, store: ReadStore, flag_key: str, verdict: str, reason: str, actor: str) -> Outcome:
    """Only a flag the record raises now can be reviewed (a key typed wrong is refused, nothing recorded)."""
    check_verdict(verdict)
    FlagQueries(store).flag(flag_key, today=app.clock.now().astimezone(CHINA).date())
    return app.review_flag(flag_key, verdict, reason, actor)


@dataclass(frozen=True)
class NamedFlag:
    """A flag as people read it: who and which villages by name, its kind and review in words."""

    flag: Flag
    people: list[str]
    villages: list[str]
    status: str
    reviewer: str | None

    def as_dict(self) -> dict[str, Any]:
        f = self.flag
        return {
            "key": f.key, "kind": f.kind.value, "kind_label": f.label, "people": self.people,
            "people_refs": list(f.people), "villages": self.villages, "village_ids": list(f.villages),
            "reason": f.reason, "positions": list(f.positions), "status": f.status, "status_label": self.status,
            "review": None if f.review is None else {
                "verdict": f.review.verdict.value, "reason": f.review.reason, "reviewer": self.reviewer,
                "position": f.review.position,
            },
        }


class FlagNames:
    """Names for the people and villages flags concern; a person is an account's username or ``person:<id>``."""

    def __init__(self, app: Taizhang, names: PeopleNames | None = None) -> None:
        self.app = app
        self.names = names or PeopleNames(app)
        self._villages: dict[str, str] = {}

    def person(self, ref: str) -> str:
        if ref.startswith("person:"):
            try:
                return self.app.get(Person, uuid.UUID(ref.removeprefix("person:")), "人员").name
            except (NotFound, ValueError):
                return "（未登记的人员）"
        return self.names.name(ref)

    def village(self, village_id: str) -> str:
        if village_id not in self._villages:
            try:
                self._villages[village_id] = self.app.get(Village, uuid.UUID(village_id), "村").name
            except (NotFound, ValueError):
                self._villages[village_id] = "（未登记的村）"
        return self._villages[village_id]

    def of(self, flag: Flag) -> NamedFlag:
        return NamedFlag(
            flag,
            [self.person(p) for p in flag.people],
            [self.village(v) for v in flag.villages],
            VERDICT_LABELS[flag.status],
            self.person(flag.review.reviewer) if flag.review else None,
        )
