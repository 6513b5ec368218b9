"""Facts of the problems a village answers for: the dated steps that make one overdue, reopened or closed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.assessment.values import FactRef, Month
from domain.local_time import local_day
from domain.problem import Problem

if TYPE_CHECKING:
    from domain.assessment.facts.fold import AssessmentFacts


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


HANDLERS: dict[type, Callable[[AssessmentFacts, Any, FactRef], None]] = {
    Problem.Registered: _problem,
    Problem.Assigned: _problem_step("assigned"),
    Problem.DeadlineExtended: _problem_step("extended"),
    Problem.Closed: _problem_step("closed"),
    Problem.Reopened: _problem_step("reopened"),
    Problem.Voided: _problem_step("voided"),
}
