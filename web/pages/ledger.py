"""问题台账: the ledger with filters, sorting and pages, and the same rows as an Excel workbook."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from projections.provenance import overdue_ref
from projections.snapshot import Period, Snapshot
from web.access import check_page
from web.export import ledger_workbook
from web.figures import encode_ref
from web.ledger_query import BASIS_LABELS, SORTABLE, LedgerQuery
from web.render import now, render, village_names, villages
from web.session import require_caller, workspace_of
from web.timeview import time_view

router = APIRouter()
EXPORT_LIMIT = 20_000


def _asked(request: Request) -> tuple[Any, Any, Any, Any, LedgerQuery, Any]:
    """Who asks, in which workspace and time zone, about which moment, with which filters, judged on which day."""
    caller = require_caller(request)
    check_page(caller, "ledger")
    workspace = workspace_of(request)
    zone = workspace.app.local_zone
    view = time_view(request, zone)
    return caller, workspace, zone, view, LedgerQuery.from_request(request, caller), _day(request, view.as_of)


@router.get("/ledger")
async def ledger_page(request: Request) -> Response:
    caller, workspace, zone, view, query, on = _asked(request)
    page = await run_in_threadpool(query.run, workspace.reads, zone, view.as_of, on)
    names = await run_in_threadpool(village_names, request)
    total_ref = None
    if query.overdue_flag is None:
        total_ref = {"kind": "ledger", "as_of": page.snapshot.position, "where": query.where,
                     "period": (query.period(zone) or Period()).as_dict(), "basis": query.basis}
    elif query.overdue_flag and query.first is None and query.last is None:
        total_ref = overdue_ref(on, page.snapshot.position, query.where)
    pages = max(1, -(-page.total // page.page_size))
    return render(
        request, "ledger.html", view=view, snapshot=page.snapshot, page=page, pages=pages, query=query,
        names=names, villages=[] if caller.is_village_scoped else villages(request), on=on,
        sortable=SORTABLE, bases=BASIS_LABELS, total_link=encode_ref(total_ref) if total_ref and page.total else None,
    )


@router.get("/ledger.xlsx")
async def ledger_export(request: Request) -> Response:
    _, workspace, zone, view, query, on = _asked(request)

    def every_row() -> tuple[list[dict[str, Any]], Snapshot]:
        first = query.run(workspace.reads, zone, view.as_of, on, page=1, page_size=500)
        rows, number = list(first.rows), 1
        pin = first.snapshot.position  # later pages read the same record as the first
        while len(rows) < min(first.total, EXPORT_LIMIT):
            number += 1
            rows += query.run(workspace.reads, zone, pin, on, page=number, page_size=500).rows
        return rows, first.snapshot

    rows, snapshot = await run_in_threadpool(every_row)
    names = await run_in_threadpool(village_names, request)
    township = workspace.app.township().name
    content = await run_in_threadpool(
        ledger_workbook, workspace.app, rows, names, township, query, snapshot, on, view.as_of
    )
    stamp = (view.as_of or now(request)).strftime("%Y%m%d-%H%M")
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=\"ledger-{stamp}.xlsx\"; "
                                        f"filename*=UTF-8''%E9%97%AE%E9%A2%98%E5%8F%B0%E8%B4%A6-{stamp}.xlsx"},
    )


def _day(request: Request, as_of: datetime | None) -> date:
    """The day whose end judges overdue: the as-of moment's day, or today."""
    zone = workspace_of(request).app.local_zone
    return (as_of or now(request)).astimezone(zone).date()

