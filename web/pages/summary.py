"""工作总结: the township's narrative filled from the record for any period, as of any moment.

Every figure links to the events behind it; the link names the log position the page was read at,
so the events shown are those of the very figure on the page, even after more is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from domain.indicators import BY_CODE
from projections.figures import campaign_figures, figure_events
from projections.snapshot import Snapshot, snapshot
from taizhang.access.reporters import ReporterShield
from taizhang.audit.reprint import print_seal, summary_document
from taizhang.summary.figures import summary_facts
from taizhang.summary.render import SummaryFacts, render_docx
from taizhang.summary.template import township_template
from web.access import check_page
from web.download import DOCX, download
from web.params import MAX_POSITION, whole_number
from web.render import now, render
from web.session import require_caller, workspace_of
from web.summary_html import summary_blocks
from web.timeview import TimeView, parse_day, time_view
from web.workspace import Workspace

router = APIRouter()


@dataclass(frozen=True)
class SummaryRequest:
    view: TimeView
    first: date
    last: date


def summary_request(request: Request) -> SummaryRequest:
    workspace = workspace_of(request)
    zone = workspace.app.local_zone
    view = time_view(request, zone)
    today = (view.as_of or now(request)).astimezone(zone).date()
    first = parse_day(request.query_params.get("from"), "开始日期") or date(today.year, 1, 1)
    last = parse_day(request.query_params.get("to"), "结束日期") or today
    if last < first:
        raise InvalidInput("期间的结束日期早于开始日期", "the period ends before it starts")
    return SummaryRequest(view, first, last)


def read_summary(workspace: Workspace, asked: SummaryRequest) -> tuple[SummaryFacts, Snapshot]:
    """Pin the log position first, so the text and every figure's link answer from the same record."""
    with workspace.reads.reading() as tx:
        snap = snapshot(tx, asked.view.as_of)
    township = workspace.app.township().name
    return summary_facts(workspace.reads, township, asked.first, asked.last, snap.position, with_events=False), snap


@router.get("/summary")
async def summary_page(request: Request) -> Response:
    check_page(require_caller(request), "summary")
    workspace = workspace_of(request)
    asked = summary_request(request)
    template = township_template(workspace.context.settings.data_dir)
    facts, snap = await run_in_threadpool(read_summary, workspace, asked)
    prefix = request.scope.get("root_path", "")

    def link(code: str) -> str:
        query = {"code": code, "from": asked.first.isoformat(), "to": asked.last.isoformat(), "at": snap.position,
                 **({"as_of": asked.view.text} if asked.view.text else {})}
        return f"{prefix}/summary/figure?{urlencode(query)}"

    blocks = summary_blocks(template, facts, link)
    download_query = urlencode({"from": asked.first.isoformat(), "to": asked.last.isoformat(),
                                **({"as_of": asked.view.text} if asked.view.text else {})})
    return render(request, "summary.html", view=asked.view, snapshot=snap, asked=asked, blocks=blocks,
                  download_query=download_query)


@router.get("/summary.docx")
async def summary_docx(request: Request) -> Response:
    check_page(require_caller(request), "summary")
    workspace = workspace_of(request)
    asked = summary_request(request)
    template = township_template(workspace.context.settings.data_dir)
    facts, _ = await run_in_threadpool(read_summary, workspace, asked)
    seal = await run_in_threadpool(print_seal, workspace.app, workspace.context.settings,
                                   summary_document(asked.first, asked.last), facts.position or 0)
    content = await run_in_threadpool(render_docx, facts, template, seal)
    span = f"{asked.first.isoformat()}_{asked.last.isoformat()}"
    return download(content, DOCX, f"summary-{span}.docx", f"{facts.township}工作总结-{span}.docx")


@router.get("/summary/figure")
async def summary_figure(request: Request) -> Response:
    """The events behind one figure of the summary, read at the position its page was read at."""
    caller = require_caller(request)
    check_page(caller, "summary")
    workspace = workspace_of(request)
    params = request.query_params
    code = params.get("code", "")
    if code not in BY_CODE:
        raise InvalidInput(f"没有名为“{code}”的数字", f"no figure {code!r}")
    first, last = parse_day(params.get("from"), "开始日期"), parse_day(params.get("to"), "结束日期")
    if first is None or last is None:
        raise InvalidInput("请给出期间的开始和结束日期", "the period's first and last day are needed")
    position = whole_number(params.get("at"), "记录位置", 0, MAX_POSITION)

    def expand() -> tuple[Any, dict[str, Any], Snapshot]:
        answer = campaign_figures(workspace.reads, first, last, position)
        figure = answer.figures[code]
        found = figure_events(workspace.reads, figure, answer.snapshot)
        shield = ReporterShield(workspace.app, caller)
        for e in found["events"]:
            e["actor"] = shield.of_row(e["actor"], e["event_type"], e["aggregate_id"])
        return figure, found, answer.snapshot

    figure, found, snap = await run_in_threadpool(expand)
    indicator = BY_CODE[code]
    back = urlencode({"from": first.isoformat(), "to": last.isoformat(),
                      **({"as_of": params["as_of"]} if params.get("as_of") else {})})
    return render(request, "summary_figure.html", view=None, snapshot=snap, indicator=indicator, figure=figure,
                  found=found, first=first, last=last, back=back)
