"""What the red-flag rules look at: each relevant event as one fact with both of its times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.errors import InvalidInput
from domain.flags.thresholds import DEFAULT_THRESHOLDS, FlagThresholds
from domain.local_time import CHINA


@dataclass(frozen=True)
class Fact:
    """One event: ``kind`` is its type (``Problem.Registered`` …), ``subject`` its aggregate's id."""

    position: int
    kind: str
    subject: str
    actor: str
    village: str | None
    occurred: datetime
    recorded: datetime
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def lag_days(self) -> float:
        return (self.recorded - self.occurred).total_seconds() / 86400

    @property
    def evidence(self) -> list[str]:
        return list(self.detail.get("evidence", []))

    @property
    def photos(self) -> list[dict[str, str]]:
        """The cited photos' marks: ``sha256``, ``phash``, and ``taken_at``, ``latitude``, ``longitude`` if known."""
        return list(self.detail.get("photos", []))


# The steps of a problem a person takes: their lag between happening and recording is what late entry measures.
PROBLEM_STEPS = frozenset((
    "Problem.Registered", "Problem.Assigned", "Problem.DeadlineExtended", "Problem.RectificationReported",
    "Problem.RectificationPassed", "Problem.RectificationRejected", "Problem.Closed", "Problem.Reopened",
    "Problem.Voided",
))
PATROL_EVENTS = frozenset(("DailyPatrol.Recorded", "DailyPatrol.Corrected", "DailyPatrol.Withdrawn"))
# The moments records are hurried towards: a month's closing (评比结账) and a pay sheet's approval.
DEADLINE_EVENTS = frozenset(("MonthClosing.Closed", "PaySheet.Approved"))
RULES_ADOPTED = "RuleBook.VersionAdopted"
FLAG_REVIEWED = ("FlagReview.Reviewed", "FlagReview.Revised")
# What a period is made of: a problem by its registration's occurred day, a patrol by its recording's.
OPENINGS = ("Problem.Registered", "DailyPatrol.Recorded")
# The steps that cite photos.
CITING = ("Problem.Registered", "Problem.RectificationReported")


# The years a period may span: those the record's days can be (taizhang.documents.base.in_era says the same).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


@dataclass(frozen=True)
class FlagPeriod:
    """The local days whose problems and patrols the flags look at, both ends included.

    Rates and shares (late entry, pairs, villages sent back, silent patrols) are the period's own: a person
    late in one year is not excused, or accused, by another year's work. The flags of a year are the default.
    """

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidInput("疑点期间的结束日早于开始日", "the red flags' period ends before it starts")
        for day in (self.first, self.last):
            if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                raise InvalidInput(f"疑点期间的日期 {day.isoformat()} 不在 {EARLIEST_YEAR}—{LATEST_YEAR} 年之间",
                                   f"the day {day.isoformat()} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")

    @classmethod
    def year(cls, year: int) -> FlagPeriod:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def label(self) -> str:
        """How the period is named in a flag's key: ``2023`` for a calendar year, else ``2023-03-01~2023-03-31``."""
        if (self.first.month, self.first.day, self.last.month, self.last.day) == (1, 1, 12, 31) and (
                self.first.year == self.last.year):
            return str(self.first.year)
        return f"{self.first.isoformat()}~{self.last.isoformat()}"

    @property
    def words(self) -> str:
        if self.label.isdigit():
            return f"{self.label}年"
        return f"{self.first.isoformat()} 至 {self.last.isoformat()}"

    @classmethod
    def from_label(cls, label: str) -> FlagPeriod | None:
        """The period a key names, or None when the text is not one (or not a period the record can hold)."""
        try:
            if label.isascii() and label.isdigit() and len(label) == 4:
                return cls.year(int(label))
            first, _, last = label.partition("~")
            return cls(date.fromisoformat(first), date.fromisoformat(last))
        except (ValueError, InvalidInput):
            return None


@dataclass
class FlagFacts:
    """The facts the flags look at, with each problem's village filled in from its registration.

    With a ``period``: the problems registered and the patrols made in it, each with every step of theirs;
    ``elsewhere`` holds the citations, outside the period, of the photos its problems cite. Without one: the
    whole record given. Records around a deadline are asked of ``records_between`` and ``records_by``, which
    a store may answer from its own indexes (the base answers from ``facts``).
    """

    facts: list[Fact]
    period: FlagPeriod | None = None
    elsewhere: list[Fact] = field(default_factory=list)
    whole: list[Fact] | None = None  # the whole record, where people's records around deadlines are counted

    def __post_init__(self) -> None:
        villages = {f.subject: f.village for f in (*self.facts, *self.elsewhere) if f.kind == "Problem.Registered"}
        self.facts = [
            f if f.village or f.kind not in PROBLEM_STEPS else _with_village(f, villages.get(f.subject))
            for f in self.facts
        ]
        self.elsewhere = [
            f if f.village or f.kind not in PROBLEM_STEPS else _with_village(f, villages.get(f.subject))
            for f in self.elsewhere
        ]

    def key(self, kind: str, *parts: str) -> str:
        """A flag's key: rates and shares of a period are that period's, so their key names it."""
        return ":".join((kind, self.period.label, *parts) if self.period else (kind, *parts))

    def records_between(self, start: datetime, end: datetime) -> list[Fact]:
        """People's records (problem steps and patrols, not the system's) recorded in [start, end)."""
        return [f for f in self._records() if start <= f.recorded < end]

    def records_by(self, actor: str, since: datetime, end: datetime) -> tuple[datetime | None, int]:
        """When ``actor`` first recorded anything before ``end``, and how many records they made in [since, end)."""
        mine = [f.recorded for f in self._records() if f.actor == actor and f.recorded < end]
        return (min(mine) if mine else None), sum(1 for moment in mine if moment >= since)

    def _records(self) -> list[Fact]:
        source = self.facts if self.whole is None else self.whole
        villages = {f.subject: f.village for f in source if f.kind == "Problem.Registered"}
        return [f if f.village or f.kind not in PROBLEM_STEPS else _with_village(f, villages.get(f.subject))
                for f in source if is_record(f)]

    def of(self, *kinds: str) -> list[Fact]:
        wanted = set(kinds)
        return [f for f in self.facts if f.kind in wanted]

    def steps(self) -> list[Fact]:
        return [f for f in self.facts if f.kind in PROBLEM_STEPS]

    def thresholds_on(self, day: date) -> FlagThresholds:
        """The thresholds of the rule version in force on ``day`` among those adopted so far (the latest adopted
        of the latest effective date, as ``rule_version_on``); the defaults before any version says."""
        adopted = [f for f in self.of(RULES_ADOPTED) if date.fromisoformat(f.detail["effective_from"]) <= day]
        if not adopted:
            return DEFAULT_THRESHOLDS
        latest = max(date.fromisoformat(f.detail["effective_from"]) for f in adopted)
        record = [f for f in adopted if date.fromisoformat(f.detail["effective_from"]) == latest][-1].detail
        return FlagThresholds.from_record(record["red_flags"]) if record.get("red_flags") else DEFAULT_THRESHOLDS


def period_facts(record: Sequence[Fact], period: FlagPeriod) -> FlagFacts:
    """What the flags of ``period`` look at, from the whole record: the problems registered and the patrols made in
    it with every step of theirs, the deadlines recorded in it, every rule version and review, and (elsewhere)
    the other problems' citations of the photos its problems cite. Stores read the same through their indexes."""
    opened = {f.subject for f in record if f.kind in OPENINGS and period.first <= _local_day(f.occurred) <= period.last}
    chosen = [
        f for f in record
        if f.subject in opened or f.kind == RULES_ADOPTED or f.kind in FLAG_REVIEWED
        or (f.kind in DEADLINE_EVENTS and period.first <= _local_day(f.recorded) <= period.last)
    ]
    digests = {sha for f in chosen if f.kind in CITING for sha in f.evidence}
    citing = {f.subject for f in record if f.kind in CITING and digests.intersection(f.evidence)} - opened
    elsewhere = [f for f in record if f.subject in citing and f.kind in CITING]
    return FlagFacts(chosen, period, elsewhere, whole=list(record))


def _local_day(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def is_record(fact: Fact) -> bool:
    return (fact.kind in PROBLEM_STEPS or fact.kind in PATROL_EVENTS) and not fact.actor.startswith("system:")


def _with_village(fact: Fact, village: str | None) -> Fact:
    return Fact(fact.position, fact.kind, fact.subject, fact.actor, village, fact.occurred, fact.recorded, fact.detail)


def positions(facts: Sequence[Fact]) -> tuple[int, ...]:
    return tuple(sorted({f.position for f in facts}))
