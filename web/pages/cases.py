"""问责: the triggers that have fired without a case, and the cases on record with their steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.acts import as_fact
from domain.cases.case import CASE_STAGE_LABELS, ESCALATION_LABELS, AccountabilityCase, Escalation
from domain.cases.triggers import TRIGGER_LABELS, Trigger, TriggerKind
from domain.words import event_word
from taizhang import cases_desk
from web.access import check_page
from web.render import render, village_names
from web.session import require_caller, workspace_of

router = APIRouter()


@dataclass(frozen=True)
class ShownCase:
    case: AccountabilityCase
    kind: str
    stage: str
    village: str
    respondents: str
    steps: list[dict[str, Any]]


def respondents(people: list[dict[str, str]]) -> str:
    return "、".join(f"{p['name']}（{cases_desk.role_word(p['role'])}）" if p["role"] else p["name"] for p in people)


def cases_page(request: Request) -> Response:
    workspace = workspace_of(request)
    app, store = workspace.app, workspace.reads
    villages = village_names(request)
    fired: list[tuple[Trigger, str]] = [(t, respondents(cases_desk.respondents(app, t)))
                                        for t in cases_desk.fired(app, store)]
    shown = []
    for case in cases_desk.cases_on_record(app, store):
        stage = CASE_STAGE_LABELS[case.stage] + "".join(
            f"（{ESCALATION_LABELS[Escalation(e)]}）" for e in case.escalations)
        steps = [{"what": event_word(type(e).__qualname__), "who": workspace.names.name(e.actor),
                  "recorded_at": e.timestamp}
                 for e in map(as_fact, app.events.get(case.id))]
        shown.append(ShownCase(case, TRIGGER_LABELS[TriggerKind(case.trigger_kind)], stage,
                               villages.get(str(case.village_id), "") if case.village_id else "",
                               respondents(case.respondents), steps))
    return render(request, "cases.html", fired=fired, cases=shown, villages=villages)


@router.get("/cases")
async def cases(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "cases")
    return await run_in_threadpool(cases_page, request)
