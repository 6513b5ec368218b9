"""逾期督办: what was open past its deadline at the end of a chosen day, as the record stood at a chosen moment."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from projections.provenance import overdue_ref
from projections.queries import overdue
from web.access import check_page
from web.figures import encode_ref
from web.render import as_uuid, now, render, village_names, villages
from web.session import require_caller, workspace_of
from web.timeview import parse_day, time_view

router = APIRouter()


@router.get("/overdue")
async def overdue_board(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "overdue")
    workspace = workspace_of(request)
    zone = workspace.app.local_zone
    view = time_view(request, zone)
    on = parse_day(request.query_params.get("on"), "日期") or (view.as_of or now(request)).astimezone(zone).date()
    where = {}
    if caller.is_village_scoped:
        where["village_id"] = str(caller.village_id)
    elif as_uuid(request.query_params.get("village")):
        where["village_id"] = request.query_params["village"]
    figures = await run_in_threadpool(overdue, workspace.reads, on, view.as_of, where)
    names = await run_in_threadpool(village_names, request)
    pin = figures.snapshot.position
    by_village: dict[str, int] = {}
    for row in figures.rows:
        by_village[row["village_id"]] = by_village.get(row["village_id"], 0) + 1
    tally = sorted(
        ((names.get(vid, vid[:8]), count, encode_ref(overdue_ref(on, pin, {**where, "village_id": vid})))
         for vid, count in by_village.items()),
        key=lambda item: (-item[1], item[0]),
    )
    return render(
        request, "overdue.html", view=view, snapshot=figures.snapshot, rows=figures.rows, on=on, names=names,
        tally=tally, total_link=encode_ref(overdue_ref(on, pin, where)) if figures.rows else None,
        villages=[] if caller.is_village_scoped else villages(request), village=where.get("village_id", ""),
    )
