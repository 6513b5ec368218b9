"""The steps of an accountability case from the 问责 page, each the API route of the same name.

An inspector opens the case of a fired trigger, records the 约谈 (with its signed record or photos),
the commitment, the follow-up, and closes it — the domain refuses a close by whoever opened it, or of
a commitment not met — or escalates it to 通报批评 or the county.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import NotFound
from taizhang import cases_desk
from taizhang.access.caller import Caller
from taizhang.commands.base import Outcome
from taizhang.documents.cases import CaseNote, CaseOpen, CommitmentIn, EscalationIn, FollowUpIn, InterviewIn
from web.actions import Refused, record_form
from web.forms import as_evidence, check_before_files, evidence_from, text, validated
from web.pages.cases import cases_page
from web.render import as_uuid
from web.timeview import parse_day
from web.workspace import Workspace

router = APIRouter()


def _again(failed: str) -> Refused:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return cases_page(request, status, message, form, failed)

    return again


def _case(case_id: str) -> uuid.UUID:
    """The case's id from the path; a malformed one is a case that does not exist."""
    found = as_uuid(case_id)
    if found is None:
        raise NotFound("找不到该问责案件", f"no case {case_id}")
    return found


def _lines(form: FormData, name: str) -> list[str]:
    return [line.strip() for line in text(form, name).replace("、", "\n").splitlines() if line.strip()]


@router.post("/cases")
async def open_case(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(CaseOpen, trigger_key=text(form, "trigger_key"))
        with ws.app.facts_held():
            return cases_desk.open_case(ws.app, ws.reads, body.trigger_key, caller.username)

    return await record_form(request, "cases.open", run, _again("open"),
                             lambda o: f"/cases?done=open&case={o.id}#case-{o.id}")


@router.post("/cases/{case_id}/interview")
async def interview(request: Request, case_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        fields = {"held_on": parse_day(text(form, "held_on"), "约谈日期"), "attendees": _lines(form, "attendees"),
                  "minutes": text(form, "minutes")}
        check_before_files(InterviewIn, **fields)  # no photo is kept for a form refused for its words
        body = validated(InterviewIn, **fields, evidence=evidence_from(ws, caller, form))
        return ws.app.hold_interview(_case(case_id), body.held_on, list(body.attendees), body.minutes,
                                     as_evidence(body.evidence), caller.username)

    return await record_form(request, "cases.interview", run, _again(f"interview-{case_id}"),
                             f"/cases?done=interview&case={case_id}#case-{case_id}")


@router.post("/cases/{case_id}/commitment")
async def commitment(request: Request, case_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(CommitmentIn, what=text(form, "what"), due=parse_day(text(form, "due"), "承诺期限"))
        return ws.app.make_commitment(_case(case_id), body.what, body.due, caller.username)

    return await record_form(request, "cases.commit", run, _again(f"commit-{case_id}"),
                             f"/cases?done=commit&case={case_id}#case-{case_id}")


@router.post("/cases/{case_id}/follow-up")
async def follow_up(request: Request, case_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(FollowUpIn, met=text(form, "met"), note=text(form, "note"))
        return ws.app.check_follow_up(_case(case_id), body.met, body.note, caller.username)

    return await record_form(request, "cases.follow_up", run, _again(f"follow-up-{case_id}"),
                             f"/cases?done=follow-up&case={case_id}#case-{case_id}")


@router.post("/cases/{case_id}/close")
async def close(request: Request, case_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(CaseNote, note=text(form, "note"))
        return ws.app.close_case(_case(case_id), body.note, caller.username)

    return await record_form(request, "cases.close", run, _again(f"close-{case_id}"),
                             f"/cases?done=close&case={case_id}#case-{case_id}")


@router.post("/cases/{case_id}/escalate")
async def escalate(request: Request, case_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(EscalationIn, to=text(form, "to"), reason=text(form, "reason"))
        return ws.app.escalate_case(_case(case_id), body.to, body.reason, caller.username)

    return await record_form(request, "cases.escalate", run, _again(f"escalate-{case_id}"),
                             f"/cases?done=escalate&case={case_id}#case-{case_id}")
