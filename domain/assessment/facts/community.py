"""Facts of the community's part: responsibility letters, household counts and rewarded public reports."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.assessment.letters import HouseholdCensus, LetterKind, ResponsibilityLetter, Term, letter_in_force
from domain.assessment.reports import PublicReport, ReportStage
from domain.assessment.values import FactRef
from domain.local_time import local_day

if TYPE_CHECKING:
    from domain.assessment.facts.fold import AssessmentFacts


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


HANDLERS: dict[type, Callable[[AssessmentFacts, Any, FactRef], None]] = {
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
}
