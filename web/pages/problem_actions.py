"""The steps a viewer may take on a problem, each a form POST; a refusal re-shows the page with its reason."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError, InvalidInput, NotFound
from domain.problem import Problem
from domain.vocabulary import UnitKind, VoidKind
from taizhang.access.caller import Caller
from taizhang.access.refusals import NotPermitted
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome
from taizhang.http_status import status_of
from web.access import ACTION_ROUTES, may_act
from web.forms import deadline, evidence_from, occurred_at, resources, text
from web.pages.problem import problem_page, reachable
from web.render import as_uuid, redirect
from web.session import check_csrf, require_caller, workspace_of
from web.timeview import TimeView
from web.workspace import Workspace

router = APIRouter()
Step = Callable[[Workspace, Caller, Problem, FormData, int | None], Outcome]


def _assign(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    group = as_uuid(text(form, "group_id"))
    kind, unit = (UnitKind.GROUP, group) if group else (UnitKind.VILLAGE, problem.village_id)
    return ws.app.assign_problem(problem.id, deadline(form), caller.username, occurred_at(form, ws.app.local_zone),
                                 unit_kind=kind, unit_id=unit, note=text(form, "note"), expected_version=version)


def _extend(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    return ws.app.extend_deadline(problem.id, deadline(form), text(form, "reason"), text(form, "approver"),
                                  caller.username, occurred_at(form, ws.app.local_zone), version)


def _rectification(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    used = resources(form)
    return ws.app.report_rectification(problem.id, text(form, "description"), evidence_from(ws, form), used,
                                       caller.username, occurred_at(form, ws.app.local_zone), version)


def _verify(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    app: Taizhang = ws.app
    when = occurred_at(form, app.local_zone)
    outcome = text(form, "outcome")
    if outcome == "pass":
        return app.pass_verification(problem.id, caller.username, when, text(form, "note"), version)
    if outcome == "send_back":
        return app.send_back(problem.id, text(form, "reason"), caller.username, when, version)
    raise InvalidInput("请选择验收结果：通过或退回", "choose pass or send back")


def _close(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    return ws.app.close_problem(problem.id, caller.username, occurred_at(form, ws.app.local_zone),
                                text(form, "note"), version)


def _reopen(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    return ws.app.reopen_problem(problem.id, text(form, "reason"), deadline(form), caller.username,
                                 occurred_at(form, ws.app.local_zone), version)


def _void(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    kind = text(form, "kind")
    if kind not in VoidKind._value2member_map_:
        raise InvalidInput("请选择作废类型：重复登记或误登记", "choose duplicate or mistake")
    original = text(form, "original_id")
    original_id = as_uuid(original)
    if original and original_id is None:
        raise InvalidInput(f"原问题编号“{original}”无法识别（须为完整编号）", f"cannot read problem id {original!r}")
    return ws.app.void_problem(problem.id, VoidKind(kind), text(form, "reason"), caller.username, original_id,
                               occurred_at(form, ws.app.local_zone), version)


STEPS: dict[str, Step] = {
    "assign": _assign, "extend": _extend, "rectification": _rectification, "verify": _verify,
    "close": _close, "reopen": _reopen, "void": _void,
}


@router.post("/problems/{problem_id}/{action}")
async def take_step(request: Request, problem_id: str, action: str) -> Response:
    caller = require_caller(request)
    if action not in STEPS:
        raise NotFound("没有这个操作", f"no action {action!r}")
    problem = await run_in_threadpool(reachable, request, caller, problem_id)
    await check_csrf(request)
    if not may_act(caller.role, action):
        raise NotPermitted("你的账号无权进行此操作", f"role {caller.role} may not {ACTION_ROUTES[action]}")
    form = await request.form()
    workspace = workspace_of(request)
    seen = text(form, "expected_version")
    version = int(seen) if seen.isdigit() else None

    def run() -> Outcome:
        outcome = STEPS[action](workspace, caller, problem, form, version)
        workspace.settle(outcome.position)
        return outcome

    try:
        await run_in_threadpool(run)
    except DomainError as error:
        if isinstance(error, NotPermitted):
            raise
        fresh = await run_in_threadpool(workspace.app.problem, problem.id)
        status, message = status_of(error), error.zh  # bound now: ``error`` is unbound when the except block ends
        return await run_in_threadpool(
            lambda: problem_page(request, caller, fresh, TimeView(None, ""), status=status, error=message,
                                 failed=action, form=form)
        )
    return redirect(request, f"/problems/{problem.id}?done={action}")

