"""概览: open, overdue and closed this month; villages compared on the ledger; this month's patrol findings."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from web import figures
from web.access import check_page
from web.charts import Segment, Series, stacked_bars
from web.render import now, render, village_names
from web.session import require_caller, workspace_of
from web.timeview import time_view

router = APIRouter()


@router.get("/overview")
async def overview_page(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "overview")
    workspace = workspace_of(request)
    zone = workspace.app.local_zone
    view = time_view(request, zone)
    today = (view.as_of or now(request)).astimezone(zone).date()
    scope = {"village_id": str(caller.village_id)} if caller.is_village_scoped else {}
    names = await run_in_threadpool(village_names, request)
    shown = await run_in_threadpool(figures.overview, workspace.reads, today, zone, names, view.as_of, scope)
    chart = None
    if not caller.is_village_scoped and shown.villages:
        prefix = request.scope.get("root_path", "")

        def link(figure: figures.Figure) -> str | None:
            return f"{prefix}/provenance?ref={figure.link}" if figure.link else None

        lines = shown.villages
        chart = stacked_bars(
            [v.name for v in lines],
            [
                Series("本年登记已销号", [Segment(v.closed.value, link(v.closed)) for v in lines]),
                Series("在办未逾期", [Segment(v.open_in_time, None) for v in lines]),
                Series("逾期", [Segment(v.overdue.value, link(v.overdue)) for v in lines]),
            ],
        )
    return render(request, "overview.html", view=view, snapshot=shown.snapshot, shown=shown, chart=chart)
