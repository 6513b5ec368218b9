"""月度结账 and 季度通报: the office closes a month seeing what will be frozen, and publishes the quarter's bulletin.

Closing shows the month's provisional rankings and ratings first (what the closing freezes, with the rule
version and the record's position); once closed the page shows the digest of the frozen content. The
bulletin downloads exactly as published: regenerated from the record as of its publication, its digest
checked against the one recorded (the API's ``GET /bulletins/{year}/{quarter}``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.assessment.bulletin import bulletin_sha256
from domain.assessment.values import Month, quarter_months
from domain.errors import InvalidInput
from taizhang import cases_desk
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.audit.reprint import bulletin_document, print_seal
from taizhang.commands.base import Outcome
from web.access import check_page
from web.actions import record_form
from web.download import DOCX, download
from web.pages.assessment import month_asked, person_names, queries
from web.params import whole_number
from web.render import now, render
from web.session import require_caller, workspace_of
from web.timeview import TimeView
from web.workspace import Workspace

router = APIRouter()


def month_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
               month: Month | None = None) -> Response:
    check_page(caller, "months")
    workspace = workspace_of(request)
    month = month or month_asked(request, TimeView(None, ""))
    answer = queries(request).month(month)
    closing = workspace.app.month_closing(month)
    names = person_names(workspace, [r["cleaner_id"] for r in answer.ratings])
    ratings = [{**r, "name": names.get(r["cleaner_id"], "")} for r in answer.ratings]
    over = month.last_day < now(request).date()
    return render(request, "month_close.html", status=status, error=error, month=month, answer=answer,
                  closing=closing, ratings=ratings, over=over, snapshot=answer.snapshot,
                  may_close=allows("months.close", caller.role) and over and closing is None,
                  closed_by=workspace.names.name(_closer(workspace, closing)) if closing else "")


def _closer(workspace: Workspace, closing: Any) -> str:
    first = next(iter(workspace.app.events.get(closing.id)))
    return str(getattr(first, "actor", ""))


@router.get("/months")
def months(request: Request) -> Response:
    return month_page(request, require_caller(request))


@router.post("/months/{month_text}/close")
async def close_month(request: Request, month_text: str) -> Response:
    month = _month(month_text)

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        return ws.app.close_month(month, caller.username)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return month_page(request, caller, status, message, month)

    return await record_form(request, "months.close", run, again, f"/months?month={month}&done=close")


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except (ValueError, InvalidInput):
        raise InvalidInput(f"月份“{text}”无法识别，请用 2023-07 的格式", f"cannot read month {text!r}") from None


# --- quarterly bulletins ---------------------------------------------------------------------------


def _quarter(request: Request) -> tuple[int, int]:
    today = now(request).date()
    last = Month.of(today)
    default_year, default_quarter = last.year, (last.month - 1) // 3 + 1
    year = whole_number(request.query_params.get("year"), "年份", 2000, 2100) or default_year
    quarter = whole_number(request.query_params.get("quarter"), "季度", 1, 4) or default_quarter
    return year, quarter


def bulletin_page(request: Request, caller: Caller, year: int, quarter: int, status: int = 200,
                  error: str | None = None) -> Response:
    check_page(caller, "bulletins")
    app = workspace_of(request).app
    bulletin = app.bulletin(year, quarter)
    months = [(m, app.month_closing(m) is not None) for m in quarter_months(year, quarter)]
    # regenerated from the read model's closings as recorded at its publication (the log is not folded again)
    text, recorded = queries(request).bulletin(year, quarter) if bulletin else ("", "")
    holds = bulletin is not None and bulletin_sha256(text) == recorded == bulletin.text_sha256
    return render(request, "bulletin.html", status=status, error=error, year=year, quarter=quarter,
                  bulletin=bulletin, months=months, text=text, holds=holds,
                  may_publish=allows("bulletins.publish", caller.role) and not bulletin and all(c for _, c in months),
                  may_publish_red_black=bulletin is not None and bulletin.red_black is None
                  and allows("red_black.publish", caller.role) and app.red_black_list(year, quarter) is None,
                  has_red_black=bulletin is not None and allows("red_black.get", caller.role)
                  and (bulletin.red_black is not None or app.red_black_list(year, quarter) is not None))


@router.get("/bulletins")
def bulletins(request: Request) -> Response:
    year, quarter = _quarter(request)
    return bulletin_page(request, require_caller(request), year, quarter)


@router.post("/bulletins/{year}/{quarter}")
async def publish_bulletin(request: Request, year: int, quarter: int) -> Response:
    if not 2000 <= year <= 2100 or not 1 <= quarter <= 4:
        raise InvalidInput("没有这个季度", f"no quarter {year}Q{quarter}")

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        outcome, _ = ws.app.publish_bulletin(year, quarter, caller.username,
                                             cases_desk.open_cases_by_village(ws.app, ws.reads, ws.projector.wait_for))
        return outcome

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return bulletin_page(request, caller, year, quarter, status, message)

    return await record_form(request, "bulletins.publish", run, again,
                             f"/bulletins?year={year}&quarter={quarter}&done=publish")


@router.post("/bulletins/{year}/{quarter}/red-black")
async def publish_red_black(request: Request, year: int, quarter: int) -> Response:
    """The 红黑榜 beside a bulletin recorded before bulletins carried one (the API's red_black.publish)."""
    if not 2000 <= year <= 2100 or not 1 <= quarter <= 4:
        raise InvalidInput("没有这个季度", f"no quarter {year}Q{quarter}")

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        outcome, _ = ws.app.publish_red_black_list(year, quarter, cases_desk.open_cases_by_village(ws.app, ws.reads,
                                                                                    ws.projector.wait_for),
                                                   caller.username)
        return outcome

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return bulletin_page(request, caller, year, quarter, status, message)

    return await record_form(request, "red_black.publish", run, again,
                             f"/bulletins?year={year}&quarter={quarter}&done=red-black")


@router.get("/bulletins/{year}/{quarter}.txt")
async def bulletin_text(request: Request, year: int, quarter: int) -> Response:
    """The bulletin's text byte for byte as published (its digest is the one recorded)."""
    check_page(require_caller(request), "bulletins")
    text, _ = await run_in_threadpool(queries(request).bulletin, year, quarter)
    response = download(text.encode("utf-8"), "text/plain; charset=utf-8", f"bulletin-{year}-{quarter}.txt",
                        f"{year}年第{quarter}季度通报.txt")
    response.headers["X-Text-Sha256"] = bulletin_sha256(text)
    return response


@router.get("/bulletins/{year}/{quarter}.docx")
async def bulletin_word(request: Request, year: int, quarter: int) -> Response:
    """The bulletin as a Word document (公文) with its verification code."""
    check_page(require_caller(request), "bulletins")
    workspace = workspace_of(request)
    app = workspace.app
    await run_in_threadpool(app.regenerate_bulletin, year, quarter)  # refuses an unpublished quarter
    head = app.recorder.max_notification_id() or 0
    seal = await run_in_threadpool(print_seal, app, workspace.context.settings, bulletin_document(year, quarter), head)
    content = await run_in_threadpool(app.export_bulletin, year, quarter, seal)
    return download(content, DOCX, f"bulletin-{year}-{quarter}.docx", f"{year}年第{quarter}季度通报.docx")
