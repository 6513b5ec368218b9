"""The figures the overview shows, each with the ``ref`` that ``projections.provenance`` expands.

Until the assessment read models exist, villages are compared on the problem ledger alone.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.vocabulary import Source
from projections.db import ReadStore
from projections.provenance import overdue_ref
from projections.queries import counted, counts, overdue
from projections.snapshot import Period, Snapshot

Ref = dict[str, Any]


def counts_ref(snap: Snapshot, where: dict[str, Any], period: Period | None = None, basis: str = "registered") -> Ref:
    """The same shape ``projections.queries.counts`` gives each of its rows, counting the same problems."""
    return {"kind": "counts", "as_of": snap.position, "where": counted(where, basis),
            "period": (period or Period()).as_dict(), "basis": basis}


def encode_ref(ref: Ref) -> str:
    return base64.urlsafe_b64encode(json.dumps(ref, sort_keys=True, default=str).encode()).decode().rstrip("=")


@dataclass
class Figure:
    value: int
    ref: Ref | None = None

    @property
    def link(self) -> str | None:
        return encode_ref(self.ref) if self.ref and self.value else None


@dataclass
class VillageLine:
    village_id: str
    name: str
    registered: Figure
    closed: Figure
    open: Figure
    overdue: Figure

    @property
    def closure_rate(self) -> float | None:
        return self.closed.value / self.registered.value if self.registered.value else None

    @property
    def open_in_time(self) -> int:
        return max(self.open.value - self.overdue.value, 0)


@dataclass
class Overview:
    snapshot: Snapshot
    today: date
    open: Figure
    overdue: Figure
    closed_this_month: Figure
    registered_this_month: Figure
    villages: list[VillageLine] = field(default_factory=list)
    patrol_findings: list[tuple[str, Figure]] = field(default_factory=list)


def month_of(day: date, zone: Any) -> Period:
    first = day.replace(day=1)
    return Period(Period.days(first, first, zone).start, Period.days(day, day, zone).end)


def year_of(day: date, zone: Any) -> Period:
    return Period.days(date(day.year, 1, 1), date(day.year, 12, 31), zone)


def overview(
    store: ReadStore, today: date, zone: Any, names: dict[str, str], as_of: datetime | None, scope: dict[str, Any]
) -> Overview:
    """The overview's figures on day ``today`` as the record stood at ``as_of``, within ``scope`` (a village)."""
    month, year = month_of(today, zone), year_of(today, zone)
    by_stage = counts(store, ("village_id", "stage"), period=year, as_of=as_of, where=scope)
    snap = by_stage.snapshot
    pin = snap.position  # every later query reads the very same record
    open_rows = counts(store, ("village_id",), as_of=pin, where={**scope, "is_open": 1}).rows
    late = overdue(store, today, as_of=pin, where=scope).rows
    closed = counts(store, ("village_id",), period=month, basis="closed", as_of=pin, where={**scope, "stage": "closed"})
    registered = counts(store, ("village_id",), period=month, as_of=pin, where=scope)
    patrol = counts(store, ("category",), period=month, as_of=pin,
                    where={**scope, "source": Source.TOWNSHIP_PATROL.value})

    result = Overview(
        snapshot=snap,
        today=today,
        open=Figure(sum(r.count for r in open_rows), counts_ref(snap, {**scope, "is_open": 1})),
        overdue=Figure(len(late), overdue_ref(today, pin, scope)),
        closed_this_month=Figure(sum(r.count for r in closed.rows),
                                 counts_ref(snap, {**scope, "stage": "closed"}, month, "closed")),
        registered_this_month=Figure(sum(r.count for r in registered.rows), counts_ref(snap, scope, month)),
        patrol_findings=[(r.key["category"], Figure(r.count, r.ref)) for r in patrol.rows],
    )
    ids = [vid for vid in names if not scope.get("village_id") or vid == scope["village_id"]]
    registered_year = dict.fromkeys(ids, 0)
    closed_year = dict.fromkeys(ids, 0)
    for row in by_stage.rows:
        vid = row.key["village_id"]
        registered_year[vid] = registered_year.get(vid, 0) + row.count
        if row.key["stage"] == "closed":
            closed_year[vid] = closed_year.get(vid, 0) + row.count
    open_by = {r.key["village_id"]: r.count for r in open_rows}
    late_by: dict[str, int] = {}
    for row in late:
        late_by[row["village_id"]] = late_by.get(row["village_id"], 0) + 1
    for vid in registered_year:
        where = {"village_id": vid}
        result.villages.append(VillageLine(
            vid,
            names.get(vid, vid[:8]),
            Figure(registered_year[vid], counts_ref(snap, where, year)),
            Figure(closed_year.get(vid, 0), counts_ref(snap, {**where, "stage": "closed"}, year)),
            Figure(open_by.get(vid, 0), counts_ref(snap, {**where, "is_open": 1})),
            Figure(late_by.get(vid, 0), overdue_ref(today, pin, where)),
        ))
    result.villages.sort(key=lambda v: (v.overdue.value, -(v.closure_rate or 0), -v.registered.value, v.name))
    return result
