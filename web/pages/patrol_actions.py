"""The steps of a patrol from the browser, each the API route of the same name (``patrols.*``).

A refusal shows the form again with the township's words and what was typed (a photo must be taken again:
a browser never re-sends a file); nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.assessment.patrol import DailyPatrol
from domain.errors import InvalidInput, NotFound
from domain.people import Person
from domain.vocabulary import Role
from taizhang.access.caller import Caller
from taizhang.commands.base import Outcome
from taizhang.documents.assessment import FindingProblem, PatrolCorrect, PatrolCreate, Reason
from web.actions import Refused, record_form
from web.forms import expected_version, text, validated
from web.pages.patrols import form_page, patrol_page
from web.patrol_form import findings_from, kept_photos
from web.render import as_uuid
from web.timeview import parse_day
from web.workspace import Workspace

router = APIRouter()


def _id(form: FormData, name: str, what: str) -> Any:
    given = text(form, name)
    found = as_uuid(given)
    if given and found is None:
        raise InvalidInput(f"{what}无法识别，请重新选择", f"cannot read {name} {given!r}")
    return found


@router.post("/patrols")
async def record_patrol(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        day = parse_day(text(form, "day"), "巡查日期")
        fields = {"day": day, "village_id": _id(form, "village_id", "村"),
                  "inspector_id": _id(form, "inspector_id", "巡查人"),
                  "group_id": _id(form, "group_id", "村民小组"), "cleaner_id": _id(form, "cleaner_id", "保洁员"),
                  "area": text(form, "area")}
        if not fields["area"] and fields["cleaner_id"] and day:
            fields["area"] = cleaner_area(ws, fields["cleaner_id"], day)
        validated(PatrolCreate, **fields)  # everything but the photos, before any file is kept
        rules = ws.app.rule_version_on(day) if day else None
        assert rules is not None  # PatrolCreate requires the day
        findings = findings_from(ws, caller, form, rules)
        body = validated(PatrolCreate, **fields, findings=[f.as_record() for f in findings])
        return ws.app.record_patrol(body.day, body.village_id, body.inspector_id, findings, caller.username,
                                    group_id=body.group_id, cleaner_id=body.cleaner_id, area=body.area)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return form_page(request, caller, status, message, form)

    return await record_form(request, "patrols.record", run, again, lambda o: f"/patrols/{o.id}?done=record")


def cleaner_area(ws: Workspace, cleaner_id: Any, day: Any) -> str:
    """The cleaner's own area that day, when the inspector named none."""
    posts = ws.app.get(Person, cleaner_id, "保洁员").roles_on(day)
    return next((p.area for p in posts if p.role == Role.CLEANER and p.area), "")


def _patrol(ws: Workspace, patrol_id: str) -> DailyPatrol:
    found = as_uuid(patrol_id)
    if found is None:
        raise NotFound("找不到该巡查记录", f"no patrol {patrol_id!r}")
    return ws.app.patrol(found)


def _on_patrol(patrol_id: str, failed: str) -> Refused:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return patrol_page(request, caller, patrol_id, status, message, form, failed)

    return again


@router.post("/patrols/{patrol_id}/correct")
async def correct_patrol(request: Request, patrol_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        patrol = _patrol(ws, patrol_id)
        validated(Reason, reason=text(form, "reason"), expected_version=expected_version(form))
        findings = findings_from(ws, caller, form, ws.app.rule_version_on(patrol.day), kept_photos(patrol.findings))
        body = validated(PatrolCorrect, findings=[f.as_record() for f in findings], reason=text(form, "reason"),
                         expected_version=expected_version(form))
        return ws.app.correct_patrol(patrol.id, findings, body.reason, caller.username, body.expected_version)

    return await record_form(request, "patrols.correct", run, _on_patrol(patrol_id, "correct"),
                             f"/patrols/{patrol_id}?done=correct")


@router.post("/patrols/{patrol_id}/withdraw")
async def withdraw_patrol(request: Request, patrol_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        patrol = _patrol(ws, patrol_id)
        body = validated(Reason, reason=text(form, "reason"), expected_version=expected_version(form))
        return ws.app.withdraw_patrol(patrol.id, body.reason, caller.username, body.expected_version)

    return await record_form(request, "patrols.withdraw", run, _on_patrol(patrol_id, "withdraw"),
                             f"/patrols/{patrol_id}?done=withdraw")


@router.post("/patrols/{patrol_id}/findings/{number}/problem")
async def open_problem(request: Request, patrol_id: str, number: int) -> Response:
    """The finding registered in the problem ledger in one step; the browser goes to the new problem."""

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        patrol = _patrol(ws, patrol_id)
        body = validated(FindingProblem, category=text(form, "category"), place=text(form, "place"),
                         description=text(form, "description"), expected_version=expected_version(form))
        return ws.app.open_problem_from_finding(patrol.id, number, body.category, body.place, body.description,
                                                caller.username, body.expected_version)

    return await record_form(request, "patrols.open_problem", run, _on_patrol(patrol_id, f"problem-{number}"),
                             lambda o: f"/problems/{o.id}?done=register")
