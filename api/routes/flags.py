"""The inspector's red flags (疑点): as of any moment, filtered, each with the events behind it; and their review."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from api.deps import AppDep, CallerDep
from api.reading import AsOfQuery, ReadStoreDep, aware
from api.routes import resource_router, result
from api.routes.ledger import snapshot_public
from api.schemas.common import CommandResult
from api.schemas.readmodels import SnapshotPublic
from domain.flags.facts import EARLIEST_YEAR, LATEST_YEAR, FlagPeriod
from domain.local_time import CHINA
from projections.flags import FlagFilter, FlagQueries
from taizhang.documents.base import Day
from taizhang.documents.flags import FlagKey, FlagReviewBody, flag_period
from taizhang.inspection import FlagNames, review_flag

router = resource_router("/flags", "flags")


class FlagList(BaseModel):
    snapshot: SnapshotPublic
    period: dict[str, str]
    flags: list[dict[str, Any]]


class FlagDetail(BaseModel):
    snapshot: SnapshotPublic
    flag: dict[str, Any]
    events: list[dict[str, Any]]


@router.get("", name="flags.list", response_model=FlagList)
def list_flags(
    store: ReadStoreDep,
    app: AppDep,
    kind: Annotated[str | None, Query(max_length=40, description="one kind of flag, e.g. reused_evidence")] = None,
    village_id: Annotated[str | None, Query(max_length=40)] = None,
    person: Annotated[str | None, Query(max_length=80, description="a username, or person:<id>")] = None,
    status: Annotated[str | None, Query(max_length=20, description="open, confirmed or dismissed")] = None,
    year: Annotated[int | None, Query(ge=EARLIEST_YEAR, le=LATEST_YEAR,
                                      description="the flags of one year's problems and patrols")] = None,
    period_from: Annotated[Day | None, Query(description="or: the first day of the period (local)")] = None,
    period_to: Annotated[Day | None, Query(description="the last day of the period, included")] = None,
    as_of: AsOfQuery = None,
) -> FlagList:
    """The red flags of a period (the record's latest year unless asked) as the record stood at ``as_of``, under
    the rule book's thresholds then in force."""
    today = app.clock.now().astimezone(CHINA).date()
    queries = FlagQueries(store)
    period = flag_period(year, period_from, period_to) or queries.period(aware(as_of), today)
    flags, snap = queries.flags(aware(as_of), FlagFilter(kind, village_id, person, status), today, period)
    names = FlagNames(app)
    return FlagList(snapshot=snapshot_public(snap), period=period_public(period),
                    flags=[names.of(f).as_dict() for f in flags])


def period_public(period: FlagPeriod) -> dict[str, str]:
    return {"first": period.first.isoformat(), "last": period.last.isoformat(), "label": period.label,
            "words": period.words}


@router.get("/detail", name="flags.get", response_model=FlagDetail)
def flag_detail(store: ReadStoreDep, app: AppDep, key: Annotated[FlagKey, Query()],
                as_of: AsOfQuery = None) -> FlagDetail:
    """One flag with every event behind it (position, type, who, both times)."""
    queries = FlagQueries(store)
    flag, snap = queries.flag(key, aware(as_of), app.clock.now().astimezone(CHINA).date())
    names = FlagNames(app)
    events = [{"position": e.position, "event_type": e.event_type, "aggregate_id": e.aggregate_id,
               "actor": names.person(e.actor) if e.actor else None,
               "occurred_at": e.occurred_at.isoformat() if e.occurred_at else None,
               "recorded_at": e.recorded_at.isoformat(),
               "village": names.village(e.village_id) if e.village_id else None}
              for e in queries.events(flag.positions, snap)]
    return FlagDetail(snapshot=snapshot_public(snap), flag=names.of(flag).as_dict(), events=events)


@router.post("/review", name="flags.review")
def review(body: FlagReviewBody, store: ReadStoreDep, app: AppDep, caller: CallerDep) -> CommandResult:
    """Mark a flag 已核实 (confirmed) or 排除 (dismissed) with the reason; a dismissed flag stays dismissed."""
    return result(review_flag(app, store, body.flag_key, body.verdict, body.reason, caller.username))
