"""Audit views for inspectors: the whole history of any entity, the activity of any person; JSON or CSV."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import StreamingResponse

from api.deps import AppDep, CallerDep
from api.reading import ReadStoreDep, period_between
from api.routes import resource_router
from api.routes.accounts import UsernamePath
from api.routes.ledger import PageQuery, snapshot_public
from api.schemas.readmodels import AuditEventPublic, AuditPage
from domain.errors import NotFound
from projections import audit
from projections.audit import EventPage
from taizhang.access.caller import Caller
from taizhang.access.reporters import ReporterShield
from taizhang.application import Taizhang
from taizhang.audit.event_rows import audit_rows
from taizhang.documents.base import Day
from taizhang.exports.audit_csv import audit_csv_lines
from taizhang.names import PeopleNames

router = resource_router("/audit", "audit")
CSV_BATCH = 500
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON, or CSV with format=csv"}
}
FormatQuery = Annotated[Literal["json", "csv"], Query(description="csv: every matching event as a CSV file")]
PageSizeQuery = Annotated[int, Query(ge=1, le=500)]


def answer(
    app: Taizhang, caller: Caller, fetch: Callable[[int, int], EventPage], page: int, page_size: int, format: str,
    filename: str,
) -> AuditPage | StreamingResponse:
    shield = ReporterShield(app, caller)
    if format == "csv":
        return StreamingResponse(
            csv_lines(app, shield, fetch), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    found = fetch(page_size, (page - 1) * page_size)
    return AuditPage(
        snapshot=snapshot_public(found.snapshot), total=found.total, page=page, page_size=page_size,
        events=[AuditEventPublic(**row) for row in audit_rows(app, found.events, shield)],
    )


def csv_lines(app: Taizhang, shield: ReporterShield, fetch: Callable[[int, int], EventPage]) -> Iterator[str]:
    """The whole selection in batches, in the township's words (``taizhang.exports.audit_csv``)."""

    def batches() -> Iterator[list[dict[str, Any]]]:
        offset = 0
        while True:
            found = fetch(CSV_BATCH, offset)
            yield audit_rows(app, found.events, shield)
            offset += CSV_BATCH
            if len(found.events) < CSV_BATCH:
                return

    villages = {str(v.id): v.name for v in app.villages()}
    return audit_csv_lines(batches(), PeopleNames(app), villages)


@router.get(
    "/entities/{entity_id}/history", name="audit.entity_history", response_model=AuditPage, responses=CSV_RESPONSE
)
def entity_history(
    entity_id: uuid.UUID,
    store: ReadStoreDep,
    app: AppDep,
    caller: CallerDep,
    page: PageQuery = 1,
    page_size: PageSizeQuery = 100,
    format: FormatQuery = "json",
) -> AuditPage | StreamingResponse:
    """Every event of one problem, village, person, account or report: who (and in what role), when, why, evidence."""
    first = audit.entity_history(store, str(entity_id), 1)
    if first.total == 0:
        raise NotFound(f"记录中没有 {entity_id}", f"nothing with id {entity_id} is on record")
    return answer(
        app, caller, lambda limit, offset: audit.entity_history(store, str(entity_id), limit, offset),
        page, page_size, format, f"history-{entity_id}",
    )


@router.get(
    "/people/{username}/activity", name="audit.person_activity", response_model=AuditPage, responses=CSV_RESPONSE
)
def person_activity(
    username: UsernamePath,
    store: ReadStoreDep,
    app: AppDep,
    caller: CallerDep,
    from_: Annotated[Day | None, Query(alias="from", description="first day recorded (local), included")] = None,
    to: Annotated[Day | None, Query(description="last day recorded (local), included")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = 100,
    format: FormatQuery = "json",
) -> AuditPage | StreamingResponse:
    """Everything a person (or a job acting under a name) recorded between two days, by when it was recorded."""
    period = period_between(from_, to)
    start, end = (period.start, period.end) if period else (None, None)
    return answer(
        app, caller, lambda limit, offset: audit.activity(store, username, start, end, limit, offset),
        page, page_size, format, f"activity-{username}",
    )
