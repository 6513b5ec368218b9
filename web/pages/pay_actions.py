"""A pay sheet's steps from the browser: drafted, approved by another account, marked paid with reference and day;
and the leader's freezing of the year-end.

Each is the API route of the same name (``pay_sheets.*``) through ``web.actions.record_form``. Separation of
duties is the domain's: a sheet's approver must not be an account that drafted it, compared by account,
and a payment may not be dated before the approval.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.errors import InvalidInput
from taizhang.access.caller import Caller
from taizhang.commands.base import Outcome
from taizhang.documents.assessment import SheetPaid
from taizhang.documents.base import VersionedCommand
from web.actions import Refused, record_form
from web.forms import expected_version, text, validated
from web.pages.assessment import sheet_page, year_end_view
from web.timeview import TimeView, parse_day
from web.workspace import Workspace

router = APIRouter()


def _sheet(kind_text: str, month_text: str) -> tuple[SheetKind, Month]:
    try:
        return SheetKind(kind_text), Month.parse(month_text)
    except (ValueError, InvalidInput):
        raise InvalidInput("没有这张发放表", f"no pay sheet {kind_text} {month_text}") from None


def _again(kind: SheetKind, month: Month, failed: str) -> Refused:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return sheet_page(request, caller, kind, month, TimeView(None, ""), status, message, form, failed)

    return again


def _done(kind: SheetKind, month: Month, step: str) -> str:
    return f"/pay-sheets?kind={kind.value}&month={month}&done={step}"


@router.post("/pay-sheets/{kind_text}/{month_text}/draft")
async def draft(request: Request, kind_text: str, month_text: str) -> Response:
    kind, month = _sheet(kind_text, month_text)

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        return ws.app.draft_pay_sheet(kind, month, caller.username)

    return await record_form(request, "pay_sheets.draft", run, _again(kind, month, "draft"),
                             _done(kind, month, "draft"))


@router.post("/pay-sheets/{kind_text}/{month_text}/approve")
async def approve(request: Request, kind_text: str, month_text: str) -> Response:
    kind, month = _sheet(kind_text, month_text)

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(VersionedCommand, expected_version=expected_version(form))
        return ws.app.approve_pay_sheet(kind, month, caller.username, body.expected_version)

    return await record_form(request, "pay_sheets.approve", run, _again(kind, month, "approve"),
                             _done(kind, month, "approve"))


@router.post("/pay-sheets/{kind_text}/{month_text}/paid")
async def paid(request: Request, kind_text: str, month_text: str) -> Response:
    kind, month = _sheet(kind_text, month_text)

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        paid_on = parse_day(text(form, "paid_on"), "发放日期")
        body = validated(SheetPaid, reference=text(form, "reference"), paid_on=paid_on,
                         expected_version=expected_version(form))
        return ws.app.mark_pay_sheet_paid(kind, month, body.reference, body.paid_on, caller.username,
                                          body.expected_version)

    return await record_form(request, "pay_sheets.paid", run, _again(kind, month, "paid"), _done(kind, month, "paid"))


@router.post("/year-end/{year}/freeze")
async def freeze_year_end(request: Request, year: int) -> Response:
    if not 2000 <= year <= 2100:
        raise InvalidInput("没有这一年", f"no year {year}")

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        return ws.app.freeze_year_end(year, caller.username)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return year_end_view(request, caller, year, TimeView(None, ""), status, message)

    return await record_form(request, "year_end.freeze", run, again, f"/year-end?year={year}&done=freeze")
