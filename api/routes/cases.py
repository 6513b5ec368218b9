"""Accountability cases (约谈 / 通报批评 / 问责): the triggers that fired, the cases on record, and each step."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from api.deps import AppDep, CallerDep
from api.reading import AsOfQuery, ReadStoreDep, aware
from api.routes import resource_router, result
from api.routes.ledger import snapshot_public
from api.routes.problems import evidence
from api.schemas.common import CommandResult
from api.schemas.readmodels import SnapshotPublic
from projections.cases import CaseQueries
from taizhang import cases_desk
from taizhang.documents.cases import CaseNote, CaseOpen, CommitmentIn, EscalationIn, FollowUpIn, InterviewIn
from taizhang.inspection import FlagNames

router = resource_router("/cases", "cases")


class TriggerList(BaseModel):
    triggers: list[dict[str, Any]]


class CaseList(BaseModel):
    snapshot: SnapshotPublic
    total: int
    cases: list[dict[str, Any]]


class CaseDetail(BaseModel):
    snapshot: SnapshotPublic
    case: dict[str, Any]
    steps: list[dict[str, Any]]
    events: list[dict[str, Any]]


@router.get("/triggers", name="cases.list_triggers", response_model=TriggerList)
def triggers(store: ReadStoreDep, app: AppDep) -> TriggerList:
    """The rule book's triggers that have fired and have no case yet, each with who held the posts then."""
    with app.facts_held():  # one fold of the assessment facts for every trigger, kept from the last one
        return TriggerList(triggers=[
            {"key": t.key, "kind": t.kind.value, "kind_label": t.label, "village_id": t.village_id,
             "day": t.day.isoformat(), "reason": t.reason, "cites": list(t.cites),
             "respondents": cases_desk.respondents(app, t)}
            for t in cases_desk.fired(app, store)
        ])


@router.get("", name="cases.list", response_model=CaseList)
def list_cases(
    store: ReadStoreDep,
    as_of: AsOfQuery = None,
    limit: Annotated[int | None, Query(ge=1, le=1000, description="a page of this many, newest first")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    open_only: Annotated[bool, Query(description="only cases not closed (escalated ones among them)")] = False,
) -> CaseList:
    """The cases as the record stood at ``as_of`` (now, when not given), newest first, with the events behind each."""
    page = CaseQueries(store).page(aware(as_of), limit, offset, open_only)
    return CaseList(snapshot=snapshot_public(page.snapshot), total=page.total,
                    cases=[c.as_summary() for c in page.cases])


@router.get("/{case_id}", name="cases.get", response_model=CaseDetail)
def case_detail(case_id: uuid.UUID, store: ReadStoreDep, app: AppDep, as_of: AsOfQuery = None) -> CaseDetail:
    """One case as the record stood at ``as_of``: each step as recorded, and every event behind it."""
    queries = CaseQueries(store)
    case, snap = queries.case(case_id, aware(as_of))
    names = FlagNames(app)
    steps = [{"position": s.position, "kind": s.kind, "actor": names.person(s.actor),
              "occurred_at": s.occurred_at.isoformat(), "recorded_at": s.recorded_at.isoformat(), **s.detail}
             for s in case.steps]
    events = [{"position": e.position, "event_type": e.event_type, "aggregate_id": e.aggregate_id,
               "version": e.version, "actor": names.person(e.actor) if e.actor else None,
               "occurred_at": e.occurred_at.isoformat() if e.occurred_at else None,
               "recorded_at": e.recorded_at.isoformat()}
              for e in queries.events(case.positions, snap)]
    return CaseDetail(snapshot=snapshot_public(snap), case=case.as_summary(), steps=steps, events=events)


@router.post("", name="cases.open", status_code=201)
def open_case(body: CaseOpen, store: ReadStoreDep, app: AppDep, caller: CallerDep) -> CommandResult:
    """Open the case of a trigger that has fired, against those who held the responsible posts on its day."""
    return result(cases_desk.open_case(app, store, body.trigger_key, caller.username))


@router.post("/{case_id}/interview", name="cases.interview")
def interview(case_id: uuid.UUID, body: InterviewIn, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record the 约谈: when, who attended, the minutes and the signed record."""
    return result(app.hold_interview(case_id, body.held_on, list(body.attendees), body.minutes,
                                     evidence(body.evidence), caller.username))


@router.post("/{case_id}/commitment", name="cases.commit")
def commitment(case_id: uuid.UUID, body: CommitmentIn, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record what the respondents committed to, and by when."""
    return result(app.make_commitment(case_id, body.what, body.due, caller.username))


@router.post("/{case_id}/follow-up", name="cases.follow_up")
def follow_up(case_id: uuid.UUID, body: FollowUpIn, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record whether the follow-up found the commitment met."""
    return result(app.check_follow_up(case_id, body.met, body.note, caller.username))


@router.post("/{case_id}/close", name="cases.close")
def close(case_id: uuid.UUID, body: CaseNote, app: AppDep, caller: CallerDep) -> CommandResult:
    """Close a case whose commitment was met; not by whoever opened it."""
    return result(app.close_case(case_id, body.note, caller.username))


@router.post("/{case_id}/escalate", name="cases.escalate")
def escalate(case_id: uuid.UUID, body: EscalationIn, app: AppDep, caller: CallerDep) -> CommandResult:
    """Escalate: 通报批评 (notice_criticism) or refer to the county (county)."""
    return result(app.escalate_case(case_id, body.to, body.reason, caller.username))
