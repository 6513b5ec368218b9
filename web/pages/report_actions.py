"""The steps of a public report from the browser, each the API route of the same name (``reports.*``)."""

from __future__ import annotations

import json

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from taizhang.access.caller import Caller
from taizhang.commands.base import Outcome
from taizhang.documents.reports import ReportConfirm, ReportLink, ReportReason, ReportSubmit, RewardApprove, RewardPay
from web.actions import Refused, record_form
from web.forms import as_evidence, check_before_files, evidence_from, text, validated
from web.pages.reports import reachable, report_page, submit_page
from web.render import as_uuid
from web.workspace import Workspace

router = APIRouter()


def _on_report(report_id: str, failed: str) -> Refused:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return report_page(request, caller, report_id, status, message, form, failed)

    return again


@router.post("/reports")
async def submit(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        fields = {"village_id": as_uuid(text(form, "village_id")), "place": text(form, "place"),
                  "description": text(form, "description"), "reporter_name": text(form, "reporter_name"),
                  "reporter_contact": text(form, "reporter_contact")}
        check_before_files(ReportSubmit, **fields)
        body = validated(ReportSubmit, **fields, evidence=evidence_from(ws, caller, form))
        name, contact = body.reporter_name.strip(), body.reporter_contact.strip()
        identity = json.dumps({"name": name, "contact": contact}, ensure_ascii=False) if name or contact else None
        return ws.app.submit_public_report(body.village_id, body.place, body.description, as_evidence(body.evidence),
                                           caller.username, reporter=identity)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return submit_page(request, caller, status, message, form)

    return await record_form(request, "reports.submit", run, again, lambda o: f"/reports/{o.id}?done=submit")


@router.post("/reports/{report_id}/confirm")
async def confirm(request: Request, report_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        report = reachable(request, caller, report_id)
        body = validated(ReportConfirm, note=text(form, "note"))
        return ws.app.confirm_report(report.id, caller.username, body.note)

    return await record_form(request, "reports.confirm", run, _on_report(report_id, "confirm"),
                             f"/reports/{report_id}?done=confirm")


@router.post("/reports/{report_id}/link")
async def link(request: Request, report_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        report = reachable(request, caller, report_id)
        given = text(form, "problem_id")
        if as_uuid(given) is None:
            raise InvalidInput(f"问题编号“{given}”无法识别（须为完整编号）", f"cannot read problem id {given!r}")
        body = validated(ReportLink, problem_id=as_uuid(given))
        return ws.app.link_report_to_problem(report.id, body.problem_id, caller.username)

    return await record_form(request, "reports.link_problem", run, _on_report(report_id, "link"),
                             f"/reports/{report_id}?done=link")


@router.post("/reports/{report_id}/reward")
async def approve_reward(request: Request, report_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        report = reachable(request, caller, report_id)
        body = validated(RewardApprove, amount=text(form, "amount"))
        return ws.app.approve_report_reward(report.id, body.amount, caller.username)

    return await record_form(request, "reports.approve_reward", run, _on_report(report_id, "reward"),
                             f"/reports/{report_id}?done=reward")


@router.post("/reports/{report_id}/reward/paid")
async def pay_reward(request: Request, report_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        report = reachable(request, caller, report_id)
        body = validated(RewardPay, reference=text(form, "reference"))
        return ws.app.pay_report_reward(report.id, body.reference, caller.username)

    return await record_form(request, "reports.pay_reward", run, _on_report(report_id, "paid"),
                             f"/reports/{report_id}?done=paid")


@router.post("/reports/{report_id}/reject")
async def reject(request: Request, report_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        report = reachable(request, caller, report_id)
        body = validated(ReportReason, reason=text(form, "reason"))
        return ws.app.reject_report(report.id, body.reason, caller.username)

    return await record_form(request, "reports.reject", run, _on_report(report_id, "reject"),
                             f"/reports/{report_id}?done=reject")
