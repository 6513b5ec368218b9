"""What the red-flag rules look at: each relevant event as one fact with both of its times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.flags.thresholds import DEFAULT_THRESHOLDS, FlagThresholds


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


@dataclass
class FlagFacts:
    """The facts of the record up to one position, with each problem's village filled in from its registration."""

    facts: list[Fact]

    def __post_init__(self) -> None:
        villages = {f.subject: f.village for f in self.facts if f.kind == "Problem.Registered"}
        self.facts = [
            f if f.village or f.kind not in PROBLEM_STEPS else _with_village(f, villages.get(f.subject))
            for f in self.facts
        ]

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


def _with_village(fact: Fact, village: str | None) -> Fact:
    return Fact(fact.position, fact.kind, fact.subject, fact.actor, village, fact.occurred, fact.recorded, fact.detail)


def positions(facts: Sequence[Fact]) -> tuple[int, ...]:
    return tuple(sorted({f.position for f in facts}))
