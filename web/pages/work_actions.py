"""The steps of campaign work from the browser, each the API route of the same name (``work.*``), each form read
into the API's own input document (``taizhang.documents.work``) so the web refuses what the API refuses.

A form is sent to its list's own address (``/work?month=…&village=…``): a refusal shows the same list again
with the form as typed, and a recorded step goes back to it.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from taizhang.access.caller import Caller
from taizhang.commands.base import Outcome
from taizhang.documents.work import (
    CustodianChange,
    SewageStationCreate,
    ToiletSurveyIn,
    Withdrawal,
    WorkCorrect,
    WorkRecordCreate,
)
from web.actions import Refused, record_form
from web.forms import (
    as_evidence,
    check_before_files,
    evidence_from,
    expected_version,
    occurred_at,
    text,
    validated,
    whole_number,
)
from web.pages.work import facilities_page, work_page
from web.render import as_uuid
from web.workspace import Workspace

router = APIRouter()


def _id(given: str, what_zh: str, what: str) -> uuid.UUID:
    found = as_uuid(given)
    if found is None:
        raise InvalidInput(f"请选择{what_zh}", f"no {what} {given!r}")
    return found


def _listed(request: Request, path: str, done: str) -> str:
    kept = {k: v for k, v in request.query_params.items() if k in ("month", "village")}
    return f"{path}?{urlencode({**kept, 'done': done})}"


def _on_work(failed: str) -> Refused:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return work_page(request, caller, status, message, form, failed)

    return again


def _on_facilities(failed: str) -> Refused:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return facilities_page(request, caller, status, message, form, failed)

    return again


@router.post("/work")
async def record(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        village = text(form, "village_id")
        fields = {"indicator": text(form, "indicator"), "quantity": text(form, "quantity") or None,
                  "village_id": _id(village, "村", "village") if village else None, "place": text(form, "place"),
                  "note": text(form, "note"), "occurred_at": occurred_at(form, ws.app.local_zone)}
        check_before_files(WorkRecordCreate, **fields)
        body = validated(WorkRecordCreate, **fields, evidence=evidence_from(ws, caller, form))
        return ws.app.record_work(body.indicator, body.quantity, caller.username, village_id=body.village_id,
                                  place=body.place, note=body.note, evidence=as_evidence(body.evidence),
                                  occurred_at=body.occurred_at)

    return await record_form(request, "work.record", run, _on_work("record"), _listed(request, "/work", "record"))


@router.post("/work/{record_id}/correct")
async def correct(request: Request, record_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(WorkCorrect, quantity=text(form, "quantity") or None, reason=text(form, "reason"),
                         expected_version=expected_version(form))
        return ws.app.correct_work(_id(record_id, "工作记录", "work record"), body.quantity, body.reason,
                                   caller.username, expected_version=body.expected_version)

    return await record_form(request, "work.correct", run, _on_work(f"correct-{record_id}"),
                             _listed(request, "/work", "correct"))


@router.post("/work/{record_id}/withdraw")
async def withdraw(request: Request, record_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(Withdrawal, reason=text(form, "reason"), expected_version=expected_version(form))
        return ws.app.withdraw_work(_id(record_id, "工作记录", "work record"), body.reason, caller.username,
                                    expected_version=body.expected_version)

    return await record_form(request, "work.withdraw", run, _on_work(f"withdraw-{record_id}"),
                             _listed(request, "/work", "withdraw"))


@router.post("/work/toilet-surveys")
async def survey(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        village = _id(text(form, "village_id"), "村", "village")
        body = validated(ToiletSurveyIn, households=whole_number(form, "households", "农户总数"),
                         renovated=whole_number(form, "renovated", "已改厕户数"),
                         pending=whole_number(form, "pending", "待改厕户数"),
                         reason=text(form, "reason"), occurred_at=occurred_at(form, ws.app.local_zone))
        return ws.app.survey_toilets(village, body.households, body.renovated, body.pending, caller.username,
                                     body.reason, body.occurred_at)

    return await record_form(request, "work.survey_toilets", run, _on_facilities("survey"),
                             "/work/facilities?done=survey")


@router.post("/work/sewage-stations")
async def build(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(SewageStationCreate, village_id=_id(text(form, "village_id"), "村", "village"),
                         name=text(form, "name"), custodian_id=_id(text(form, "custodian_id"), "管护人", "custodian"),
                         care_posts=whole_number(form, "care_posts", "管护岗数"),
                         occurred_at=occurred_at(form, ws.app.local_zone))
        return ws.app.build_sewage_station(body.village_id, body.name, body.custodian_id, body.care_posts,
                                           caller.username, body.occurred_at)

    return await record_form(request, "work.build_sewage_station", run, _on_facilities("station"),
                             "/work/facilities?done=station")


@router.post("/work/sewage-stations/{station_id}/custodian")
async def change_custodian(request: Request, station_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(CustodianChange, custodian_id=_id(text(form, "custodian_id"), "新管护人", "custodian"),
                         reason=text(form, "reason"), expected_version=expected_version(form))
        return ws.app.change_station_custodian(_id(station_id, "污水处理站", "station"), body.custodian_id,
                                               body.reason, caller.username, body.expected_version)

    return await record_form(request, "work.change_custodian", run, _on_facilities(f"custodian-{station_id}"),
                             "/work/facilities?done=custodian")
