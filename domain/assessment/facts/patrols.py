"""Facts of the daily patrols: the findings as last corrected, and whether the patrol was withdrawn."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.assessment.patrol import DailyPatrol
from domain.assessment.values import FactRef

if TYPE_CHECKING:
    from domain.assessment.facts.fold import AssessmentFacts


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


def _findings(records: list[dict[str, Any]]) -> dict[str, int]:
    return {r["item"]: int(r["count"]) for r in records}


def _patrol(f: AssessmentFacts, e: DailyPatrol.Recorded, ref: FactRef) -> None:
    f.put_patrol(PatrolFact(
        e.originator_id, ref, e.day, e.village_id, e.group_id, e.cleaner_id, e.area, _findings(e.findings)
    ))


def _patrol_corrected(f: AssessmentFacts, e: DailyPatrol.Corrected, ref: FactRef) -> None:
    patrol = f.patrols[e.originator_id]
    patrol.findings = _findings(e.findings)
    patrol.ref = ref


def _patrol_withdrawn(f: AssessmentFacts, e: DailyPatrol.Withdrawn, ref: FactRef) -> None:
    patrol = f.patrols[e.originator_id]
    patrol.withdrawn = True
    patrol.ref = ref


HANDLERS: dict[type, Callable[[AssessmentFacts, Any, FactRef], None]] = {
    DailyPatrol.Recorded: _patrol,
    DailyPatrol.Corrected: _patrol_corrected,
    DailyPatrol.Withdrawn: _patrol_withdrawn,
}
