"""Where each read model has got to, written in the same transaction as the rows it produced.

Each read model has one active generation of tables (``rm_ledger_g1`` …); a side-by-side rebuild
fills the next generation and swaps it in by flipping ``active`` in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from projections.db import Tx

TRACKING_DDL = """
CREATE TABLE IF NOT EXISTS rm_tracking (
    name TEXT NOT NULL,
    generation INTEGER NOT NULL,
    position BIGINT NOT NULL,
    active INTEGER NOT NULL,
    PRIMARY KEY (name, generation)
)"""


@dataclass(frozen=True)
class Track:
    name: str
    generation: int
    position: int
    active: bool


def ensure_tracking(tx: Tx) -> None:
    tx.execute(TRACKING_DDL)


def tracks(tx: Tx, for_update: bool = False) -> list[Track]:
    lock = " FOR UPDATE" if for_update and tx.dialect == "postgres" else ""
    rows = tx.all(f"SELECT name, generation, position, active FROM rm_tracking ORDER BY name, generation{lock}")
    return [Track(name, int(gen), int(pos), bool(active)) for name, gen, pos, active in rows]


def active_tracks(tx: Tx, for_update: bool = False) -> dict[str, Track]:
    return {t.name: t for t in tracks(tx, for_update) if t.active}


def building_track(tx: Tx, name: str) -> Track | None:
    return next((t for t in tracks(tx) if t.name == name and not t.active), None)


def add_track(tx: Tx, name: str, generation: int, active: bool) -> Track:
    tx.execute(
        "INSERT INTO rm_tracking (name, generation, position, active) VALUES (?, ?, 0, ?)",
        (name, generation, 1 if active else 0),
    )
    return Track(name, generation, 0, active)


def advance(tx: Tx, track: Track, position: int) -> None:
    tx.execute(
        "UPDATE rm_tracking SET position=? WHERE name=? AND generation=?", (position, track.name, track.generation)
    )


def physical(table: str, generation: int) -> str:
    return f"{table}_g{generation}"
