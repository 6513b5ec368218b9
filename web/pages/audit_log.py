"""审计: a person's activity over a period (the event index, as the API's audit view builds it) and the
signed checkpoints of the log with an on-demand verification."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError
from projections import audit
from taizhang.access.reporters import ReporterShield
from taizhang.audit.event_rows import audit_rows
from taizhang.audit.stores import audit_service, audit_store
from web.access import check_page
from web.params import page_number
from web.render import render, village_names
from web.session import require_caller, workspace_of
from web.timeview import parse_day, period_of

router = APIRouter()
PAGE_SIZE = 100
SHOWN_CHECKPOINTS = 10


@router.get("/audit/activity")
async def person_activity(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "activity")
    workspace = workspace_of(request)
    params = request.query_params
    username = (params.get("username") or "").strip()
    first, last = parse_day(params.get("from"), "开始日期"), parse_day(params.get("to"), "结束日期")
    period = period_of(first, last, workspace.app.local_zone)
    page = page_number(params.get("page"))
    found: audit.EventPage | None = None
    rows: list[dict[str, Any]] = []
    if username:
        start, end = (period.start, period.end) if period else (None, None)

        def read() -> tuple[audit.EventPage, list[dict[str, Any]]]:
            events = audit.activity(workspace.reads, username, start, end, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            return events, audit_rows(workspace.app, events.events, ReporterShield(workspace.app, caller))

        found, rows = await run_in_threadpool(read)
    names = await run_in_threadpool(village_names, request)
    pages = max(1, -(-found.total // PAGE_SIZE)) if found else 1
    return render(request, "activity.html", view=None, snapshot=found.snapshot if found else None,
                  username=username, first=first, last=last, found=found, rows=rows, names=names, page=page,
                  pages=pages, who=workspace_of(request).names.name(username) if username else "")


@router.get("/audit/checkpoints")
async def checkpoints(request: Request) -> Response:
    """The last signed checkpoints; ``?verify=1`` re-reads the whole log against them (read-only)."""
    check_page(require_caller(request), "checkpoints")
    workspace = workspace_of(request)
    settings = workspace.context.settings

    def read() -> dict[str, Any]:
        shown: dict[str, Any] = {"checkpoints": [], "report": None, "refusal": None, "unavailable": None}
        if settings.store == "memory":
            shown["unavailable"] = "内存存储不保留任何记录，没有检查点可查"
            return shown
        shown["checkpoints"] = list(reversed(audit_store(settings).checkpoints()[-SHOWN_CHECKPOINTS:]))
        if request.query_params.get("verify"):
            try:
                shown["report"] = audit_service(workspace.app, settings).verify()
            except DomainError as error:
                shown["refusal"] = error.zh
        return shown

    shown = await run_in_threadpool(read)
    return render(request, "checkpoints.html", view=None, snapshot=None, **shown)
