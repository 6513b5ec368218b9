"""Responsibility letters: township↔village targets (目标责任书), village↔household 门前五包; and household counts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.assessment.errors import LetterAlreadySigned, LetterNotInForce, LetterRevoked
from domain.errors import InvalidInput
from domain.problem import check_reason

_CENSUS_NAMESPACE = uuid.UUID("9c1e7a52-4b0d-4e8f-a3c6-1d2e5f7a8b90")


class LetterKind(StrEnum):
    TARGET = "target"  # 目标责任书：镇与村
    FIVE_GUARANTEES = "five_guarantees"  # 门前五包责任书：村与户


LETTER_KIND_LABELS = {LetterKind.TARGET: "目标责任书", LetterKind.FIVE_GUARANTEES: "门前五包责任书"}
SIDES = {"first": "甲方", "second": "乙方"}


@dataclass(frozen=True)
class Term:
    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class ResponsibilityLetter(Aggregate):
    """A letter between the township and a village, or a village and a household; signed by both sides."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        kind: LetterKind
        village_id: uuid.UUID
        household: str
        signed_terms: list[Term]
        revoked_on: date | None

    class Drafted(RecordedFact, Aggregate.Created):
        kind: str
        village_id: uuid.UUID
        household: str
        targets: list[str]
        period_start: date
        period_end: date

        def apply(self, aggregate: ResponsibilityLetter) -> None:
            aggregate.kind = LetterKind(self.kind)
            aggregate.village_id = self.village_id
            aggregate.household = self.household
            aggregate.signed_terms = []
            aggregate.revoked_on = None
            aggregate._open_term(self.period_start, self.period_end, self.targets)

    class Signed(RecordedFact):
        side: str
        signatory: str
        day: date

        def apply(self, aggregate: ResponsibilityLetter) -> None:
            aggregate.signatures[self.side] = self.signatory
            if len(aggregate.signatures) == len(SIDES):
                aggregate.signed_terms.append(aggregate.term)

    class Renewed(RecordedFact):
        period_start: date
        period_end: date
        targets: list[str]

        def apply(self, aggregate: ResponsibilityLetter) -> None:
            aggregate._open_term(self.period_start, self.period_end, self.targets)

    class Revoked(RecordedFact):
        day: date
        reason: str

        def apply(self, aggregate: ResponsibilityLetter) -> None:
            aggregate.revoked_on = self.day

    @classmethod
    def draft(
        cls,
        kind: LetterKind,
        village_id: uuid.UUID,
        targets: list[str],
        period_start: date,
        period_end: date,
        act: Act,
        household: str = "",
        letter_id: uuid.UUID | None = None,
    ) -> ResponsibilityLetter:
        kind = LetterKind(kind)
        household = household.strip()
        if kind == LetterKind.FIVE_GUARANTEES and not household:
            raise InvalidInput(
                "门前五包责任书要写明签约的农户（户主及所在组）", "a five-guarantees letter names its household"
            )
        if kind == LetterKind.TARGET and household:
            raise InvalidInput("目标责任书由镇与村签订，不写农户", "a target letter is between township and village")
        return cls._create(
            cls.Drafted,
            id=letter_id or uuid.uuid4(),
            kind=kind.value,
            village_id=village_id,
            household=household[:100],
            targets=check_term(period_start, period_end, targets),
            period_start=period_start,
            period_end=period_end,
            **stamp(act),
        )

    def sign(self, side: str, signatory: str, day: date, act: Act) -> None:
        self.check_not_revoked()
        if side not in SIDES:
            raise InvalidInput(f"签字方只能是 first（甲方）或 second（乙方），不是 “{side}”", f"unknown side {side!r}")
        if side in self.signatures:
            raise LetterAlreadySigned(
                f"{SIDES[side]}已由 {self.signatures[side]} 签字",
                f"the {side} side already signed ({self.signatures[side]})",
            )
        if not signatory.strip():
            raise InvalidInput("请写明签字人", "give the name of whoever signed")
        if day > self.term.end:
            raise InvalidInput(
                f"签字日期 {day.isoformat()} 已过责任期（至 {self.term.end.isoformat()}）",
                "the signing day is after the term",
            )
        self.trigger_event(self.Signed, side=side, signatory=signatory.strip(), day=day, **stamp(act))

    def renew(self, period_start: date, period_end: date, act: Act, targets: list[str] | None = None) -> None:
        """A new term with (by default) the same targets; both sides sign it again."""
        self.check_not_revoked()
        if not self.signed_terms or self.signed_terms[-1] != self.term:
            raise LetterNotInForce(
                "责任书本期尚未双方签字，不能续签", "the current term is not signed by both sides yet"
            )
        if period_start <= self.term.start:
            raise InvalidInput(
                f"续签的起始日期须晚于本期起始日期 {self.term.start.isoformat()}",
                "a renewal starts after the current term",
            )
        new_targets = check_term(period_start, period_end, targets if targets is not None else self.targets)
        self.trigger_event(
            self.Renewed, period_start=period_start, period_end=period_end, targets=new_targets, **stamp(act)
        )

    def revoke(self, day: date, reason: str, act: Act) -> None:
        self.check_not_revoked()
        check_reason(reason, "撤销责任书", "revoking a letter")
        self.trigger_event(self.Revoked, day=day, reason=reason.strip(), **stamp(act))

    def in_force_on(self, day: date) -> bool:
        return letter_in_force(self.signed_terms, self.revoked_on, day)

    def check_not_revoked(self) -> None:
        if self.revoked_on is not None:
            raise LetterRevoked(
                f"责任书已于 {self.revoked_on.isoformat()} 撤销",
                f"the letter was revoked on {self.revoked_on.isoformat()}",
            )

    def _open_term(self, start: date, end: date, targets: list[str]) -> None:
        self.term = Term(start, end)
        self.targets = list(targets)
        self.signatures: dict[str, str] = {}


def letter_in_force(signed_terms: list[Term], revoked_on: date | None, day: date) -> bool:
    if revoked_on is not None and day >= revoked_on:
        return False
    return any(term.covers(day) for term in signed_terms)


def check_term(start: date, end: date, targets: list[str]) -> list[str]:
    if end < start:
        raise InvalidInput(
            f"责任期结束日 {end.isoformat()} 早于开始日 {start.isoformat()}", "the term ends before it starts"
        )
    cleaned = [t.strip() for t in targets if t.strip()]
    if not cleaned:
        raise InvalidInput("责任书至少要有一项目标或责任", "a letter needs at least one target")
    if len(cleaned) > 50 or any(len(t) > 500 for t in cleaned):
        raise InvalidInput("目标最多 50 项，每项最多 500 字", "at most 50 targets of 500 characters")
    return cleaned


class HouseholdCensus(Aggregate):
    """How many households a village has, as counted on a date: the denominator of letters coverage."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        village_id: uuid.UUID
        counts: list[tuple[date, int]]

    class Counted(RecordedFact):
        households: int
        as_on: date
        source: str

        def apply(self, aggregate: HouseholdCensus) -> None:
            aggregate.counts.append((self.as_on, self.households))
            aggregate.counts.sort()

    class Started(RecordedFact, Aggregate.Created):
        village_id: uuid.UUID

        def apply(self, aggregate: HouseholdCensus) -> None:
            aggregate.village_id = self.village_id
            aggregate.counts = []

    @staticmethod
    def id_for(village_id: uuid.UUID) -> uuid.UUID:
        return uuid.uuid5(_CENSUS_NAMESPACE, f"households:{village_id}")

    @classmethod
    def start(cls, village_id: uuid.UUID, act: Act) -> HouseholdCensus:
        return cls._create(cls.Started, id=cls.id_for(village_id), village_id=village_id, **stamp(act))

    def count(self, households: int, as_on: date, source: str, act: Act) -> None:
        if households < 1 or households > 100_000:
            raise InvalidInput(f"户数 {households} 不合理（1–100000）", f"household count {households} is implausible")
        if not source.strip():
            raise InvalidInput("请写明户数的来源（如户籍统计、入户调查）", "give the source of the household count")
        self.trigger_event(self.Counted, households=households, as_on=as_on, source=source.strip(), **stamp(act))

    def households_on(self, day: date) -> int | None:
        return households_on(self.counts, day)


def households_on(counts: list[tuple[date, int]], day: date) -> int | None:
    known = [n for as_on, n in counts if as_on <= day]
    return known[-1] if known else None
