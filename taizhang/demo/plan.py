"""The demo's timeline: what happens in the township, when it happened and when the office recorded it.

A plan is data. Planners (organisation, problems, and later work records) add happenings; the player
records them in the order they were recorded. Keeping the two apart lets a later planner add its own
kind of happening to the same year without touching the others.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from domain.account import AccessRole
from domain.vocabulary import Category, Role, Source, UnitKind, VoidKind


@dataclass(frozen=True)
class Happening:
    """One act in the township: who, what, when it happened (occurred) and when it was recorded."""

    recorded_at: datetime
    occurred_at: datetime
    actor: str
    what: object

    def __post_init__(self) -> None:
        if self.occurred_at > self.recorded_at:
            raise ValueError(f"planned to record {self.what!r} before it happened")


W = TypeVar("W")


def what_of(happening: Happening, kind: type[W]) -> W:
    """What a happening records, where the planner knows its kind (a story's first step is a registration …)."""
    what = happening.what
    if not isinstance(what, kind):
        raise TypeError(f"expected {kind.__name__}, planned {what!r}")
    return what


@dataclass
class Plan:
    happenings: list[Happening] = field(default_factory=list)
    planted: Any = None  # ``taizhang.demo.planted.Planted`` when patterns were planted for the red flags

    def add(self, happening: Happening) -> None:
        self.happenings.append(happening)

    def extend(self, happenings: list[Happening]) -> None:
        self.happenings.extend(happenings)

    def in_recorded_order(self) -> list[Happening]:
        # A stable sort: happenings planned in order at the same instant keep that order.
        return sorted(self.happenings, key=lambda h: h.recorded_at)

    def of(self, kind: type) -> list[Happening]:
        return [h for h in self.happenings if isinstance(h.what, kind)]

    def signed_by(self, usernames: dict[str, str]) -> Plan:
        """The same plan with each person's acts under their account's username, as the API would record them."""
        unsigned = sorted({h.actor for h in self.happenings if h.actor not in usernames and not is_system(h.actor)})
        if unsigned:
            raise ValueError(f"people who act in the demo without an account: {unsigned}")
        return Plan([h if is_system(h.actor) else replace(h, actor=usernames[h.actor]) for h in self.happenings],
                    self.planted)


def is_system(actor: str) -> bool:
    """The store's own setup (``system:demo``), not a person."""
    return actor.startswith("system:")


# --- what can happen: organisation ---------------------------------------------------------------


@dataclass(frozen=True)
class EstablishVillage:
    code: str
    name: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class EnrolPerson:
    person_id: uuid.UUID
    name: str
    phone: str


@dataclass(frozen=True)
class UnitRef:
    """A unit by its demo key: the township, a village code, or a village code and group name."""

    kind: UnitKind
    village_code: str = ""
    group: str = ""


@dataclass(frozen=True)
class TakeRole:
    person_id: uuid.UUID
    role: Role
    unit: UnitRef
    start: date
    area: str = ""


@dataclass(frozen=True)
class EndRole:
    person_id: uuid.UUID
    role: Role
    unit: UnitRef
    end: date
    reason: str


@dataclass(frozen=True)
class RecordHolidayNotice:
    year: int
    holidays: tuple[date, ...]
    makeup_workdays: tuple[date, ...]
    title: str


# --- what can happen: sign-in accounts ------------------------------------------------------------


@dataclass(frozen=True)
class OpenAccount:
    username: str
    display_name: str
    role: AccessRole
    village_code: str = ""
    person_id: uuid.UUID | None = None  # the person who signs in with it (everyone but the public reporter)


@dataclass(frozen=True)
class ChangeAccountAccess:
    username: str
    role: AccessRole
    village_code: str
    reason: str


@dataclass(frozen=True)
class LinkAccountPerson:
    username: str
    person_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class DisableAccount:
    username: str
    reason: str


# --- what can happen: the problem ledger -----------------------------------------------------------


@dataclass(frozen=True)
class RegisterProblem:
    problem_id: uuid.UUID
    source: Source
    category: Category
    village_code: str
    group: str
    place: str
    description: str


@dataclass(frozen=True)
class AssignProblem:
    problem_id: uuid.UUID
    working_days: int


@dataclass(frozen=True)
class ExtendDeadline:
    problem_id: uuid.UUID
    working_days: int
    reason: str
    approver: str


@dataclass(frozen=True)
class Spent:
    """Resources a rectification used; labour and machinery are filled in to meet the year's totals."""

    labour_weight: float
    machinery_weight: float
    tonnes: Decimal
    buildings_demolished: int
    labour: int = 0
    machinery: int = 0


@dataclass(frozen=True)
class ReportRectification:
    problem_id: uuid.UUID
    description: str
    photos: int
    spent: Spent
    reuses: uuid.UUID | None = None  # a planted pattern: the first photo is that problem's first rectification photo
    re_encodes_before: bool = False  # a planted pattern: the first photo is the problem's own "before" re-encoded


@dataclass(frozen=True)
class PassVerification:
    problem_id: uuid.UUID
    note: str


@dataclass(frozen=True)
class SendBack:
    problem_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class CloseProblem:
    problem_id: uuid.UUID


@dataclass(frozen=True)
class ReopenProblem:
    problem_id: uuid.UUID
    reason: str
    working_days: int


@dataclass(frozen=True)
class VoidProblem:
    problem_id: uuid.UUID
    kind: VoidKind
    reason: str
    original_id: uuid.UUID | None


# --- what can happen: campaign work ------------------------------------------------------------


@dataclass(frozen=True)
class RecordWork:
    """A work record; ``village_code`` is empty for township-wide work, ``evidence`` names simulated files."""

    record_id: uuid.UUID
    indicator: str
    quantity: Decimal
    village_code: str
    place: str
    note: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class CorrectWork:
    record_id: uuid.UUID
    quantity: Decimal
    reason: str


@dataclass(frozen=True)
class WithdrawWork:
    record_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class SurveyToilets:
    """A village's toilet survey; a second one for the same village is a resurvey and carries a reason."""

    village_code: str
    households: int
    renovated: int
    pending: int
    reason: str = ""


@dataclass(frozen=True)
class BuildSewageStation:
    """A station, its custodian (who also takes the facility custodian role on it) and its care posts."""

    station_id: uuid.UUID
    village_code: str
    name: str
    custodian_id: uuid.UUID
    care_posts: int
