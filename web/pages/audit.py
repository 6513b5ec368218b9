"""审计: any record's whole history, and the events behind any figure (its provenance)."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from projections.provenance import Provenance, provenance
from taizhang.access.caller import Caller
from taizhang.access.refusals import NotPermitted
from taizhang.access.reporters import ReporterShield
from taizhang.documents.figure_refs import parse
from web.access import check_page
from web.figures import Ref
from web.params import page_number
from web.render import as_uuid, render, village_names, villages
from web.session import require_caller, workspace_of
from web.timeline import steps_of
from web.timeview import time_view

router = APIRouter()
PAGE_SIZE = 100
KINDS = ("counts", "time_to_close", "ledger", "overdue", "problem", "facts")


@router.get("/audit")
async def entity_history(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "audit")
    workspace = workspace_of(request)
    view = time_view(request, workspace.app.local_zone)
    given = (request.query_params.get("entity") or "").strip()
    steps = None
    if given:
        entity = as_uuid(given)
        if entity is None:
            raise InvalidInput(f"记录编号“{given}”无法识别（须为完整编号）", f"cannot read record id {given!r}")
        shield = ReporterShield(workspace.app, caller)
        steps = await run_in_threadpool(steps_of, workspace.app, entity, view.as_of, villages(request), shield,
                                        workspace.names)
    return render(request, "audit.html", view=view, snapshot=None, entity=given, steps=steps)


def scoped(ref: Ref, caller: Caller) -> Ref:
    """A cadre's figures are their own village's, whatever the reference says."""
    if ref.get("kind") not in KINDS:
        raise InvalidInput("无法识别的数字来源", f"unknown figure kind {ref.get('kind')!r}")
    if caller.is_village_scoped:
        if ref["kind"] == "facts":  # names aggregates directly: no village condition can confine it
            raise NotPermitted("考核数字的来源只向镇级人员开放", "assessment provenance is for township staff")
        ref = {**ref, "where": {**(ref.get("where") or {}), "village_id": str(caller.village_id)}}
    return ref


@router.get("/provenance")
async def figure_provenance(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "provenance")
    workspace = workspace_of(request)
    # The same strict, bounded reading of a reference as GET /provenance's (taizhang.documents.figure_refs).
    ref = scoped(parse(request.query_params.get("ref", "")), caller)
    page = page_number(request.query_params.get("page"))

    def expand() -> Provenance:
        try:
            found = provenance(workspace.reads, ref, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        except (KeyError, ValueError, TypeError):
            raise InvalidInput("这个数字的来源链接无效", "the figure's reference cannot be read") from None
        shield = ReporterShield(workspace.app, caller)
        shown = [replace(e, actor=shield.of_row(e.actor, e.event_type, e.aggregate_id)) for e in found.events]
        return replace(found, events=shown)

    found = await run_in_threadpool(expand)
    names = await run_in_threadpool(village_names, request)
    pages = max(1, -(-found.total_events // PAGE_SIZE))
    return render(request, "provenance.html", view=None, snapshot=found.snapshot, found=found, ref=ref,
                  names=names, page=page, pages=pages, ref_text=request.query_params.get("ref", ""))
