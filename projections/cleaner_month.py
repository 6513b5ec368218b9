"""One cleaner's month as the record stood at one position: the patrols of their area with each
patrol's score, their monthly rating (月评比) and their lines on the month's bonus sheet.

The three parts are read at one position, so they agree with each other and with the other pages
showing the same moment. A closed month's rating is the frozen one; a patrol corrected after the
closing shows its corrected findings here and reaches pay as an adjustment line in a later month.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from domain.assessment.facts import PatrolFact
from domain.assessment.paysheet import PayLine, SheetKind
from domain.assessment.scoring import PatrolScore, patrol_score
from domain.assessment.values import Month
from projections.assessment_queries import AssessmentQueries
from projections.assessment_reader import FactsReader
from projections.snapshot import AsOf, Snapshot


@dataclass(frozen=True)
class ScoredPatrol:
    patrol: PatrolFact
    score: PatrolScore | None  # None for a withdrawn patrol: cited, never scored


@dataclass(frozen=True)
class CleanerMonth:
    person_id: uuid.UUID
    month: Month
    snapshot: Snapshot
    frozen: bool
    rule_version_id: str
    patrols: list[ScoredPatrol]
    rating: dict[str, Any] | None
    sheet_status: str  # draft, approved, paid; before drafting: due or provisional
    lines: list[PayLine]


def cleaner_month(queries: AssessmentQueries, person_id: uuid.UUID, month: Month, as_of: AsOf = None) -> CleanerMonth:
    answer = queries.month(month, as_of)
    position = answer.snapshot.position  # the rest is read at the position the month was answered from
    with queries.store.reading() as tx:
        facts = FactsReader(tx, position).month(month)
    rules = facts.rule_version_on(month.first_day)
    own = [p for p in facts.patrols_in(month) if p.cleaner_id == person_id]
    patrols = [ScoredPatrol(p, None if p.withdrawn else patrol_score(p, rules))
               for p in sorted(own, key=lambda p: (p.day, p.ref))]
    rating = next((r for r in answer.ratings if r["cleaner_id"] == str(person_id)), None)
    sheet = queries.pay_sheet(SheetKind.CLEANER_BONUS, month, position)
    status = sheet.sheet.status.value if sheet.sheet else sheet.basis
    lines = [line for line in sheet.lines if line.person_id == person_id]
    return CleanerMonth(person_id, month, answer.snapshot, answer.frozen, answer.rule_version_id, patrols, rating,
                        status, lines)
