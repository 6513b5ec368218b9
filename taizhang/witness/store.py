"""The witness's own store: the last checkpoint it co-signed for each township's log, its evidence,
and its mirror of the leaf hashes it co-signed (``mirror.py``).

One SQLite file in the witness's folder. Checking a request against the stored size and recording
the new checkpoint happen in one ``BEGIN IMMEDIATE`` transaction, so two requests can never roll the
stored size back (the race tlog-witness warns of).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from taizhang.witness import mirror


@dataclass(frozen=True)
class LogState:
    origin: str
    township_key: str  # the township's vkey
    tree_size: int
    root_hash: bytes | None
    note: str | None  # the last co-signed checkpoint, with the township's and this witness's signatures
    cosigned_at: str | None
    mirror_size: int = 0  # leaf hashes held; equal to tree_size once the township has sent them
    mirror_edge: bytes = b""  # the mirror's right frontier, one hash per set bit of mirror_size


@dataclass(frozen=True)
class Evidence:
    """A refusal and what it rests on: both signed checkpoints, and the proof that did not hold."""

    id: int
    origin: str
    received_at: str
    kind: str  # "inconsistent" (the proof failed) or "split_view" (same size, another root)
    zh: str
    en: str
    cosigned_note: str
    refused_note: str
    old_size: int
    proof: str


class WitnessStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        with self.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS logs (origin TEXT PRIMARY KEY, township_key TEXT NOT NULL, "
                "tree_size INTEGER NOT NULL DEFAULT 0, root_hash BLOB, note TEXT, cosigned_at TEXT)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS evidence (id INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT NOT NULL, "
                "received_at TEXT NOT NULL, kind TEXT NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL, "
                "cosigned_note TEXT NOT NULL, refused_note TEXT NOT NULL, old_size INTEGER NOT NULL, "
                "proof TEXT NOT NULL)"
            )
            mirror.create(db)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def log(self, origin: str, db: sqlite3.Connection | None = None) -> LogState | None:
        select = ("SELECT origin, township_key, tree_size, root_hash, note, cosigned_at, mirror_size, mirror_edge "
                  "FROM logs WHERE origin = ?")
        if db is not None:
            row = db.execute(select, (origin,)).fetchone()
        else:
            with self.transaction() as own:
                row = own.execute(select, (origin,)).fetchone()
        if row is None:
            return None
        root = bytes(row[3]) if row[3] is not None else None
        return LogState(row[0], row[1], row[2], root, row[4], row[5], row[6], bytes(row[7]))

    def mirrored(self, origin: str, start: int, stop: int) -> bytes:
        """Leaf hashes of the mirror, read without holding the write lock (the mirror only grows at its end)."""
        db = sqlite3.connect(self.path, timeout=30)
        try:
            return mirror.read(db, origin, start, stop)
        finally:
            db.close()

    def logs(self) -> list[LogState]:
        with self.transaction() as db:
            origins = [row[0] for row in db.execute("SELECT origin FROM logs ORDER BY origin")]
            return [state for origin in origins if (state := self.log(origin, db)) is not None]

    def add_log(self, origin: str, township_key: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO logs (origin, township_key) VALUES (?, ?)", (origin, township_key))

    def record_cosigned(
        self, db: sqlite3.Connection, origin: str, tree_size: int, root_hash: bytes, note: str, at: str
    ) -> None:
        db.execute(
            "UPDATE logs SET tree_size = ?, root_hash = ?, note = ?, cosigned_at = ? WHERE origin = ?",
            (tree_size, root_hash, note, at, origin),
        )

    def keep_evidence(self, db: sqlite3.Connection, evidence: Evidence) -> None:
        db.execute(
            "INSERT INTO evidence (origin, received_at, kind, zh, en, cosigned_note, refused_note, old_size, proof) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (evidence.origin, evidence.received_at, evidence.kind, evidence.zh, evidence.en, evidence.cosigned_note,
             evidence.refused_note, evidence.old_size, evidence.proof),
        )

    def evidence(self, origin: str | None = None) -> list[Evidence]:
        with self.transaction() as db:
            rows = db.execute(
                "SELECT id, origin, received_at, kind, zh, en, cosigned_note, refused_note, old_size, proof "
                "FROM evidence WHERE ? IS NULL OR origin = ? ORDER BY id",
                (origin, origin),
            ).fetchall()
        return [Evidence(*row) for row in rows]
