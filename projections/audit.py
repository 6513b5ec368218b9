"""The inspectors' audit questions, answered from the event index: an entity's history, a person's activity.

Both page through indexed rows (by originator, or by actor and recorded time), never the whole log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from projections.db import ReadStore, time_text, time_value
from projections.provenance import SourceEvent
from projections.snapshot import Snapshot, snapshot

_SELECT = "position, event_type, originator_id, originator_version, actor, occurred_at, recorded_at, village_id"


@dataclass(frozen=True)
class EventPage:
    events: list[SourceEvent]
    total: int
    snapshot: Snapshot


def _events(rows: list[tuple]) -> list[SourceEvent]:
    return [
        SourceEvent(int(p), t, o, int(v), a, time_value(oc), time_value(rc), vid)
        for p, t, o, v, a, oc, rc, vid in rows
    ]


def entity_history(store: ReadStore, entity_id: str, limit: int, offset: int = 0) -> EventPage:
    """Every event of one aggregate (problem, village, account, report …) in the order recorded."""
    with store.reading() as tx:
        snap = snapshot(tx)
        where = f"FROM {snap.events_table} WHERE originator_id = ? AND position <= ?"
        params = (entity_id, snap.position)
        total = tx.scalar(f"SELECT count(*) {where}", params)
        rows = tx.all(f"SELECT {_SELECT} {where} ORDER BY position LIMIT ? OFFSET ?", (*params, limit, offset))
    return EventPage(_events(rows), int(total), snap)


def activity(
    store: ReadStore, actor: str, start: datetime | None, end: datetime | None, limit: int, offset: int = 0
) -> EventPage:
    """Every event a person recorded with ``start <= recorded < end``, in the order recorded."""
    with store.reading() as tx:
        snap = snapshot(tx)
        where = f"FROM {snap.events_table} WHERE actor = ? AND position <= ?"
        params: list[object] = [actor, snap.position]
        if start is not None:
            where += " AND recorded_at >= ?"
            params.append(time_text(start))
        if end is not None:
            where += " AND recorded_at < ?"
            params.append(time_text(end))
        total = tx.scalar(f"SELECT count(*) {where}", params)
        rows = tx.all(
            f"SELECT {_SELECT} {where} ORDER BY recorded_at, position LIMIT ? OFFSET ?", [*params, limit, offset]
        )
    return EventPage(_events(rows), int(total), snap)


def created_by(store: ReadStore, actor: str, event_type: str, limit: int, offset: int = 0) -> EventPage:
    """The aggregates of one kind a person created (e.g. their public reports), newest first."""
    with store.reading() as tx:
        snap = snapshot(tx)
        where = f"FROM {snap.events_table} WHERE actor = ? AND event_type = ? AND position <= ?"
        params = (actor, event_type, snap.position)
        total = tx.scalar(f"SELECT count(*) {where}", params)
        rows = tx.all(f"SELECT {_SELECT} {where} ORDER BY position DESC LIMIT ? OFFSET ?", (*params, limit, offset))
    return EventPage(_events(rows), int(total), snap)
