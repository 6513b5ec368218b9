"""问责: the triggers that have fired without a case, and the cases on record with their steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.assessment.errors import PeriodNotClosed
from domain.cases.case import CaseStage
from domain.cases.record import CaseRecord
from domain.cases.triggers import TRIGGER_LABELS, Trigger, TriggerKind
from domain.errors import InvalidInput, NotFound
from domain.words import event_word
from taizhang import cases_desk
from taizhang.access.policy import allows
from taizhang.application import Taizhang
from taizhang.audit.reprint import print_seal, red_black_document
from web.access import check_page
from web.download import DOCX, XLSX, download
from web.render import render, village_names
from web.session import require_caller, workspace_of
from web.timeview import time_view

router = APIRouter()


@dataclass(frozen=True)
class ShownCase:
    case: CaseRecord
    kind: str
    stage: str
    village: str
    respondents: str
    steps: list[dict[str, Any]]


def respondents(people: list[dict[str, str]]) -> str:
    return "、".join(f"{p['name']}（{cases_desk.role_word(p['role'])}）" if p["role"] else p["name"] for p in people)


def cases_page(request: Request, status: int = 200, error: str | None = None, form: Any = None,
               failed: str = "") -> Response:
    """The page; after a refused step, with its reason, and that step's form as typed (``failed`` names it)."""
    workspace = workspace_of(request)
    with workspace.app.facts_held():  # the triggers, their people and the lists read the kept facts, not the log
        return _cases_page(request, workspace, status, error, form, failed)


def _cases_page(request: Request, workspace: Any, status: int, error: str | None, form: Any,
                failed: str) -> Response:
    app, store = workspace.app, workspace.reads
    villages = village_names(request)
    fired: list[tuple[Trigger, str]] = [(t, respondents(cases_desk.respondents(app, t)))
                                        for t in cases_desk.fired(app, store)]
    view = time_view(request, app.local_zone)
    shown = []
    on_record, snap = cases_desk.cases_on_record(store, view.as_of)
    for case in on_record:
        # Each step is an event of the case: its position in the log is the provenance the inspector cites.
        steps = [{"what": event_word(s.kind), "who": workspace.names.name(s.actor), "recorded_at": s.recorded_at,
                  "occurred_at": s.occurred_at, "position": s.position} for s in case.steps]
        shown.append(ShownCase(case, TRIGGER_LABELS[TriggerKind(case.trigger_kind)], case.stage_text,
                               villages.get(case.village_id, "") if case.village_id else "",
                               respondents(case.respondents), steps))
    caller = require_caller(request)
    return render(request, "cases.html", status=status, error=error, form=form or {}, failed=failed,
                  fired=fired, cases=shown, villages=villages, lists=published_lists(app), view=view, snapshot=snap,
                  may=lambda route: not view.is_past and allows(route, caller.role), stage=CaseStage)


@dataclass(frozen=True)
class ShownList:
    year: int
    quarter: int
    text: str
    in_bulletin: bool


def published_lists(app: Taizhang) -> list[ShownList]:
    """Every quarter's red and black list so far: carried by its bulletin, or published beside an older one."""
    shown = []
    for y, q in app.posted_red_black_quarters():
        posted = app.posted_red_black(y, q)
        shown.append(ShownList(y, q, posted.text, posted.in_bulletin))
    return shown


@router.get("/red-black.docx")
async def red_black_docx(request: Request) -> Response:
    """The quarter's red and black list as a Word document (公文) for posting, with its verification code."""
    return await _posting(request, "docx")


@router.get("/red-black.xlsx")
async def red_black_xlsx(request: Request) -> Response:
    """The quarter's red and black list as an Excel workbook for posting, with its verification code."""
    return await _posting(request, "xlsx")


async def _posting(request: Request, file_format: str) -> Response:
    caller = require_caller(request)
    check_page(caller, "red_black")
    workspace = workspace_of(request)
    app = workspace.app
    year = int_param(request.query_params.get("year"), "年份", 2000, 2100)
    quarter = int_param(request.query_params.get("quarter"), "季度", 1, 4)

    def make() -> bytes:
        try:
            app.posted_red_black(year, quarter)
        except PeriodNotClosed:
            raise NotFound(f"{year} 年第 {quarter} 季度红黑榜尚未发布",
                           "that red and black list is not published") from None
        head = app.recorder.max_notification_id() or 0
        seal = print_seal(app, workspace.context.settings, red_black_document(year, quarter, file_format), head)
        export = app.export_red_black_docx if file_format == "docx" else app.export_red_black_xlsx
        return export(year, quarter, seal)

    content = await run_in_threadpool(make)
    return download(content, DOCX if file_format == "docx" else XLSX, f"red-black-{year}Q{quarter}.{file_format}",
                    f"红黑榜-{year}年第{quarter}季度.{file_format}")


def int_param(text: str | None, what: str, low: int, high: int) -> int:
    try:
        value = int(text or "")
    except ValueError:
        raise InvalidInput(f"{what}“{text or ''}”应为整数", f"{what} must be a whole number") from None
    if not low <= value <= high:
        raise InvalidInput(f"{what}应在 {low}–{high} 之间", f"{what} out of range")
    return value


@router.get("/cases")
async def cases(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "cases")
    return await run_in_threadpool(cases_page, request)
