"""The steps of a responsibility letter and a village's household count, each the API route of the same name."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from taizhang.access.caller import Caller
from taizhang.access.objects import check_letter_draft
from taizhang.commands.base import Outcome
from taizhang.documents.assessment import HouseholdCount, LetterCreate, LetterRenew, LetterRevoke, LetterSign
from web.actions import Refused, record_form
from web.forms import expected_version, text, validated, whole_number
from web.pages.letters import letter_page, letters_page, reachable
from web.render import as_uuid
from web.timeview import parse_day
from web.workspace import Workspace

router = APIRouter()


def _lines(form: FormData, name: str) -> list[str]:
    return [line.strip() for line in text(form, name).splitlines() if line.strip()]


def _on_list(failed: str) -> Refused:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return letters_page(request, caller, status, message, form, failed)

    return again


def _on_letter(letter_id: str, failed: str) -> Refused:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return letter_page(request, caller, letter_id, status, message, form, failed)

    return again


@router.post("/letters")
async def draft(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(LetterCreate, kind=text(form, "kind"), village_id=as_uuid(text(form, "village_id")),
                         targets=_lines(form, "targets"), household=text(form, "household"),
                         period_start=parse_day(text(form, "period_start"), "责任期起始"),
                         period_end=parse_day(text(form, "period_end"), "责任期截止"))
        check_letter_draft(caller, body.village_id, body.kind)
        return ws.app.draft_letter(body.kind, body.village_id, list(body.targets), body.period_start, body.period_end,
                                   caller.username, household=body.household)

    return await record_form(request, "letters.draft", run, _on_list("draft"), lambda o: f"/letters/{o.id}?done=draft")


@router.post("/villages/{village_id}/households")
async def count(request: Request, village_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        village = as_uuid(village_id)
        if village is None:
            raise InvalidInput("没有这个村", f"no village {village_id!r}")
        body = validated(HouseholdCount, households=whole_number(form, "households", "户数"),
                         as_on=parse_day(text(form, "as_on"), "统计日期"), source=text(form, "source"))
        return ws.app.count_households(village, body.households, body.as_on, body.source, caller.username)

    return await record_form(request, "villages.count_households", run, _on_list(f"count-{village_id}"),
                             f"/letters?village={village_id}&done=count")


@router.post("/letters/{letter_id}/sign")
async def sign(request: Request, letter_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        letter = reachable(request, caller, letter_id)
        body = validated(LetterSign, side=text(form, "side"), signatory=text(form, "signatory"),
                         day=parse_day(text(form, "day"), "签字日期"), expected_version=expected_version(form))
        return ws.app.sign_letter(letter.id, body.side, body.signatory, body.day, caller.username,
                                  body.expected_version)

    return await record_form(request, "letters.sign", run, _on_letter(letter_id, "sign"),
                             f"/letters/{letter_id}?done=sign")


@router.post("/letters/{letter_id}/renew")
async def renew(request: Request, letter_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        letter = reachable(request, caller, letter_id)
        targets = _lines(form, "targets")
        body = validated(LetterRenew, period_start=parse_day(text(form, "period_start"), "续签起始"),
                         period_end=parse_day(text(form, "period_end"), "续签截止"),
                         targets=targets or None, expected_version=expected_version(form))
        return ws.app.renew_letter(letter.id, body.period_start, body.period_end, caller.username,
                                   list(body.targets) if body.targets is not None else None, body.expected_version)

    return await record_form(request, "letters.renew", run, _on_letter(letter_id, "renew"),
                             f"/letters/{letter_id}?done=renew")


@router.post("/letters/{letter_id}/revoke")
async def revoke(request: Request, letter_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        letter = reachable(request, caller, letter_id)
        body = validated(LetterRevoke, day=parse_day(text(form, "day"), "撤销日期"), reason=text(form, "reason"),
                         expected_version=expected_version(form))
        return ws.app.revoke_letter(letter.id, body.day, body.reason, caller.username, body.expected_version)

    return await record_form(request, "letters.revoke", run, _on_letter(letter_id, "revoke"),
                             f"/letters/{letter_id}?done=revoke")
