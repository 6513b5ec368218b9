"""The witness's mirror of each log: the leaf hashes it has co-signed, 32 bytes an event and nothing else.

A Certificate Transparency monitor keeps the entries of the logs it watches; the county keeps only
their RFC 9162 leaf hashes, which reveal no event's content. With them it can say, long after a
township rebuilt its own leaf ledger, *which* event no longer hashes as it did when co-signed.

Leaves for the next checkpoint are sent first (the taizhang extension ``POST /taizhang/leaves/<origin>``,
or the ``.leaves`` file beside a request): they must start where the mirror ends and are folded into
the mirror's right frontier as they come, O(log n) a leaf, so the root they lead to is known before
the checkpoint arrives. They join the mirror only when the checkpoint whose root they hash to is
co-signed, in the same transaction. The hashes are kept CHUNK to a row, so a million events take
about 32 MB (see docs/AUDIT.md for the measured size).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from taizhang.audit.verifier import HASH_SIZE, RootAccumulator
from taizhang.audit.witnessing import LEAVES_TYPE, MIRROR_TYPE

__all__ = ["CHUNK", "LEAVES_TYPE", "MAX_LEAVES", "MIRROR_TYPE", "Staged", "append", "create", "extend", "read"]

CHUNK = 1000  # hashes a row: 32,000 bytes, a little under eight 4 KiB overflow pages
MAX_LEAVES = 1 << 22  # leaves in one sending (128 MiB): a township's whole history, once

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS mirror (origin TEXT NOT NULL, chunk INTEGER NOT NULL, hashes BLOB NOT NULL, "
    "PRIMARY KEY (origin, chunk))",
    "CREATE TABLE IF NOT EXISTS staged (origin TEXT PRIMARY KEY, start INTEGER NOT NULL, hashes BLOB NOT NULL, "
    "root BLOB NOT NULL, edge BLOB NOT NULL)",
)
LOG_COLUMNS = {"mirror_size": "INTEGER NOT NULL DEFAULT 0", "mirror_edge": "BLOB NOT NULL DEFAULT x''"}


def create(db: sqlite3.Connection) -> None:
    """The mirror's tables, and its two columns on ``logs`` (added to a witness store made before it)."""
    for statement in SCHEMA:
        db.execute(statement)
    have = {row[1] for row in db.execute("PRAGMA table_info(logs)")}
    for name, kind in LOG_COLUMNS.items():
        if name not in have:
            db.execute(f"ALTER TABLE logs ADD COLUMN {name} {kind}")


# --- the leaves a township sends: ``leaves <start>`` then the raw hashes ------------------------------

def parse_leaves(body: bytes) -> tuple[int, bytes]:
    """``leaves N`` and a newline, then whole 32-byte hashes (at least one); ValueError if not."""
    head, newline, hashes = body.partition(b"\n")
    found = re.fullmatch(rb"leaves (0|[1-9][0-9]{0,18})", head)
    if found is None or not newline:
        raise ValueError("the first line must be `leaves <start>`")
    if not hashes or len(hashes) % HASH_SIZE or len(hashes) // HASH_SIZE > MAX_LEAVES:
        raise ValueError(f"then 1 to {MAX_LEAVES} hashes of {HASH_SIZE} bytes each")
    return int(found.group(1)), hashes


# --- the right frontier: one subtree root per set bit of the size -----------------------------------

def frontier(size: int, edge: bytes) -> RootAccumulator:
    counts = [1 << bit for bit in range(size.bit_length() - 1, -1, -1) if size >> bit & 1]
    if len(edge) != HASH_SIZE * len(counts):
        raise ValueError(f"a frontier of {size} leaves is {len(counts)} hashes")
    return RootAccumulator(zip(counts, (edge[i:i + HASH_SIZE] for i in range(0, len(edge), HASH_SIZE)), strict=True))


def edge_of(tree: RootAccumulator) -> bytes:
    return b"".join(hashed for _, hashed in tree.edge)


@dataclass(frozen=True)
class Staged:
    start: int
    hashes: bytes
    root: bytes  # of the tree the mirror becomes with these leaves
    edge: bytes

    @property
    def stop(self) -> int:
        return self.start + len(self.hashes) // HASH_SIZE


def extend(size: int, edge: bytes, start: int, hashes: bytes, check: tuple[int, bytes] | None = None) -> Staged | None:
    """The mirror of ``size`` leaves extended by ``hashes``; None if it passes ``check`` = (size, root) otherwise."""
    tree = frontier(size, edge)
    for offset in range(0, len(hashes), HASH_SIZE):
        tree.add_leaf_hash(hashes[offset:offset + HASH_SIZE])
        if check is not None and tree.size == check[0] and tree.root() != check[1]:
            return None
    return Staged(start, hashes, tree.root(), edge_of(tree))


def stage(db: sqlite3.Connection, origin: str, staged: Staged) -> None:
    db.execute("INSERT OR REPLACE INTO staged (origin, start, hashes, root, edge) VALUES (?, ?, ?, ?, ?)",
               (origin, staged.start, staged.hashes, staged.root, staged.edge))


def staged_for(db: sqlite3.Connection, origin: str) -> Staged | None:
    row = db.execute("SELECT start, hashes, root, edge FROM staged WHERE origin = ?", (origin,)).fetchone()
    return Staged(row[0], bytes(row[1]), bytes(row[2]), bytes(row[3])) if row else None


def drop_staged(db: sqlite3.Connection, origin: str) -> None:
    db.execute("DELETE FROM staged WHERE origin = ?", (origin,))


# --- the mirror itself ---------------------------------------------------------------------------------

def append(db: sqlite3.Connection, origin: str, staged: Staged) -> None:
    """The staged leaves join the mirror (which ends at ``staged.start``), and the frontier moves on."""
    first = staged.start // CHUNK
    row = db.execute("SELECT hashes FROM mirror WHERE origin = ? AND chunk = ?", (origin, first)).fetchone()
    kept = bytes(row[0])[:(staged.start % CHUNK) * HASH_SIZE] if row else b""
    data, chunk, size = kept + staged.hashes, first, CHUNK * HASH_SIZE
    for offset in range(0, len(data), size):
        db.execute("INSERT OR REPLACE INTO mirror (origin, chunk, hashes) VALUES (?, ?, ?)",
                   (origin, chunk, data[offset:offset + size]))
        chunk += 1
    db.execute("UPDATE logs SET mirror_size = ?, mirror_edge = ? WHERE origin = ?",
               (staged.stop, staged.edge, origin))


def read(db: sqlite3.Connection, origin: str, start: int, stop: int) -> bytes:
    """Leaf hashes start ≤ i < stop of the mirror (which only ever grows at its end, so rows read apart agree)."""
    if stop <= start:
        return b""
    rows = db.execute(
        "SELECT chunk, hashes FROM mirror WHERE origin = ? AND chunk BETWEEN ? AND ? ORDER BY chunk",
        (origin, start // CHUNK, (stop - 1) // CHUNK),
    ).fetchall()
    data = b"".join(bytes(hashes) for _, hashes in rows)
    skip = (start - (rows[0][0] * CHUNK if rows else 0)) * HASH_SIZE
    return data[skip:skip + (stop - start) * HASH_SIZE]
