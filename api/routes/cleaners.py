"""A cleaner's own month (日巡查, 月评比, 奖金): what the township's readers see of any cleaner, and a
cleaner of themselves only (the person their account names)."""

from __future__ import annotations

import uuid

from api.deps import AppDep, CallerDep
from api.figures import facts_link
from api.reading import AsOfQuery, ReadStoreDep, aware
from api.routes import resource_router
from api.routes.assessment import MonthPath
from api.routes.ledger import snapshot_public
from api.routes.pay import pay_line_public, rating_public
from api.schemas.cleaners import CleanerMonthPublic, ItemScorePublic, PatrolPublic
from domain.assessment.values import Month
from domain.people import Person
from projections.assessment_queries import AssessmentQueries
from projections.cleaner_month import ScoredPatrol, cleaner_month
from taizhang.access.own_rows import check_cleaner

router = resource_router("/cleaners", "pay")


@router.get("/{person_id}/months/{month}", name="cleaners.month")
def get_cleaner_month(
    person_id: uuid.UUID, month: MonthPath, store: ReadStoreDep, app: AppDep, caller: CallerDep,
    as_of: AsOfQuery = None,
) -> CleanerMonthPublic:
    """One cleaner's month as of ``as_of``: patrols of their area and each one's score, the rating, the bonus lines."""
    check_cleaner(caller, person_id)
    person = app.get(Person, person_id, "人员")
    answer = cleaner_month(AssessmentQueries(store), person_id, Month.parse(month), aware(as_of))
    position = answer.snapshot.position
    return CleanerMonthPublic(
        person_id=person_id, person_name=person.name, month=month, snapshot=snapshot_public(answer.snapshot),
        frozen=answer.frozen, rule_version_id=answer.rule_version_id,
        patrols=[patrol_public(p, position) for p in answer.patrols],
        rating=rating_public(answer.rating, person.name, position) if answer.rating else None,
        sheet_status=answer.sheet_status, bonus_lines=[pay_line_public(line, position) for line in answer.lines],
    )


def patrol_public(scored: ScoredPatrol, position: int) -> PatrolPublic:
    p, score = scored.patrol, scored.score
    return PatrolPublic(
        patrol_id=p.patrol_id, day=p.day, village_id=p.village_id, area=p.area, withdrawn=p.withdrawn,
        score=score.score if score else None, full_score=score.full_score if score else None,
        items=[ItemScorePublic(code=i.code, name=i.name, full_points=i.full_points, findings=i.findings,
                               deducted=i.deducted, score=i.score) for i in score.items] if score else [],
        provenance=facts_link([p.ref], position),
    )
