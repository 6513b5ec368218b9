"""The year-end assessment of leaders in charge and village-contact cadres, and the event that freezes it.

Each month counts for the village(s) a person answered for on its last day, at that month's frozen rank;
the dated role assignments decide who answered for what. Each accountability case opened against the person for
a failing of the year then takes the points the rule book (in force on the case's day) sets for its outcome.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.assessment.errors import PeriodNotClosed, RuleVersionMissing
from domain.assessment.facts import ClosingFact, PersonFact
from domain.assessment.rules import RuleVersion, rule_version_on
from domain.assessment.values import FactRef, Month, digest, points
from domain.cases.points import CASE_OUTCOME_LABELS, DEFAULT_CASE_POINTS, outcome_of
from domain.cases.record import CaseRecord
from domain.cases.triggers import TRIGGER_LABELS, TriggerKind
from domain.people import RoleAssignment
from domain.vocabulary import Role, UnitKind

ZERO = Decimal(0)
_YEAR_END_NAMESPACE = uuid.UUID("b6f2d8a4-3c1e-4f5a-9d7b-0e8c2a4f6b13")


@dataclass(frozen=True)
class YearEndEntry:
    month: Month
    village_id: uuid.UUID
    village_name: str
    rank: int | None
    band: str
    points: Decimal
    rule_version_id: str
    ref: FactRef

    def as_record(self) -> dict[str, Any]:
        return {
            "month": str(self.month),
            "village_id": str(self.village_id),
            "village_name": self.village_name,
            "rank": self.rank,
            "band": self.band,
            "points": str(self.points),
            "rule_version_id": self.rule_version_id,
            "ref": self.ref.as_record(),
        }


@dataclass(frozen=True)
class YearEndCase:
    """An accountability case that took points from a person's year-end: its outcome, the points, and the case's
    last event counted (its provenance is the case's events up to that version)."""

    case_id: uuid.UUID
    trigger_kind: str
    day: date
    reason: str
    outcome: str
    points: Decimal
    rule_version_id: str  # "" where no rule version was in force and the defaults applied
    ref: FactRef

    @property
    def outcome_label(self) -> str:
        return CASE_OUTCOME_LABELS[self.outcome]

    @property
    def trigger_label(self) -> str:
        return TRIGGER_LABELS[TriggerKind(self.trigger_kind)]

    def as_record(self) -> dict[str, Any]:
        return {
            "case_id": str(self.case_id),
            "trigger_kind": self.trigger_kind,
            "day": self.day.isoformat(),
            "reason": self.reason,
            "outcome": self.outcome,
            "points": str(self.points),
            "rule_version_id": self.rule_version_id,
            "ref": self.ref.as_record(),
        }


@dataclass(frozen=True)
class YearEndAssessment:
    """A leader's or village-contact cadre's year-end points: the mean over the village-months they answered for."""

    person_id: uuid.UUID
    person_name: str
    role: str
    year: int
    points: Decimal | None
    entries: tuple[YearEndEntry, ...]
    months_not_closed: tuple[str, ...]
    rule_version_ids: tuple[str, ...]
    cases: tuple[YearEndCase, ...] = ()
    village_points: Decimal | None = None  # the mean over the village-months, before the cases took theirs

    def as_record(self) -> dict[str, Any]:
        return {
            "person_id": str(self.person_id),
            "person_name": self.person_name,
            "role": self.role,
            "year": self.year,
            "points": str(self.points) if self.points is not None else None,
            "entries": [e.as_record() for e in self.entries],
            "months_not_closed": list(self.months_not_closed),
            "rule_version_ids": list(self.rule_version_ids),
            # Only with cases: a year-end frozen without any keeps its recorded form and digest exactly.
            **({"cases": [c.as_record() for c in self.cases],
                "village_points": str(self.village_points) if self.village_points is not None else None}
               if self.cases else {}),
        }


ASSESSED_ROLES = (Role.LEADER_IN_CHARGE, Role.VILLAGE_CONTACT_CADRE)


def answered_for(a: RoleAssignment, day: date, village_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The villages an assignment answered for on ``day``: its village, or every village for the township."""
    if not a.holds_on(day):
        return []
    if a.unit_kind == UnitKind.TOWNSHIP:
        return village_ids
    return [a.unit_id] if a.unit_kind == UnitKind.VILLAGE and a.unit_id in village_ids else []


def held_during(a: RoleAssignment, year: int) -> bool:
    """Whether the assignment lasted into ``year``: only then is its holder assessed for that year."""
    return a.start <= date(year, 12, 31) and (a.end is None or a.end >= date(year, 1, 1))


def year_end_assessments(
    year: int,
    holders: list[tuple[PersonFact, RoleAssignment]],
    closings: dict[Month, ClosingFact],
    cases: Sequence[CaseRecord] = (),
    rule_versions: Sequence[RuleVersion] = (),
) -> list[YearEndAssessment]:
    """Each month counts for the village(s) the person answered for on its last day, at its frozen rank; each case
    of the year opened against the person takes the points its outcome costs."""
    months = [Month(year, m) for m in range(1, 13)]
    not_closed = tuple(str(m) for m in months if m not in closings)
    collected: dict[tuple[uuid.UUID, str], tuple[PersonFact, list[YearEndEntry]]] = {}
    for person, a in holders:
        if a.role not in ASSESSED_ROLES or not held_during(a, year):
            continue
        _, entries = collected.setdefault((person.person_id, a.role.value), (person, []))
        for month in months:
            closing = closings.get(month)
            if closing is None:
                continue
            rankings = {uuid.UUID(r["village_id"]): r for r in closing.rankings}
            for village_id in answered_for(a, month.last_day, list(rankings)):
                r = rankings[village_id]
                entries.append(
                    YearEndEntry(month, village_id, r["village_name"], r["rank"], r["band"],
                                 points(r["year_end_points"]), closing.rule_version_id, closing.ref)
                )
    charged = _charged_cases(year, cases, rule_versions)
    results = []
    for (person_id, role), (person, entries) in sorted(collected.items(), key=lambda kv: (kv[1][0].name, kv[0][1])):
        entries.sort(key=lambda e: (e.month, e.village_name))
        mean = points(sum((e.points for e in entries), ZERO) / len(entries)) if entries else None
        against = tuple(c for respondent_role, c in charged.get(str(person_id), []) if respondent_role in ("", role))
        total = points(mean - sum((c.points for c in against), ZERO)) if mean is not None else None
        results.append(
            YearEndAssessment(person_id, person.name, role, year, total, tuple(entries), not_closed,
                              tuple(sorted({e.rule_version_id for e in entries})), against,
                              mean if against else None)
        )
    return results


def _charged_cases(
    year: int, cases: Sequence[CaseRecord], rule_versions: Sequence[RuleVersion]
) -> dict[str, list[tuple[str, YearEndCase]]]:
    """By person id: (the post the case named them in, "" for any) and what each case of ``year`` takes."""
    charged: dict[str, list[tuple[str, YearEndCase]]] = {}
    for case in cases:
        outcome = outcome_of(case)
        if case.day.year != year or outcome is None:
            continue
        try:
            version = rule_version_on(list(rule_versions), case.day)
            rule, version_id = version.case_deductions, version.version_id
        except RuleVersionMissing:
            rule, version_id = DEFAULT_CASE_POINTS, ""
        last = case.last
        counted = YearEndCase(uuid.UUID(case.case_id), case.trigger_kind, case.day, case.reason, outcome,
                              points(rule.for_outcome(outcome)), version_id,
                              FactRef(last.position, uuid.UUID(case.case_id), last.version))
        for respondent in case.respondents:
            charged.setdefault(respondent["person_id"], []).append((respondent.get("role", ""), counted))
    return charged


def year_end_content(year: int, assessments: list[dict[str, Any]]) -> dict[str, Any]:
    """What the year-end record freezes, in the one form its digest is taken over."""
    return {"year": year, "assessments": assessments}


class YearEndRecord(Aggregate):
    """A year's assessment as it stood when every month was closed: frozen, with the digest of its content."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        year: int
        as_of_position: int
        assessments: list[dict[str, Any]]
        digest: str

    class Frozen(RecordedFact, Aggregate.Created):
        year: int
        as_of_position: int
        assessments: list[dict[str, Any]]
        digest: str

        def apply(self, aggregate: YearEndRecord) -> None:
            aggregate.year = self.year
            aggregate.as_of_position = self.as_of_position
            aggregate.assessments = self.assessments
            aggregate.digest = self.digest

    @staticmethod
    def id_for(year: int) -> uuid.UUID:
        return uuid.uuid5(_YEAR_END_NAMESPACE, f"year-end:{year}")

    @classmethod
    def freeze(
        cls, year: int, as_of_position: int, assessments: list[YearEndAssessment], closed: set[Month], act: Act
    ) -> YearEndRecord:
        """Refused while any month of the year is open: a year-end figure rests on twelve frozen months."""
        open_months = [str(Month(year, m)) for m in range(1, 13) if Month(year, m) not in closed]
        if open_months:
            raise PeriodNotClosed(
                f"{year} 年还有 {len(open_months)} 个月未结账（{'、'.join(open_months)}），全部结账后才能确定年终考核",
                f"{year} has months not closed ({', '.join(open_months)}); close them before the year-end assessment",
            )
        records = [a.as_record() for a in assessments]
        return cls._create(
            cls.Frozen,
            id=cls.id_for(year),
            year=year,
            as_of_position=as_of_position,
            assessments=records,
            digest=digest(year_end_content(year, records)),
            **stamp(act),
        )

    def content_digest(self) -> str:
        """Recomputed from the frozen figures: equal to ``digest`` unless the record was altered."""
        return digest(year_end_content(self.year, self.assessments))
