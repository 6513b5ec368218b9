"""工作量 and 改厕与污水站: the campaign's work records by village and month, the villages' toilet surveys and the
sewage stations with their custodians, as of any moment, with the forms of each step.

What is listed comes from the campaign read model (``projections.work_queries``) at the position shown; who
recorded it, where and why it was corrected come from the record's own events (a month's records, a handful of
stations). Each step is the API route of the same name (``work.*``) through ``web.actions.record_form``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from domain.acts import as_fact
from domain.assessment.values import Month
from domain.errors import InvalidInput
from domain.indicators import BY_CODE, CATALOGUE, WORK_CODES, Indicator
from domain.work import SewageStation, WorkRecord
from projections.work_queries import sewage_stations, toilet_surveys, work_rows
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from web.access import check_page
from web.render import now, render, villages
from web.session import require_caller, workspace_of
from web.timeview import TimeView, time_view

router = APIRouter()
WORK_INDICATORS = [i for i in CATALOGUE if i.code in WORK_CODES]  # in the summary's order


def recorded_unit(indicator: Indicator) -> str:
    """The unit a quantity is recorded in: residual film is entered in kg and only the summary writes 万千克."""
    return "千克" if indicator.scale == 10_000 else indicator.unit


def month_of(request: Request, view: TimeView, source: Mapping[str, Any]) -> Month:
    given = str(source.get("month") or "").strip()
    if not given:
        return Month.of((view.as_of or now(request)).astimezone(workspace_of(request).app.local_zone).date())
    try:
        return Month.parse(given)
    except (ValueError, InvalidInput):
        raise InvalidInput(f"月份“{given}”无法识别，请用 2023-07 的格式", f"cannot read month {given!r}") from None


def events_until(app: Any, aggregate_id: str, view: TimeView) -> list[Any]:
    """The aggregate's events recorded by the moment shown (all of them for the record as it stands)."""
    found = [as_fact(e) for e in app.events.get(uuid.UUID(aggregate_id))]
    return [e for e in found if view.as_of is None or e.timestamp <= view.as_of]


def work_page(request: Request, caller: Caller, status: int = 200, error: str | None = None, form: Any = None,
              failed: str = "") -> Response:
    """A month's work records of a village (or the whole township); after a refusal, the form as typed."""
    check_page(caller, "work")
    workspace = workspace_of(request)
    app, zone = workspace.app, workspace.app.local_zone
    view = time_view(request, zone)
    source = request.query_params  # a form is sent to its list's address: the month and village stay in it
    month = month_of(request, view, source)
    shown = villages(request)
    names = {str(v.id): v.name for v in shown}
    asked = str(source.get("village") or "")
    village = asked if asked in names else ""
    rows, snap = work_rows(workspace.reads, month.first_day, month.last_day, zone, view.as_of, village or None)
    records = []
    for row in rows:
        events = events_until(app, row.record_id, view)
        recorded = events[0]
        records.append({
            "row": row, "indicator": BY_CODE[row.indicator], "village": names.get(row.village_id or "", "全镇"),
            "who": workspace.names.name(recorded.actor), "place": getattr(recorded, "place", ""),
            "note": getattr(recorded, "note", ""), "evidence": getattr(recorded, "evidence", []),
            "changes": [{"what": "更正" if isinstance(e, WorkRecord.Corrected) else "撤回",
                         "previous": getattr(e, "previous_quantity", None), "reason": e.reason,
                         "who": workspace.names.name(e.actor), "at": e.timestamp}
                        for e in events[1:] if isinstance(e, WorkRecord.Corrected | WorkRecord.Withdrawn)],
        })
    totals: dict[str, Decimal] = {}
    for row in rows:
        if not row.withdrawn:
            totals[row.indicator] = totals.get(row.indicator, Decimal(0)) + row.quantity
    return render(request, "work.html", status=status, error=error, form=form or {}, failed=failed, view=view,
                  snapshot=snap, month=month, villages=shown, village=village, records=records,
                  totals=[(i, totals[i.code]) for i in WORK_INDICATORS if i.code in totals],
                  indicators=WORK_INDICATORS, unit=recorded_unit,
                  may=lambda route: not view.is_past and allows(route, caller.role))


@router.get("/work")
def work(request: Request) -> Response:
    return work_page(request, require_caller(request))


def facilities_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                    form: Any = None, failed: str = "") -> Response:
    """Each village's toilet survey and the sewage stations with their custodians, as of the moment shown."""
    check_page(caller, "facilities")
    workspace = workspace_of(request)
    app = workspace.app
    view = time_view(request, app.local_zone)
    shown = villages(request)
    surveys, snap = toilet_surveys(workspace.reads, view.as_of)
    built, _ = sewage_stations(workspace.reads, snap.position)  # the same position as the surveys
    people = sorted(app.people(), key=lambda p: p.name)
    person_names = {str(p.id): p.name for p in people}
    village_names = {str(v.id): v.name for v in shown}
    stations = []
    for row in built:
        events = events_until(app, row.station_id, view)
        first = events[0]
        custodian = str(first.custodian_id)
        changes = []
        for e in events[1:]:
            if isinstance(e, SewageStation.CustodianChanged):
                changes.append({"from": person_names.get(custodian, ""),
                                "to": person_names.get(str(e.custodian_id), ""), "reason": e.reason,
                                "who": workspace.names.name(e.actor), "at": e.timestamp})
                custodian = str(e.custodian_id)
        stations.append({"row": row, "name": first.name, "village": village_names.get(row.village_id, ""),
                         "custodian_id": custodian, "custodian": person_names.get(custodian, ""),
                         "version": len(events), "changes": changes, "built": first.occurred_at})
    return render(request, "facilities.html", status=status, error=error, form=form or {}, failed=failed,
                  view=view, snapshot=snap, villages=shown, surveys=surveys, stations=stations, people=people,
                  may=lambda route: not view.is_past and allows(route, caller.role))


@router.get("/work/facilities")
def facilities(request: Request) -> Response:
    return facilities_page(request, require_caller(request))

