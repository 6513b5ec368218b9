"""Provenance: the events behind a figure — position, type, aggregate, actor, occurred and recorded times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from domain.errors import InvalidInput
from projections.db import ReadStore, time_text, time_value
from projections.queries import _and, on_day_clause, overdue_clause, period_clause, where_clause
from projections.snapshot import Period, Snapshot, snapshot, start_of_day


@dataclass(frozen=True)
class SourceEvent:
    position: int
    event_type: str
    aggregate_id: str
    version: int
    actor: str | None
    occurred_at: datetime | None
    recorded_at: datetime
    village_id: str | None


def events_at(store: ReadStore, positions: Sequence[int], snap: Snapshot) -> list[SourceEvent]:
    """The events at these positions (those the snapshot holds), from the event index: what a flag or a case
    names as behind it."""
    chosen = sorted(p for p in set(positions) if p <= snap.position)
    rows = []
    with store.reading() as tx:
        for start in range(0, len(chosen), 500):
            part = chosen[start : start + 500]
            rows += tx.all(
                "SELECT position, event_type, originator_id, originator_version, actor, occurred_at, recorded_at, "
                f"village_id FROM {snap.events_table} WHERE position IN ({', '.join('?' * len(part))})",
                part,
            )
    return [
        SourceEvent(int(p), t, o, int(v), a, time_value(oc) if oc else None, time_value(rc), vid)
        for p, t, o, v, a, oc, rc, vid in sorted(rows)
    ]


@dataclass(frozen=True)
class Provenance:
    problems: int
    events: list[SourceEvent]
    total_events: int
    snapshot: Snapshot


def provenance(store: ReadStore, ref: dict[str, Any], limit: int = 1000, offset: int = 0) -> Provenance:
    """Expand a figure's ``ref`` (from ``counts``, ``time_to_close``, ``overdue_ref`` or ``problem_ref``)."""
    kind = ref.get("kind")
    if kind == "facts":
        return _facts_provenance(store, ref, limit, offset)
    with store.reading() as tx:
        snap = snapshot(tx, ref.get("as_of"))
        conditions = [where_clause(ref.get("where"))]
        occurred_until: str | None = None
        if kind in ("counts", "time_to_close", "ledger"):
            conditions += [snap.visible(), period_clause(_period(ref.get("period")), ref.get("basis", "registered"))]
            if kind == "time_to_close":
                conditions.append(("stage = 'closed'", []))
        elif kind == "overdue":
            on = date.fromisoformat(ref["on"])
            conditions += [on_day_clause(snap, on), overdue_clause(on)]
            occurred_until = time_text(start_of_day(on + timedelta(days=1)))
        elif kind == "problem":
            conditions.append(snap.visible())
        else:
            raise InvalidInput(f"未知的数字类型“{kind}”", f"unknown figure kind {kind!r}")
        sql, params = _and(conditions)
        members = f"SELECT problem_id FROM {snap.ledger_table} WHERE {sql}"
        event_filter = "e.position <= ?"
        event_params: list[Any] = [snap.position]
        if occurred_until is not None:
            event_filter += " AND e.occurred_at < ?"
            event_params.append(occurred_until)
        problems = tx.scalar(f"SELECT count(*) FROM ({members}) m", params)
        base = f"FROM {snap.events_table} e WHERE e.originator_id IN ({members}) AND {event_filter}"
        total = tx.scalar(f"SELECT count(*) {base}", [*params, *event_params])
        rows = tx.all(
            "SELECT e.position, e.event_type, e.originator_id, e.originator_version, e.actor, e.occurred_at, "
            f"e.recorded_at, e.village_id {base} ORDER BY e.position LIMIT ? OFFSET ?",
            [*params, *event_params, limit, offset],
        )
    events = [
        SourceEvent(int(p), t, o, int(v), a, time_value(oc), time_value(rc), vid)
        for p, t, o, v, a, oc, rc, vid in rows
    ]
    return Provenance(int(problems), events, int(total), snap)


def _facts_provenance(store: ReadStore, ref: dict[str, Any], limit: int, offset: int) -> Provenance:
    """An assessment figure: each fact it rests on is its aggregate's events up to the version cited."""
    facts = ref.get("facts")
    if not isinstance(facts, list) or not all(isinstance(f, list) and len(f) == 3 for f in facts):
        raise InvalidInput(
            "facts 应为 [位置, 聚合, 版本] 的列表", "facts must be a list of [position, aggregate, version]"
        )
    with store.reading() as tx:
        snap = snapshot(tx, ref.get("as_of"))
        pairs = sorted({(str(aggregate), int(version)) for _, aggregate, version in facts})
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(pairs), 200):
            part = pairs[start : start + 200]
            clause = " OR ".join("(e.originator_id = ? AND e.originator_version <= ?)" for _ in part)
            rows += tx.all(
                "SELECT e.position, e.event_type, e.originator_id, e.originator_version, e.actor, e.occurred_at, "
                f"e.recorded_at, e.village_id FROM {snap.events_table} e WHERE ({clause}) AND e.position <= ?",
                [v for pair in part for v in pair] + [snap.position],
            )
    rows.sort(key=lambda r: r[0])
    events = [
        SourceEvent(int(p), t, o, int(v), a, time_value(oc), time_value(rc), vid)
        for p, t, o, v, a, oc, rc, vid in rows[offset : offset + limit]
    ]
    return Provenance(len(pairs), events, len(rows), snap)


def problem_ref(problem_id: str, as_of: int | None = None) -> dict[str, Any]:
    return {"kind": "problem", "as_of": as_of, "where": {"problem_id": str(problem_id)}}


def overdue_ref(on: date, as_of: int | None = None, where: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"kind": "overdue", "as_of": as_of, "on": on.isoformat(), "where": where or {}}


def _period(data: dict[str, str | None] | None) -> Period | None:
    if not data:
        return None
    start, end = data.get("start"), data.get("end")
    return Period(datetime.fromisoformat(start) if start else None, datetime.fromisoformat(end) if end else None)
