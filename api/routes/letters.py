"""Responsibility letters (目标责任书, 门前五包), household counts and 门前五包 coverage per village.

A village cadre manages their own village's household (门前五包) letters; a target letter between
the township and the village, or another village's letter, is outside their reach (404).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from api.deps import AppDep, CallerDep, IfMatchDep, expected_version
from api.figures import facts_link
from api.reading import AsOfQuery, ReadStoreDep, aware
from api.routes import resource_router, result
from api.routes.ledger import snapshot_public, today
from api.schemas.common import CommandResult
from api.schemas.pay import CoveragePublic
from domain.assessment.letters import ResponsibilityLetter
from domain.errors import NotFound
from projections.assessment_queries import AssessmentQueries
from taizhang.access.caller import Caller
from taizhang.access.objects import check_letter, check_letter_draft, check_village
from taizhang.application import Taizhang
from taizhang.documents.assessment import HouseholdCount, LetterCreate, LetterRenew, LetterRevoke, LetterSign
from taizhang.documents.base import Day

letters = resource_router("/letters", "letters")
villages = resource_router("/villages", "letters")


def reachable(app: Taizhang, caller: Caller, letter_id: uuid.UUID) -> ResponsibilityLetter:
    letter = app.letter(letter_id)
    check_letter(caller, letter)
    return letter


@letters.post("", status_code=201, name="letters.draft")
def draft_letter(body: LetterCreate, app: AppDep, caller: CallerDep) -> CommandResult:
    """Draft a letter: township↔village targets, or village↔household 门前五包 (a cadre: their village's)."""
    check_letter_draft(caller, body.village_id, body.kind)
    return result(app.draft_letter(body.kind, body.village_id, list(body.targets), body.period_start, body.period_end,
                                   caller.username, household=body.household))


@letters.post("/{letter_id}/sign", name="letters.sign")
def sign_letter(
    letter_id: uuid.UUID, body: LetterSign, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """One side signs (first: 甲方, second: 乙方); the term is in force once both have."""
    reachable(app, caller, letter_id)
    return result(app.sign_letter(letter_id, body.side, body.signatory, body.day, caller.username,
                                  expected_version(if_match, body.expected_version)))


@letters.post("/{letter_id}/renew", name="letters.renew")
def renew_letter(
    letter_id: uuid.UUID, body: LetterRenew, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """A new term (by default with the same targets); both sides sign it again."""
    reachable(app, caller, letter_id)
    targets = list(body.targets) if body.targets is not None else None
    return result(app.renew_letter(letter_id, body.period_start, body.period_end, caller.username, targets,
                                   expected_version(if_match, body.expected_version)))


@letters.post("/{letter_id}/revoke", name="letters.revoke")
def revoke_letter(
    letter_id: uuid.UUID, body: LetterRevoke, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Revoke the letter from a day, with a reason; it stays on record."""
    reachable(app, caller, letter_id)
    return result(app.revoke_letter(letter_id, body.day, body.reason, caller.username,
                                    expected_version(if_match, body.expected_version)))


@villages.post("/{village_id}/households", name="villages.count_households")
def count_households(village_id: uuid.UUID, body: HouseholdCount, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record the village's household count on a date (the denominator of 门前五包 coverage)."""
    return result(app.count_households(village_id, body.households, body.as_on, body.source, caller.username))


@villages.get("/{village_id}/coverage", name="villages.coverage")
def coverage(
    village_id: uuid.UUID,
    store: ReadStoreDep,
    app: AppDep,
    caller: CallerDep,
    on: Annotated[Day | None, Query(description="the day (today when omitted)")] = None,
    as_of: AsOfQuery = None,
) -> CoveragePublic:
    """门前五包 coverage: households with a letter in force over households counted, on a day."""
    check_village(caller, village_id)
    day = on or today(app)
    found, snap = AssessmentQueries(store).coverage(day, aware(as_of), village_id)
    if not found:
        raise NotFound(f"找不到村 {village_id}", f"no village {village_id}")
    [c] = found
    return CoveragePublic(
        village_id=c.village_id, village_name=c.village_name, on=day, signed=c.signed, households=c.households,
        percent=c.percent, snapshot=snapshot_public(snap), provenance=facts_link(c.refs, snap.position),
    )
