"""The event index: every event's position, type, aggregate, actor and both times, for provenance and as-of.

``recorded_max`` is the running maximum of recorded times, so it never decreases along positions and
"the record as it stood at time T" is the largest position whose ``recorded_max`` is at most T.
"""

from __future__ import annotations

from typing import Any

from domain.organisation import Village
from domain.problem import Problem
from projections.db import Tx, time_text
from projections.model import Batch, chunks
from projections.tracking import physical


def event_type(topic_or_event: Any) -> str:
    """``domain.problem:Problem.Assigned`` → ``Problem.Assigned``."""
    if isinstance(topic_or_event, str):
        return topic_or_event.split(":", 1)[-1]
    return type(topic_or_event).__qualname__


class EventIndex:
    name = "event_index"
    tables = ("rm_events",)

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
    village_id TEXT
)""",
            f"CREATE INDEX {t}_originator ON {t} (originator_id, position)",
            f"CREATE INDEX {t}_recorded ON {t} (recorded_max, position)",
            # A person's activity over a period (the inspectors' audit view).
            f"CREATE INDEX {t}_actor ON {t} (actor, recorded_at, position)",
        ]

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int) -> None:
        t = physical("rm_events", generation)
        last = tx.one(f"SELECT recorded_max FROM {t} ORDER BY position DESC LIMIT 1")
        running = last[0] if last else ""
        villages = self._villages_of_problems(tx, t, batch)
        rows = []
        for position, e in batch:
            recorded = time_text(e.timestamp)
            running = max(running, recorded)
            occurred = getattr(e, "occurred_at", None)
            rows.append((
                position,
                event_type(e),
                str(e.originator_id),
                e.originator_version,
                getattr(e, "actor", None),
                time_text(occurred) if occurred is not None else None,
                recorded,
                running,
                self._village_of(e, villages),
            ))
        tx.executemany(f"INSERT INTO {t} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def _villages_of_problems(self, tx: Tx, table: str, batch: Batch) -> dict[str, str]:
        villages: dict[str, str] = {}
        wanted = set()
        for _, e in batch:
            if isinstance(e, Problem.Registered):
                villages[str(e.originator_id)] = str(e.village_id)
            elif type(e).__qualname__.startswith("Problem."):
                wanted.add(str(e.originator_id))
        missing = sorted(wanted - villages.keys())
        for part in chunks(missing):
            marks = ", ".join("?" * len(part))
            for pid, vid in tx.all(
                f"SELECT originator_id, village_id FROM {table} WHERE originator_version = 1 AND originator_id IN ({marks})",
                part,
            ):
                villages[pid] = vid
        return villages

    @staticmethod
    def _village_of(e: Any, villages: dict[str, str]) -> str | None:
        if isinstance(e, (Village.Registered, Village.GroupAdded, Village.Renamed)):
            return str(e.originator_id)
        return villages.get(str(e.originator_id))
