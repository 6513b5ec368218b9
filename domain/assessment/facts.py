"""The facts assessment rests on, folded from the domain's events in log order.

The same fold serves a full rebuild, an incremental catch-up and an as-of replay: feed it the
events up to a position and it answers as the record stood then. Every fact keeps the reference
(aggregate, version, position) of the event that last changed it, for provenance.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from domain.assessment.letters import HouseholdCensus, LetterKind, ResponsibilityLetter, Term, households_on, letter_in_force
from domain.assessment.patrol import DailyPatrol
from domain.assessment.paysheet import PayLine, PaySheet, SheetKind, SheetStatus
from domain.assessment.periods import MonthClosing, QuarterBulletin
from domain.assessment.reports import PublicReport, ReportStage
from domain.assessment.rules import RuleBook, RuleVersion, rule_version_on
from domain.assessment.values import FactRef, Month
from domain.organisation import Township, Village
from domain.people import Person, RoleAssignment
from domain.problem import Problem
from domain.vocabulary import Role, UnitKind

LOCAL_ZONE = timezone(timedelta(hours=8), "CST")


def local_day(moment: datetime) -> date:
    """The township's calendar day of a moment (China Standard Time)."""
    return moment.astimezone(LOCAL_ZONE).date()


@dataclass
class PatrolFact:
    patrol_id: uuid.UUID
    ref: FactRef
    day: date
    village_id: uuid.UUID
    group_id: uuid.UUID | None
    cleaner_id: uuid.UUID | None
    area: str
    findings: dict[str, int]
    withdrawn: bool = False


@dataclass(frozen=True)
class ProblemStep:
    day: date
    kind: str
    ref: FactRef
    deadline: date | None = None
    on_time: bool | None = None


_OPENING = {"assigned", "reopened"}


@dataclass
class ProblemFact:
    problem_id: uuid.UUID
    village_id: uuid.UUID
    source: str
    registered_on: date
    steps: list[ProblemStep] = field(default_factory=list)

    def overdue_on(self, day: date) -> ProblemStep | None:
        """The step whose deadline had passed with the problem still open on ``day`` (None if not overdue)."""
        open_step: ProblemStep | None = None
        for step in self.steps:
            if step.day > day:
                break
            if step.kind in _OPENING or (step.kind == "extended" and open_step is not None):
                open_step = step
            elif step.kind in ("closed", "voided"):
                open_step = None
        if open_step is not None and open_step.deadline is not None and day > open_step.deadline:
            return open_step
        return None

    def steps_in(self, month: Month, kind: str) -> list[ProblemStep]:
        return [s for s in self.steps if s.kind == kind and month.contains(s.day)]

    @property
    def voided(self) -> bool:
        return any(s.kind == "voided" for s in self.steps)


@dataclass
class LetterFact:
    letter_id: uuid.UUID
    ref: FactRef
    kind: LetterKind
    village_id: uuid.UUID
    household: str
    current: Term | None = None
    sides: set[str] = field(default_factory=set)
    signed_terms: list[Term] = field(default_factory=list)
    revoked_on: date | None = None

    def in_force_on(self, day: date) -> bool:
        return letter_in_force(self.signed_terms, self.revoked_on, day)


@dataclass
class ReportFact:
    report_id: uuid.UUID
    ref: FactRef
    village_id: uuid.UUID
    submitted_on: date
    stage: ReportStage = ReportStage.SUBMITTED
    problem_id: uuid.UUID | None = None


@dataclass
class PersonFact:
    person_id: uuid.UUID
    ref: FactRef
    name: str
    assignments: list[RoleAssignment] = field(default_factory=list)


@dataclass
class VillageFact:
    village_id: uuid.UUID
    ref: FactRef
    name: str
    code: str
    groups: dict[uuid.UUID, str] = field(default_factory=dict)


@dataclass
class ClosingFact:
    month: Month
    ref: FactRef
    rule_version_id: str
    as_of_position: int
    ratings: list[dict[str, Any]]
    rankings: list[dict[str, Any]]
    digest: str


@dataclass
class SheetFact:
    sheet_id: uuid.UUID
    ref: FactRef
    kind: SheetKind
    month: Month
    status: SheetStatus
    as_of_position: int
    rule_version_id: str
    lines: list[PayLine]


@dataclass
class AssessmentFacts:
    """Everything assessment and pay need, as of the last position applied."""

    position: int = 0
    township_name: str = ""
    rule_versions: list[RuleVersion] = field(default_factory=list)
    rule_refs: dict[str, FactRef] = field(default_factory=dict)
    villages: dict[uuid.UUID, VillageFact] = field(default_factory=dict)
    people: dict[uuid.UUID, PersonFact] = field(default_factory=dict)
    patrols: dict[uuid.UUID, PatrolFact] = field(default_factory=dict)
    problems: dict[uuid.UUID, ProblemFact] = field(default_factory=dict)
    letters: dict[uuid.UUID, LetterFact] = field(default_factory=dict)
    households: dict[uuid.UUID, list[tuple[date, int]]] = field(default_factory=dict)
    household_refs: dict[uuid.UUID, FactRef] = field(default_factory=dict)
    household_village: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    reports: dict[uuid.UUID, ReportFact] = field(default_factory=dict)
    closings: dict[Month, ClosingFact] = field(default_factory=dict)
    sheets: dict[tuple[SheetKind, Month], SheetFact] = field(default_factory=dict)
    bulletins: dict[tuple[int, int], FactRef] = field(default_factory=dict)

    def apply_all(self, events: Iterable[tuple[int, Any]]) -> AssessmentFacts:
        for position, event in events:
            self.apply(position, event)
        return self

    def apply(self, position: int, event: Any) -> None:
        self.position = max(self.position, position)
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event, FactRef(position, event.originator_id, event.originator_version))

    # --- questions ----------------------------------------------------------------------

    def rule_version_on(self, day: date) -> RuleVersion:
        return rule_version_on(self.rule_versions, day)

    def patrols_in(self, month: Month) -> list[PatrolFact]:
        return sorted((p for p in self.patrols.values() if month.contains(p.day)), key=lambda p: p.ref)

    def village_of_group(self, group_id: uuid.UUID) -> uuid.UUID | None:
        for village in self.villages.values():
            if group_id in village.groups:
                return village.village_id
        return None

    def households_on(self, village_id: uuid.UUID, day: date) -> int | None:
        return households_on(self.households.get(village_id, []), day)

    def village_name(self, village_id: uuid.UUID | None) -> str:
        village = self.villages.get(village_id) if village_id else None
        return village.name if village else ""

    def person_name(self, person_id: uuid.UUID) -> str:
        person = self.people.get(person_id)
        return person.name if person else str(person_id)

    def role_holders(self, roles: Iterable[Role]) -> list[tuple[PersonFact, RoleAssignment]]:
        wanted = set(roles)
        return [
            (person, a)
            for person in sorted(self.people.values(), key=lambda p: p.ref)
            for a in person.assignments
            if a.role in wanted
        ]


# --- the handlers, one per event the fold cares about -------------------------------------------


def _township(f: AssessmentFacts, e: Township.Established | Township.Renamed, ref: FactRef) -> None:
    f.township_name = e.name


def _village(f: AssessmentFacts, e: Village.Registered, ref: FactRef) -> None:
    f.villages[e.originator_id] = VillageFact(e.originator_id, ref, e.name, e.code)


def _village_group(f: AssessmentFacts, e: Village.GroupAdded, ref: FactRef) -> None:
    f.villages[e.originator_id].groups[e.group_id] = e.name
    f.villages[e.originator_id].ref = ref


def _village_renamed(f: AssessmentFacts, e: Village.Renamed, ref: FactRef) -> None:
    f.villages[e.originator_id].name = e.name
    f.villages[e.originator_id].ref = ref


def _person(f: AssessmentFacts, e: Person.Enrolled, ref: FactRef) -> None:
    f.people[e.originator_id] = PersonFact(e.originator_id, ref, e.name)


def _role_taken(f: AssessmentFacts, e: Person.RoleTaken, ref: FactRef) -> None:
    person = f.people[e.originator_id]
    person.assignments.append(
        RoleAssignment(e.number, Role(e.role), UnitKind(e.unit_kind), e.unit_id, e.start, None, e.area)
    )
    person.ref = ref


def _role_ended(f: AssessmentFacts, e: Person.RoleEnded, ref: FactRef) -> None:
    person = f.people[e.originator_id]
    person.assignments = [
        RoleAssignment(a.number, a.role, a.unit_kind, a.unit_id, a.start, e.end, a.area) if a.number == e.number else a
        for a in person.assignments
    ]
    person.ref = ref


def _rules(f: AssessmentFacts, e: RuleBook.VersionAdopted, ref: FactRef) -> None:
    version = RuleVersion.from_record(e.rules)
    f.rule_versions.append(version)
    f.rule_refs[version.version_id] = ref


def _findings(records: list[dict[str, Any]]) -> dict[str, int]:
    return {r["item"]: int(r["count"]) for r in records}


def _patrol(f: AssessmentFacts, e: DailyPatrol.Recorded, ref: FactRef) -> None:
    f.patrols[e.originator_id] = PatrolFact(
        e.originator_id, ref, e.day, e.village_id, e.group_id, e.cleaner_id, e.area, _findings(e.findings)
    )


def _patrol_corrected(f: AssessmentFacts, e: DailyPatrol.Corrected, ref: FactRef) -> None:
    patrol = f.patrols[e.originator_id]
    patrol.findings = _findings(e.findings)
    patrol.ref = ref


def _patrol_withdrawn(f: AssessmentFacts, e: DailyPatrol.Withdrawn, ref: FactRef) -> None:
    patrol = f.patrols[e.originator_id]
    patrol.withdrawn = True
    patrol.ref = ref


def _problem(f: AssessmentFacts, e: Problem.Registered, ref: FactRef) -> None:
    day = local_day(e.occurred_at)
    f.problems[e.originator_id] = ProblemFact(e.originator_id, e.village_id, e.source, day)
    f.problems[e.originator_id].steps.append(ProblemStep(day, "registered", ref))


def _problem_step(kind: str) -> Callable[[AssessmentFacts, Any, FactRef], None]:
    def handle(f: AssessmentFacts, e: Any, ref: FactRef) -> None:
        step = ProblemStep(
            local_day(e.occurred_at), kind, ref, getattr(e, "deadline", None), getattr(e, "on_time", None)
        )
        f.problems[e.originator_id].steps.append(step)

    return handle


def _letter(f: AssessmentFacts, e: ResponsibilityLetter.Drafted, ref: FactRef) -> None:
    f.letters[e.originator_id] = LetterFact(
        e.originator_id, ref, LetterKind(e.kind), e.village_id, e.household, Term(e.period_start, e.period_end)
    )


def _letter_signed(f: AssessmentFacts, e: ResponsibilityLetter.Signed, ref: FactRef) -> None:
    letter = f.letters[e.originator_id]
    letter.sides.add(e.side)
    if len(letter.sides) == 2 and letter.current is not None:
        letter.signed_terms.append(letter.current)
    letter.ref = ref


def _letter_renewed(f: AssessmentFacts, e: ResponsibilityLetter.Renewed, ref: FactRef) -> None:
    letter = f.letters[e.originator_id]
    letter.current = Term(e.period_start, e.period_end)
    letter.sides = set()
    letter.ref = ref


def _letter_revoked(f: AssessmentFacts, e: ResponsibilityLetter.Revoked, ref: FactRef) -> None:
    letter = f.letters[e.originator_id]
    letter.revoked_on = e.day
    letter.ref = ref


def _census(f: AssessmentFacts, e: HouseholdCensus.Counted, ref: FactRef) -> None:
    village_id = f.household_village[e.originator_id]
    f.households.setdefault(village_id, []).append((e.as_on, e.households))
    f.households[village_id].sort()
    f.household_refs[village_id] = ref


def _census_started(f: AssessmentFacts, e: HouseholdCensus.Started, ref: FactRef) -> None:
    f.household_village[e.originator_id] = e.village_id


def _report(f: AssessmentFacts, e: PublicReport.Submitted, ref: FactRef) -> None:
    f.reports[e.originator_id] = ReportFact(e.originator_id, ref, e.village_id, local_day(e.occurred_at))


def _report_stage(stage: ReportStage | None) -> Callable[[AssessmentFacts, Any, FactRef], None]:
    def handle(f: AssessmentFacts, e: Any, ref: FactRef) -> None:
        report = f.reports[e.originator_id]
        if stage is not None:
            report.stage = stage
        if isinstance(e, PublicReport.LinkedToProblem):
            report.problem_id = e.problem_id
        report.ref = ref

    return handle


def _closing(f: AssessmentFacts, e: MonthClosing.Closed, ref: FactRef) -> None:
    month = Month.parse(e.month)
    f.closings[month] = ClosingFact(month, ref, e.rule_version_id, e.as_of_position, e.ratings, e.rankings, e.digest)


def _sheet(f: AssessmentFacts, e: PaySheet.Drafted, ref: FactRef) -> None:
    kind, month = SheetKind(e.kind), Month.parse(e.month)
    lines = [PayLine.from_record(r) for r in e.lines]
    f.sheets[(kind, month)] = SheetFact(
        e.originator_id, ref, kind, month, SheetStatus.DRAFT, e.as_of_position, e.rule_version_id, lines
    )


def _sheet_of(f: AssessmentFacts, sheet_id: uuid.UUID) -> SheetFact:
    return next(s for s in f.sheets.values() if s.sheet_id == sheet_id)


def _sheet_redrafted(f: AssessmentFacts, e: PaySheet.Redrafted, ref: FactRef) -> None:
    sheet = _sheet_of(f, e.originator_id)
    sheet.lines = [PayLine.from_record(r) for r in e.lines]
    sheet.as_of_position, sheet.rule_version_id, sheet.ref = e.as_of_position, e.rule_version_id, ref


def _sheet_status(status: SheetStatus) -> Callable[[AssessmentFacts, Any, FactRef], None]:
    def handle(f: AssessmentFacts, e: Any, ref: FactRef) -> None:
        sheet = _sheet_of(f, e.originator_id)
        sheet.status, sheet.ref = status, ref

    return handle


def _bulletin(f: AssessmentFacts, e: QuarterBulletin.Published, ref: FactRef) -> None:
    f.bulletins[(e.year, e.quarter)] = ref


_HANDLERS: dict[type, Callable[[AssessmentFacts, Any, FactRef], None]] = {
    Township.Established: _township,
    Township.Renamed: _township,
    Village.Registered: _village,
    Village.GroupAdded: _village_group,
    Village.Renamed: _village_renamed,
    Person.Enrolled: _person,
    Person.RoleTaken: _role_taken,
    Person.RoleEnded: _role_ended,
    RuleBook.VersionAdopted: _rules,
    DailyPatrol.Recorded: _patrol,
    DailyPatrol.Corrected: _patrol_corrected,
    DailyPatrol.Withdrawn: _patrol_withdrawn,
    Problem.Registered: _problem,
    Problem.Assigned: _problem_step("assigned"),
    Problem.DeadlineExtended: _problem_step("extended"),
    Problem.Closed: _problem_step("closed"),
    Problem.Reopened: _problem_step("reopened"),
    Problem.Voided: _problem_step("voided"),
    ResponsibilityLetter.Drafted: _letter,
    ResponsibilityLetter.Signed: _letter_signed,
    ResponsibilityLetter.Renewed: _letter_renewed,
    ResponsibilityLetter.Revoked: _letter_revoked,
    HouseholdCensus.Started: _census_started,
    HouseholdCensus.Counted: _census,
    PublicReport.Submitted: _report,
    PublicReport.Confirmed: _report_stage(ReportStage.CONFIRMED),
    PublicReport.LinkedToProblem: _report_stage(None),
    PublicReport.RewardApproved: _report_stage(ReportStage.REWARD_APPROVED),
    PublicReport.RewardPaid: _report_stage(ReportStage.PAID),
    PublicReport.Rejected: _report_stage(ReportStage.REJECTED),
    MonthClosing.Closed: _closing,
    PaySheet.Drafted: _sheet,
    PaySheet.Redrafted: _sheet_redrafted,
    PaySheet.Approved: _sheet_status(SheetStatus.APPROVED),
    PaySheet.Paid: _sheet_status(SheetStatus.PAID),
    QuarterBulletin.Published: _bulletin,
}

#: The event topics the fold reads, so a reader can ask the store for these alone.
TOPICS = sorted(f"{cls.__module__}:{cls.__qualname__}" for cls in _HANDLERS)
