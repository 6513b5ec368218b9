"""The event index: every event's position, type, aggregate, actor and both times, for provenance and as-of.

``recorded_max`` is the running maximum of recorded times, so it never decreases along positions and
"the record as it stood at time T" is the largest position whose ``recorded_max`` is at most T.
``problems`` is the running count of problems registered, so the size of the whole ledger as of any
position is one indexed lookup rather than a count over every problem.
"""

from __future__ import annotations

from typing import Any

from domain.organisation import Village
from domain.problem import Problem
from projections.db import Tx
from projections.model import Batch, chunks
from projections.tracking import physical

_COLUMNS = (
    "position", "event_type", "originator_id", "originator_version", "actor", "occurred_at", "recorded_at",
    "recorded_max", "problems", "village_id",
)


# The events whose own aggregate is the village they belong to; every problem event's village is its problem's.
_VILLAGE_EVENTS = frozenset((Village.Registered, Village.GroupAdded, Village.Renamed))


def event_type(topic_or_event: Any) -> str:
    """``domain.problem:Problem.Assigned`` → ``Problem.Assigned``."""
    if isinstance(topic_or_event, str):
        return topic_or_event.split(":", 1)[-1]
    return type(topic_or_event).__qualname__


class EventIndex:
    name = "event_index"
    tables = ("rm_events", "rm_problem_villages")

    def __init__(self, remembered: int = 200_000) -> None:
        # A problem's village is fixed by its registration, a fact of the log that no rollback or new
        # generation changes, so recently seen ones can be remembered across batches without any check.
        self._villages: dict[str, str] = {}
        self._remembered = remembered

    def ddl(self, generation: int) -> list[str]:
        t = physical("rm_events", generation)
        return [
            f"""CREATE TABLE {t} (
    position BIGINT PRIMARY KEY,
    event_type TEXT NOT NULL,
    originator_id TEXT NOT NULL,
    originator_version INTEGER NOT NULL,
    actor TEXT,
    occurred_at TEXT,
    recorded_at TEXT NOT NULL,
    recorded_max TEXT NOT NULL,
    problems BIGINT NOT NULL,
    village_id TEXT
)""",
            # Each problem's village, looked up by key when its later events are indexed.
            f"""CREATE TABLE {physical("rm_problem_villages", generation)} (
    problem_id TEXT PRIMARY KEY,
    village_id TEXT NOT NULL
)""",
        ]

    def indexes(self, generation: int) -> list[str]:
        t = physical("rm_events", generation)
        return [
            f"CREATE INDEX IF NOT EXISTS {t}_originator ON {t} (originator_id, position)",
            f"CREATE INDEX IF NOT EXISTS {t}_recorded ON {t} (recorded_max, position)",
            # A person's activity over a period (the inspectors' audit view).
            f"CREATE INDEX IF NOT EXISTS {t}_actor ON {t} (actor, recorded_at, position)",
        ]

    def consumes(self, event_type: type) -> bool:
        return True  # every event has its row

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        if not batch:
            return
        t = physical("rm_events", generation)
        places = physical("rm_problem_villages", generation)
        last = tx.one(f"SELECT recorded_max, problems FROM {t} ORDER BY position DESC LIMIT 1")
        running, problems = (last[0], int(last[1])) if last else ("", 0)
        villages, registered = self._villages_of_problems(tx, places, batch)
        rows = []
        for r in batch:
            e = r.event
            recorded = r.recorded_at
            if recorded > running:
                running = recorded
            kind = type(e)
            if kind is Problem.Registered:
                problems += 1
            originator = r.id
            rows.append((
                r.position,
                kind.__qualname__,
                originator,
                e.originator_version,
                getattr(e, "actor", None),
                r.occurred_at,
                recorded,
                running,
                problems,
                originator if kind in _VILLAGE_EVENTS else villages.get(originator),
            ))
        tx.insert(t, _COLUMNS, rows)
        tx.insert(places, ("problem_id", "village_id"), registered)

    def _villages_of_problems(self, tx: Tx, table: str, batch: Batch) -> tuple[dict[str, str], list[tuple[str, str]]]:
        """Village of every problem the batch touches, and the (problem, village) pairs it registers."""
        villages: dict[str, str] = {}
        registered: list[tuple[str, str]] = []
        wanted = set()
        for r in batch:
            kind = type(r.event)
            if kind is Problem.Registered:
                pair = (r.id, str(r.event.village_id))
                villages[pair[0]] = pair[1]
                registered.append(pair)
            elif kind.__qualname__.startswith("Problem."):
                wanted.add(r.id)
        known = self._villages
        for pid in wanted - villages.keys():
            if pid in known:
                villages[pid] = known[pid]
        missing = sorted(wanted - villages.keys())
        for part in chunks(missing):
            marks = ", ".join("?" * len(part))
            for pid, vid in tx.all(f"SELECT problem_id, village_id FROM {table} WHERE problem_id IN ({marks})", part):
                villages[pid] = vid
        if len(known) + len(villages) > self._remembered:
            known.clear()
        known.update(villages)
        return villages, registered
