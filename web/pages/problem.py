"""A problem's page (its whole timeline and the steps the viewer may take) and the registration form."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.account import AccessRole
from domain.acts import as_fact
from domain.errors import DomainError, InvalidInput, NotFound
from domain.problem import Problem
from domain.vocabulary import Category, Source
from projections.provenance import problem_ref
from taizhang.access.caller import Caller
from taizhang.access.objects import check_problem, check_source, check_village
from taizhang.access.reporters import ReporterShield
from taizhang.documents.problems import ProblemCreate, as_location, parse_location
from taizhang.store.photos import THUMBNAIL_TYPES, photo_location
from web.access import ACTION_ROUTES, check_page, may_act, may_see
from web.figures import encode_ref
from web.forms import as_evidence, check_before_files, evidence_from, occurred_at, text, validated
from web.render import as_uuid, now, redirect, render, villages
from web.session import check_csrf, require_caller, workspace_of
from web.timeline import steps_of
from web.timeview import TimeView, time_view

router = APIRouter()

# Which forms the page offers at each stage; the domain still decides, and its refusals are shown.
STAGE_ACTIONS = {
    "registered": ["assign", "void"],
    "assigned": ["rectification", "extend", "assign", "void"],
    "rectification_reported": ["verify", "extend", "void"],
    "verified": ["close", "void"],
    "closed": ["reopen", "void"],
    "reopened": ["rectification", "extend", "void"],
    "voided": [],
}
DONE = {"register": "已登记", "assign": "已交办", "extend": "已延期", "rectification": "已上报整改",
        "verify": "已记录验收结果", "close": "已销号", "reopen": "已重新打开", "void": "已作废"}


def reachable(request: Request, caller: Caller, problem_id: str) -> Problem:
    """The problem if the caller may see it; 404 otherwise, as if it did not exist."""
    check_page(caller, "problem")
    found = as_uuid(problem_id)
    if found is None:
        raise NotFound(f"找不到问题 {problem_id}", f"no problem {problem_id}")
    problem = workspace_of(request).app.problem(found)
    check_problem(caller, problem)
    return problem


def problem_page(
    request: Request, caller: Caller, problem: Problem, view: TimeView, *, status: int = 200,
    error: str | None = None, failed: str | None = None, form: FormData | None = None,
) -> Response:
    app = workspace_of(request).app
    shown = problem
    if view.as_of is not None:
        recorded = [e for e in map(as_fact, app.repository.event_store.get(problem.id)) if e.timestamp <= view.as_of]
        if not recorded:
            raise NotFound("所选时点尚无此问题的记录", "the problem was not recorded yet at that moment")
        shown = app.repository.get(problem.id, version=recorded[-1].originator_version)
    steps = steps_of(app, problem.id, view.as_of, villages(request), ReporterShield(app, caller),
                     workspace_of(request).names)
    before = steps[0].evidence if steps else []
    reported = [s for s in steps if s.topic == "Problem.RectificationReported"]
    after = reported[-1].evidence if reported else []
    actions = [] if view.is_past else [a for a in STAGE_ACTIONS[shown.stage.value] if may_act(caller.role, a)]
    village = next((v for v in villages(request) if v.id == shown.village_id), None)
    today = (view.as_of or now(request)).astimezone(app.local_zone).date()
    return render(
        request, "problem.html", status=status, view=view, problem=shown, steps=steps, actions=actions,
        village=village, overdue=shown.is_overdue_on(today), today=today, error=error, failed=failed,
        form=form or {}, may_audit=may_see(caller.role, "audit"),
        events_link=encode_ref(problem_ref(str(problem.id))) if may_see(caller.role, "provenance") else None,
        action_routes=ACTION_ROUTES, done=None if error else DONE.get(request.query_params.get("done", "")),
        before=before, after=after,
    )


@router.get("/problems/new")
def register_page(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "register")
    return registration_form(request, caller)


def registration_form(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                      form: Any = None) -> Response:
    sources = [Source.PUBLIC_REPORT] if caller.role == AccessRole.PUBLIC_REPORTER else list(Source)
    reachable_villages = [v for v in villages(request) if not caller.is_village_scoped or v.id == caller.village_id]
    return render(request, "register.html", status=status, sources=[s.value for s in sources],
                  categories=[c.value for c in Category], villages=reachable_villages, error=error, form=form or {})


@router.post("/problems")
async def register(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "register")
    await check_csrf(request)
    form = await request.form()
    workspace = workspace_of(request)
    app = workspace.app

    def record() -> uuid.UUID:
        source = _choice(form.get("source"), Source, "来源")
        category = _choice(form.get("category"), Category, "类别")
        village_id = as_uuid(str(form.get("village_id", "")))
        if village_id is None:
            raise InvalidInput("请选择问题所在的村", "choose the village")
        check_source(caller, source)
        check_village(caller, village_id)
        fields = {"source": source, "category": category, "village_id": village_id,
                  "group_id": as_uuid(str(form.get("group_id", ""))), "place": text(form, "place"),
                  "description": text(form, "description"), "occurred_at": occurred_at(form, app.local_zone)}
        fields["location"] = parse_location(text(form, "location"))
        check_before_files(ProblemCreate, **fields)
        kept = evidence_from(workspace, caller, form)
        if fields["location"] is None:  # a phone's photo often says where it was taken
            fields["location"] = location_in_photos(workspace, kept)
        body = validated(ProblemCreate, **fields, evidence=kept)
        outcome = app.register_problem(
            body.source, body.category, body.village_id, body.place, body.description, caller.username,
            occurred_at=body.occurred_at, evidence=as_evidence(body.evidence), group_id=body.group_id,
            location=as_location(body.location),
        )
        workspace.settle(outcome.position)
        return outcome.id

    try:
        problem_id = await run_in_threadpool(record)
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        return registration_form(request, caller, status=422, error=error.zh, form=form)
    return redirect(request, f"/problems/{problem_id}?done=register")


@router.get("/problems/{problem_id}")
async def show(request: Request, problem_id: str) -> Response:
    caller = require_caller(request)
    problem = await run_in_threadpool(reachable, request, caller, problem_id)
    view = time_view(request, workspace_of(request).app.local_zone)
    return await run_in_threadpool(problem_page, request, caller, problem, view)


def location_in_photos(workspace: Any, kept: list[dict[str, str]]) -> dict[str, str] | None:
    """The first uploaded photo's EXIF position, as the document takes coordinates; None if none has one."""
    for item in kept:
        if item["media_type"] not in THUMBNAIL_TYPES:
            continue
        found = photo_location(workspace.context.evidence.path_of(item["sha256"]))
        if found is not None:
            return {"latitude": f"{found[0]:.6f}", "longitude": f"{found[1]:.6f}"}
    return None


def _choice(value: Any, vocabulary: Any, what: str) -> Any:
    if value not in vocabulary._value2member_map_:
        raise InvalidInput(f"请选择{what}", f"choose the {what}")
    return vocabulary(value)
