"""The steps a viewer may take on a problem, each a form POST; a refusal re-shows the page with its reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.acts import Resources
from domain.errors import DomainError, InvalidInput, NotFound
from domain.problem import Problem
from domain.vocabulary import UnitKind, VoidKind
from taizhang.access.caller import Caller
from taizhang.access.refusals import NotPermitted
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome
from taizhang.commands.problems import DeadlineRequest
from taizhang.documents.problems import (
    DeadlineExtend,
    DeadlineIn,
    ProblemAssign,
    ProblemClose,
    ProblemReopen,
    ProblemVoid,
    RectificationReport,
    Verification,
)
from taizhang.http_status import status_of
from web.access import ACTION_ROUTES, may_act
from web.forms import (
    as_evidence,
    check_before_files,
    deadline,
    evidence_from,
    expected_version,
    occurred_at,
    resources,
    text,
    validated,
)
from web.pages.problem import problem_page, reachable
from web.render import as_uuid, redirect
from web.session import check_csrf, require_caller, workspace_of
from web.timeview import TimeView
from web.workspace import Workspace

router = APIRouter()
Step = Callable[[Workspace, Caller, Problem, FormData, int | None], Outcome]


def _when(ws: Workspace, form: FormData) -> Any:
    return occurred_at(form, ws.app.local_zone)


def _assign(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    group = as_uuid(text(form, "group_id"))
    kind, unit = (UnitKind.GROUP, group) if group else (UnitKind.VILLAGE, problem.village_id)
    body = validated(ProblemAssign, deadline=deadline(form), unit_kind=kind, unit_id=unit, note=text(form, "note"),
                     occurred_at=_when(ws, form), expected_version=version)
    return ws.app.assign_problem(problem.id, _deadline(body.deadline), caller.username, body.occurred_at,
                                 unit_kind=body.unit_kind, unit_id=body.unit_id, note=body.note,
                                 expected_version=body.expected_version)


def _extend(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    body = validated(DeadlineExtend, deadline=deadline(form), reason=text(form, "reason"),
                     approver=text(form, "approver"), occurred_at=_when(ws, form), expected_version=version)
    return ws.app.extend_deadline(problem.id, _deadline(body.deadline), body.reason, body.approver,
                                  caller.username, body.occurred_at, body.expected_version)


def _rectification(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    fields = {"description": text(form, "description"), "resources": resources(form),
              "occurred_at": _when(ws, form), "expected_version": version}
    check_before_files(RectificationReport, **fields)
    body = validated(RectificationReport, **fields, evidence=evidence_from(ws, caller, form))
    used = Resources(**body.resources.model_dump())
    return ws.app.report_rectification(problem.id, body.description, as_evidence(body.evidence), used,
                                       caller.username, body.occurred_at, body.expected_version)


def _verify(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    app: Taizhang = ws.app
    outcome = text(form, "outcome")
    if outcome not in ("pass", "send_back"):
        raise InvalidInput("请选择验收结果：通过或退回", "choose pass or send back")
    body = validated(Verification, outcome=outcome, note=text(form, "note"), reason=text(form, "reason"),
                     occurred_at=_when(ws, form), expected_version=version)
    if body.outcome == "pass":
        return app.pass_verification(problem.id, caller.username, body.occurred_at, body.note, body.expected_version)
    return app.send_back(problem.id, body.reason, caller.username, body.occurred_at, body.expected_version)


def _close(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    body = validated(ProblemClose, note=text(form, "note"), occurred_at=_when(ws, form), expected_version=version)
    return ws.app.close_problem(problem.id, caller.username, body.occurred_at, body.note, body.expected_version)


def _reopen(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    body = validated(ProblemReopen, reason=text(form, "reason"), deadline=deadline(form),
                     occurred_at=_when(ws, form), expected_version=version)
    return ws.app.reopen_problem(problem.id, body.reason, _deadline(body.deadline), caller.username,
                                 body.occurred_at, body.expected_version)


def _void(ws: Workspace, caller: Caller, problem: Problem, form: FormData, version: int | None) -> Outcome:
    kind = text(form, "kind")
    if kind not in VoidKind._value2member_map_:
        raise InvalidInput("请选择作废类型：重复登记或误登记", "choose duplicate or mistake")
    original = text(form, "original_id")
    original_id = as_uuid(original)
    if original and original_id is None:
        raise InvalidInput(f"原问题编号“{original}”无法识别（须为完整编号）", f"cannot read problem id {original!r}")
    body = validated(ProblemVoid, kind=kind, reason=text(form, "reason"), original_id=original_id,
                     occurred_at=_when(ws, form), expected_version=version)
    return ws.app.void_problem(problem.id, body.kind, body.reason, caller.username, body.original_id,
                               body.occurred_at, body.expected_version)


def _deadline(given: DeadlineIn) -> DeadlineRequest:
    return DeadlineRequest(due=given.due, working_days=given.working_days)


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
    version = expected_version(form)

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

