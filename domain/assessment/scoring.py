"""Pure calculations of a month: patrol scores, cleaners' ratings and grades, village standings and ranks.

Each result names the rule version that produced it and the facts it rests on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from domain.assessment.facts import AssessmentFacts, PatrolFact
from domain.assessment.letters import LetterKind
from domain.assessment.reports import ReportStage
from domain.assessment.rules import RuleVersion
from domain.assessment.values import FactRef, Month, points

NO_VALID_PATROL = "无有效巡查"


class InVillage(Protocol):
    @property
    def village_id(self) -> uuid.UUID: ...


F = TypeVar("F", bound=InVillage)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ItemScore:
    code: str
    name: str
    full_points: Decimal
    findings: int
    deducted: Decimal
    score: Decimal


@dataclass(frozen=True)
class PatrolScore:
    patrol_id: uuid.UUID
    score: Decimal
    full_score: Decimal
    items: tuple[ItemScore, ...]
    rule_version_id: str
    ref: FactRef


def patrol_score(patrol: PatrolFact, rules: RuleVersion) -> PatrolScore:
    """Each item starts at its full points and loses ``per_finding`` per finding, never below zero."""
    items = []
    for item in rules.deduction_items:
        found = patrol.findings.get(item.code, 0)
        deducted = min(item.full_points, item.per_finding * found)
        items.append(
            ItemScore(
                item.code, item.name, item.full_points, found, points(deducted), points(item.full_points - deducted)
            )
        )
    for code in patrol.findings:
        rules.item(code)  # a finding of an item these rules do not know is refused, never ignored
    total = points(sum((i.score for i in items), Decimal(0)))
    return PatrolScore(patrol.patrol_id, total, rules.full_score, tuple(items), rules.version_id, patrol.ref)


@dataclass(frozen=True)
class CleanerRating:
    """A cleaner's monthly rating (月评比) from the daily patrols of their area."""

    cleaner_id: uuid.UUID
    month: Month
    score: Decimal | None
    grade: str
    grade_name: str
    patrols: int
    rule_version_id: str
    refs: tuple[FactRef, ...]

    def as_record(self) -> dict[str, Any]:
        return {
            "cleaner_id": str(self.cleaner_id),
            "score": str(self.score) if self.score is not None else None,
            "grade": self.grade,
            "grade_name": self.grade_name,
            "patrols": self.patrols,
            "rule_version_id": self.rule_version_id,
            "refs": [r.as_record() for r in self.refs],
        }


def monthly_ratings(month: Month, patrols: list[PatrolFact], rules: RuleVersion) -> list[CleanerRating]:
    """Ratings of every cleaner whose area was patrolled in ``month``; withdrawn patrols are cited, not scored."""
    by_cleaner: dict[uuid.UUID, list[PatrolFact]] = {}
    for p in patrols:
        if p.cleaner_id is not None and month.contains(p.day):
            by_cleaner.setdefault(p.cleaner_id, []).append(p)
    ratings = []
    for cleaner_id, own in sorted(by_cleaner.items(), key=lambda kv: str(kv[0])):
        counted = [patrol_score(p, rules).score for p in own if not p.withdrawn]
        refs = tuple(sorted(p.ref for p in own))
        if not counted:
            ratings.append(CleanerRating(cleaner_id, month, None, "", NO_VALID_PATROL, 0, rules.version_id, refs))
            continue
        score = min(counted) if rules.rating_method == "lowest" else points(sum(counted, Decimal(0)) / len(counted))
        grade = rules.grade_for(score)
        ratings.append(
            CleanerRating(cleaner_id, month, score, grade.code, grade.name, len(counted), rules.version_id, refs)
        )
    return ratings


@dataclass(frozen=True)
class VillageMonthFacts:
    """What a village's month standing is computed from."""

    village_id: uuid.UUID
    village_name: str
    village_code: str
    patrols: tuple[PatrolFact, ...]
    overdue: tuple[FactRef, ...]
    reopened: tuple[FactRef, ...]
    close_days: tuple[tuple[int, FactRef], ...]
    public_reports: tuple[FactRef, ...]
    households: int | None
    signed_households: int
    coverage_refs: tuple[FactRef, ...]


def village_month_facts(facts: AssessmentFacts, month: Month) -> list[VillageMonthFacts]:
    """Gather, for every village, the facts of ``month`` its standing rests on (as of the facts' position)."""
    end = month.last_day
    gathered = []
    # Each kind of fact is sorted by village once, not searched again for each of the villages.
    patrols_of = by_village(p for p in facts.patrols_in(month) if not p.withdrawn)
    problems_of = by_village(p for p in facts.problems.values() if not p.voided)
    reports_of = by_village(facts.reports.values())
    letters_of = by_village(x for x in facts.letters.values() if x.kind == LetterKind.FIVE_GUARANTEES)
    for village in sorted(facts.villages.values(), key=lambda v: v.code):
        vid = village.village_id
        patrols = tuple(patrols_of.get(vid, ()))
        problems = problems_of.get(vid, [])
        overdue = []
        for p in problems:
            late_closing = [s for s in p.steps_in(month, "closed") if s.on_time is False]
            step = p.overdue_on(end)
            if step is not None:
                overdue.append(step.ref)
            elif late_closing:
                overdue.append(late_closing[-1].ref)
        reopened = [s.ref for p in problems for s in p.steps_in(month, "reopened")]
        close_days = [((s.day - p.registered_on).days, s.ref) for p in problems for s in p.steps_in(month, "closed")]
        reports = [
            r.ref
            for r in reports_of.get(vid, [])
            if month.contains(r.submitted_on)
            and r.stage in (ReportStage.CONFIRMED, ReportStage.REWARD_APPROVED, ReportStage.PAID)
        ]
        signed = [letter for letter in letters_of.get(vid, []) if letter.in_force_on(end)]
        coverage_refs = [letter.ref for letter in signed]
        if vid in facts.household_refs:
            coverage_refs.append(facts.household_refs[vid])
        gathered.append(
            VillageMonthFacts(
                vid,
                village.name,
                village.code,
                patrols,
                tuple(sorted(overdue)),
                tuple(sorted(reopened)),
                tuple(sorted(close_days, key=lambda x: x[1])),
                tuple(sorted(reports)),
                facts.households_on(vid, end),
                len({letter.household for letter in signed}),
                tuple(sorted(coverage_refs)),
            )
        )
    return gathered


def by_village(facts: Iterable[F]) -> dict[uuid.UUID, list[F]]:
    """Facts grouped by their village, each group in the order given."""
    grouped: dict[uuid.UUID, list[F]] = {}
    for fact in facts:
        grouped.setdefault(fact.village_id, []).append(fact)
    return grouped


@dataclass(frozen=True)
class VillageStanding:
    """A village's score and rank for a month; ``rank`` is None when it had too few cases to be ranked."""

    village_id: uuid.UUID
    village_name: str
    month: Month
    cases: int
    patrol_mean: Decimal
    coverage_percent: Decimal
    overdue: int
    reopened: int
    mean_days_to_close: Decimal
    public_reports: int
    score: Decimal
    rank: int | None
    band: str
    cadre_coefficient: Decimal
    year_end_points: Decimal
    note: str
    rule_version_id: str
    refs: tuple[FactRef, ...]

    def as_record(self) -> dict[str, Any]:
        return {
            "village_id": str(self.village_id),
            "village_name": self.village_name,
            "cases": self.cases,
            "patrol_mean": str(self.patrol_mean),
            "coverage_percent": str(self.coverage_percent),
            "overdue": self.overdue,
            "reopened": self.reopened,
            "mean_days_to_close": str(self.mean_days_to_close),
            "public_reports": self.public_reports,
            "score": str(self.score),
            "rank": self.rank,
            "band": self.band,
            "cadre_coefficient": str(self.cadre_coefficient),
            "year_end_points": str(self.year_end_points),
            "note": self.note,
            "rule_version_id": self.rule_version_id,
            "refs": [r.as_record() for r in self.refs],
        }


def coverage_percent(signed: int, households: int | None) -> Decimal:
    if not households:
        return points(0)
    return points(min(HUNDRED, HUNDRED * signed / households))


def village_standings(month: Month, villages: list[VillageMonthFacts], rules: RuleVersion) -> list[VillageStanding]:
    """Score every village by the rule's weights, then rank those with at least ``minimum_cases`` patrols."""
    w = rules.weights
    scored = []
    for v in villages:
        patrol_scores = [patrol_score(p, rules).score for p in v.patrols]
        patrol_mean = points(sum(patrol_scores, Decimal(0)) / len(patrol_scores)) if patrol_scores else points(0)
        coverage = coverage_percent(v.signed_households, v.households)
        days = [d for d, _ in v.close_days]
        mean_days = points(Decimal(sum(days)) / len(days)) if days else points(0)
        score = points(
            w.patrol_score * patrol_mean
            + w.letters_coverage * coverage
            - w.overdue * len(v.overdue)
            - w.reopened * len(v.reopened)
            - w.days_to_close * mean_days
            - w.public_reports * len(v.public_reports)
        )
        refs = tuple(sorted({p.ref for p in v.patrols} | set(v.overdue) | set(v.reopened)
                            | {r for _, r in v.close_days} | set(v.public_reports) | set(v.coverage_refs)))
        scored.append((v, patrol_mean, coverage, mean_days, score, refs))
    ranked = [s for s in scored if len(s[0].patrols) >= rules.minimum_cases and s[0].patrols]
    ranks = {s[0].village_id: 1 + sum(1 for o in ranked if o[4] > s[4]) for s in ranked}
    standings = []
    for v, patrol_mean, coverage, mean_days, score, refs in scored:
        rank = ranks.get(v.village_id)
        band = rules.band_for(rank)
        note = (
            ""
            if rank is not None
            else f"巡查 {len(v.patrols)} 次，少于参与排名所需的 {max(rules.minimum_cases, 1)} 次，不排名"
        )
        if v.households is None:
            note = (note + "；" if note else "") + "户数未登记，门前五包覆盖率按 0 计"
        standings.append(
            VillageStanding(
                v.village_id, v.village_name, month, len(v.patrols), patrol_mean, coverage, len(v.overdue),
                len(v.reopened), mean_days, len(v.public_reports), score, rank, band.name, band.cadre_coefficient,
                band.year_end_points, note, rules.version_id, refs,
            )
        )
    standings.sort(key=lambda s: (s.rank is None, s.rank or 0, -s.score, s.village_name))
    return standings
