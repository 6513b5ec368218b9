"""The problem ledger (问题台账) and its figures, from the read models, as of any recorded moment.

A village cadre's filters are confined to their own village on the server; asking for another
village answers 404. Every figure links to the events behind it (``GET /provenance``).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Query

from api.deps import AppDep, CallerDep
from api.figures import confine, link, village_filter
from api.reading import LOG_HEAD, AsOfQuery, PeriodDep, ReadStoreDep, aware
from api.routes import resource_router
from api.schemas.readmodels import (
    CloseTimeRowPublic,
    CloseTimesPublic,
    CountRowPublic,
    CountsPublic,
    LedgerPage,
    LedgerRowPublic,
    OverduePublic,
    SnapshotPublic,
)
from domain.vocabulary import Category, Source, Stage
from projections import queries
from projections.provenance import overdue_ref, problem_ref
from projections.snapshot import Snapshot
from taizhang.access.caller import Caller
from taizhang.access.reporters import ReporterShield
from taizhang.application import Taizhang
from taizhang.documents.base import Day

router = resource_router("/ledger", "ledger")

SORTABLE = ("registered_at", "assigned_at", "closed_at", "deadline", "stage", "village_id", "source", "category",
            "reopen_count", "last_recorded_at")
if TYPE_CHECKING:  # Literals built from the lists at run time, for FastAPI to check; to mypy, the text they admit
    Sort = str
    Basis = str
    GroupBy = str
else:
    Sort = Literal[tuple(f"{d}{c}" for c in SORTABLE for d in ("", "-"))]
    Basis = Literal[queries.PERIOD_BASES]
    GroupBy = Literal[queries.GROUPABLE]
MAX_OVERDUE = 10_000

VillageQuery = Annotated[list[uuid.UUID] | None, Query(max_length=50, description="one or more villages")]
SourceQuery = Annotated[list[Source] | None, Query(max_length=20)]
CategoryQuery = Annotated[list[Category] | None, Query(max_length=40)]
StageQuery = Annotated[list[Stage] | None, Query(max_length=10, description="only problems now at these stages")]
PageQuery = Annotated[int, Query(ge=1, le=100_000)]
PageSizeQuery = Annotated[int, Query(ge=1, le=queries.MAX_PAGE_SIZE)]
GroupByQuery = Annotated[
    list[GroupBy] | None, Query(max_length=3, description="columns to group by (village_id when omitted)")
]


def snapshot_public(snap: Snapshot) -> SnapshotPublic:
    head = max(LOG_HEAD.get() or snap.position, snap.position)
    return SnapshotPublic(position=snap.position, recorded_at=snap.recorded_at, latest=snap.latest, head=head,
                          lag=head - snap.position)


def row_public(row: dict[str, Any], snap: Snapshot, names: ReporterShield) -> LedgerRowPublic:
    intake = row["version"] == 1 and row["source"] == Source.PUBLIC_REPORT.value  # its last step: the registration
    return LedgerRowPublic(
        **{**row, "last_actor": names.actor(row["last_actor"], intake) or ""},
        provenance=link(problem_ref(row["problem_id"], snap.position)),
    )


def where_for(caller: Caller, villages: list[uuid.UUID] | None, **filters: list[Any] | None) -> dict[str, Any]:
    where = village_filter(villages)
    for column, values in filters.items():
        if values:
            where[column] = [str(v) for v in values]
    return confine(caller, where)


def today(app: Taizhang) -> date:
    return app.clock.now().astimezone(app.local_zone).date()


@router.get("", name="ledger.list")
def list_ledger(
    store: ReadStoreDep,
    app: AppDep,
    caller: CallerDep,
    period: PeriodDep,
    village_id: VillageQuery = None,
    source: SourceQuery = None,
    category: CategoryQuery = None,
    stage: StageQuery = None,
    overdue: Annotated[bool | None, Query(description="only overdue (true) or only not overdue (false)")] = None,
    on: Annotated[Day | None, Query(description="the day overdue is judged on (today when omitted)")] = None,
    basis: Annotated[Basis, Query(description="which stage's occurred time the period applies to")] = "registered",
    sort: Annotated[Sort, Query(description="a column, '-' first for descending")] = "-registered_at",
    page: PageQuery = 1,
    page_size: PageSizeQuery = 50,
    as_of: AsOfQuery = None,
) -> LedgerPage:
    """One page of the ledger: a row per problem with the time of each stage, filtered and sorted."""
    where = where_for(caller, village_id, source=source, category=category, stage=stage)
    judged_on = on or today(app)
    found = queries.ledger(
        store, where, period, basis, overdue, sort, page, page_size, aware(as_of), judged_on
    )
    names = ReporterShield(app, caller)
    return LedgerPage(
        snapshot=snapshot_public(found.snapshot),
        judged_on=judged_on,
        total=found.total,
        page=found.page,
        page_size=found.page_size,
        rows=[row_public(r, found.snapshot, names) for r in found.rows],
    )


@router.get("/overdue", name="ledger.overdue")
def overdue_list(
    store: ReadStoreDep,
    app: AppDep,
    caller: CallerDep,
    on: Annotated[Day | None, Query(description="overdue at the end of this day (today when omitted)")] = None,
    village_id: VillageQuery = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = 100,
    as_of: AsOfQuery = None,
) -> OverduePublic:
    """Problems open past their deadline at the end of a day (working-day deadlines), as recorded at ``as_of``."""
    where = where_for(caller, village_id)
    day = on or today(app)
    found = queries.overdue(store, day, aware(as_of), where, limit=MAX_OVERDUE)
    names = ReporterShield(app, caller)
    first = (page - 1) * page_size
    return OverduePublic(
        snapshot=snapshot_public(found.snapshot),
        on=day,
        count=len(found.rows),
        provenance=link(overdue_ref(day, found.snapshot.position, where)),
        page=page,
        page_size=page_size,
        rows=[row_public(r, found.snapshot, names) for r in found.rows[first : first + page_size]],
    )


@router.get("/counts", name="ledger.counts")
def count_problems(
    store: ReadStoreDep,
    caller: CallerDep,
    period: PeriodDep,
    group_by: GroupByQuery = None,
    village_id: VillageQuery = None,
    source: SourceQuery = None,
    category: CategoryQuery = None,
    stage: StageQuery = None,
    include_voided: Annotated[
        bool, Query(description="count voided problems too (left out by default, as the summary leaves them out)")
    ] = False,
    basis: Annotated[Basis, Query(description="which stage's occurred time the period applies to")] = "registered",
    as_of: AsOfQuery = None,
) -> CountsPublic:
    """How many problems, and the labour, machinery and tonnes their rectification took, per group.

    Counted as the summary counts (docs/FIGURES.md): voided problems left out unless asked for, and with
    ``basis=closed`` only problems still closed.
    """
    keys = list(dict.fromkeys(group_by or ["village_id"]))
    where = where_for(caller, village_id, source=source, category=category, stage=stage)
    found = queries.counts(store, keys, period, basis, aware(as_of), where, include_voided)
    return CountsPublic(
        snapshot=snapshot_public(found.snapshot),
        group_by=keys,
        basis=basis,
        include_voided=include_voided,
        stage=stage,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        rows=[
            CountRowPublic(
                key=r.key, count=r.count, labour_person_times=r.labour_person_times,
                machinery_unit_times=r.machinery_unit_times, tonnes_cleared=r.tonnes_cleared,
                buildings_demolished=r.buildings_demolished, provenance=link(r.ref),
            )
            for r in found.rows
        ],
    )


@router.get("/time-to-close", name="ledger.time_to_close")
def time_to_close(
    store: ReadStoreDep,
    caller: CallerDep,
    period: PeriodDep,
    group_by: GroupByQuery = None,
    village_id: VillageQuery = None,
    category: CategoryQuery = None,
    as_of: AsOfQuery = None,
) -> CloseTimesPublic:
    """Mean and median days from registration to closing, for problems closed in the period."""
    keys = list(dict.fromkeys(group_by or ["village_id"]))
    where = where_for(caller, village_id, category=category)
    found = queries.time_to_close(store, keys, period, aware(as_of), where)
    return CloseTimesPublic(
        snapshot=snapshot_public(found.snapshot),
        group_by=keys,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        rows=[
            CloseTimeRowPublic(
                key=r.key, count=r.count, mean_days=r.mean_days, median_days=r.median_days, provenance=link(r.ref)
            )
            for r in found.rows
        ],
    )
