"""Provenance: the events behind any figure, one page at a time."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from api.deps import AppDep, CallerDep
from api.figures import MAX_TOKEN, confine, parse
from api.reading import ReadStoreDep
from api.routes import resource_router
from api.routes.ledger import PageQuery, snapshot_public
from api.schemas.readmodels import ProvenancePublic, SourceEventPublic
from domain.errors import NotFound
from projections.provenance import provenance
from taizhang.access.reporters import ReporterShield

router = resource_router("/provenance", "ledger")


@router.get("", name="provenance.get")
def expand_figure(
    store: ReadStoreDep,
    app: AppDep,
    caller: CallerDep,
    ref: Annotated[str, Query(min_length=1, max_length=MAX_TOKEN, pattern=r"^[A-Za-z0-9_-]+$",
                              description="the provenance token of a figure")],
    page: PageQuery = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> ProvenancePublic:
    """Every event that produced a figure: position, type, aggregate, actor, occurred and recorded times."""
    figure = parse(ref)
    figure["where"] = confine(caller, figure["where"])
    found = provenance(store, figure, limit=page_size, offset=(page - 1) * page_size)
    if figure["kind"] == "problem" and found.problems == 0:
        raise NotFound("找不到该问题", "no such problem within your reach")
    events = found.events
    if figure["kind"] == "facts" and caller.is_village_scoped:
        # an assessment figure may rest on other villages' facts: a cadre sees their own village's only
        events = [e for e in events if e.village_id == str(caller.village_id)]
    names = ReporterShield(app, caller)
    return ProvenancePublic(
        snapshot=snapshot_public(found.snapshot),
        kind=figure["kind"],
        problems=found.problems,
        total_events=found.total_events,
        page=page,
        page_size=page_size,
        events=[
            SourceEventPublic(
                position=e.position, event_type=e.event_type, aggregate_id=uuid.UUID(e.aggregate_id), version=e.version,
                actor=names.of_row(e.actor, e.event_type, e.aggregate_id), occurred_at=e.occurred_at,
                recorded_at=e.recorded_at,
                village_id=uuid.UUID(e.village_id) if e.village_id is not None else None,
            )
            for e in events
        ],
    )
