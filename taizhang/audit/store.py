"""Where checkpoints, their cosignatures and the leaf ledger are kept: tables beside the event table, same database.

One SQL adapter serves both stores; ``sqlite_store`` and ``postgres_store`` only say how to connect
and how the dialects differ. Reads are batched so that a million-event ledger streams.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from taizhang.audit.checkpoint import Checkpoint, Cosignature
from taizhang.audit.verifier import CheckpointNote, LedgerEntry, SignatureLine

BATCH = 5000
Edge = list[tuple[int, bytes]]


class Connection(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Any: ...
    def cursor(self) -> Any: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


def pack_edge(edge: Edge) -> bytes:
    return b"".join(struct.pack(">Q", count) + hashed for count, hashed in edge)


def unpack_edge(raw: bytes) -> Edge:
    return [(struct.unpack(">Q", raw[i : i + 8])[0], bytes(raw[i + 8 : i + 40])) for i in range(0, len(raw), 40)]


Lock = Callable[[], AbstractContextManager[None]]


@contextmanager
def _unshared() -> Iterator[None]:
    yield


class AuditStore:
    def __init__(
        self, connect: Callable[[], Connection], prefix: str, param: str, blob: str, exclusive: Lock = _unshared
    ) -> None:
        self._connect = connect
        # Held while a checkpoint is made: the server's schedule, a printout and the command line may all sign,
        # in threads or processes, and two at once would each rewrite the other's ledger rows.
        self.exclusive = exclusive
        # Checkpoints as C2SP notes; the JSON checkpoints of earlier versions (taizhang_audit_checkpoints)
        # are no longer read: the first checkpoint made by this version rebuilds the ledger from the start.
        self._checkpoints = f"{prefix}taizhang_audit_notes"
        self._cosignatures = f"{prefix}taizhang_audit_cosignatures"
        self._leaves = f"{prefix}taizhang_audit_leaves"
        self._p = param
        self._blob = blob

    def _q(self, sql: str) -> str:
        return sql.replace("?", self._p)

    def _session(self) -> AbstractContextManager[Connection]:
        store = self

        class Session:
            def __enter__(self) -> Connection:
                self.connection = store._connect()
                return self.connection

            def __exit__(self, kind: object, *_: object) -> None:
                try:
                    self.connection.rollback() if kind else self.connection.commit()
                finally:
                    self.connection.close()

        return Session()

    def ensure_tables(self) -> None:
        with self._session() as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {self._checkpoints} (tree_size BIGINT PRIMARY KEY, note TEXT NOT NULL, "
                f"last_position BIGINT NOT NULL, signed_at TEXT NOT NULL, edge {self._blob} NOT NULL)"
            )
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {self._cosignatures} (tree_size BIGINT NOT NULL, witness TEXT NOT NULL, "
                "line TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (tree_size, witness))"
            )
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {self._leaves} ("
                f"tree_index BIGINT PRIMARY KEY, position BIGINT NOT NULL UNIQUE, leaf_hash {self._blob} NOT NULL, "
                f"aggregate_id TEXT NOT NULL, version BIGINT NOT NULL, topic TEXT NOT NULL, "
                f"state_sha256 {self._blob} NOT NULL)"
            )

    def checkpoints(self) -> list[Checkpoint]:
        """Every checkpoint with its cosignatures, smallest first (a note that no longer parses is refused)."""
        with self._session() as db:
            rows = db.execute(
                f"SELECT tree_size, note, last_position, signed_at FROM {self._checkpoints} ORDER BY tree_size"
            ).fetchall()
            cosigned = db.execute(
                f"SELECT tree_size, witness, line, received_at FROM {self._cosignatures} ORDER BY tree_size, witness"
            ).fetchall()
        found: dict[int, list[Cosignature]] = {}
        for size, witness, line, received_at in cosigned:
            found.setdefault(size, []).append(Cosignature(witness, SignatureLine.parse(line), received_at))
        return [_checkpoint(row, found.get(row[0], [])) for row in rows]

    def latest(self) -> tuple[Checkpoint, Edge] | None:
        with self._session() as db:
            row = db.execute(
                f"SELECT tree_size, note, last_position, signed_at, edge FROM {self._checkpoints} "
                "ORDER BY tree_size DESC LIMIT 1"
            ).fetchone()
        return (_checkpoint(row[:4], []), unpack_edge(bytes(row[4]))) if row else None

    def add_cosignature(self, tree_size: int, cosignature: Cosignature) -> None:
        """Keep a witness's cosignature of the checkpoint of ``tree_size`` (a later one from it replaces it)."""
        with self._session() as db:
            db.execute(
                self._q(f"DELETE FROM {self._cosignatures} WHERE tree_size = ? AND witness = ?"),
                (tree_size, cosignature.witness),
            )
            db.execute(
                self._q(
                    f"INSERT INTO {self._cosignatures} (tree_size, witness, line, received_at) VALUES (?, ?, ?, ?)"
                ),
                (tree_size, cosignature.witness, cosignature.line.text().rstrip("\n"), cosignature.received_at),
            )

    def witness_keys(self) -> list[str]:
        """The vkeys of every witness whose cosignature the store keeps."""
        with self._session() as db:
            rows = db.execute(f"SELECT DISTINCT witness FROM {self._cosignatures} ORDER BY witness").fetchall()
        return [row[0] for row in rows]

    def cosigned_size(self, witness: str) -> int:
        """The largest tree this witness co-signed (0: none), where its next request starts."""
        with self._session() as db:
            row = db.execute(
                self._q(f"SELECT MAX(tree_size) FROM {self._cosignatures} WHERE witness = ?"), (witness,)
            ).fetchone()
        return int(row[0] or 0)

    def discard_uncovered(self, tree_size: int) -> None:
        """Drop ledger rows past the last checkpoint: left by a checkpoint that was interrupted."""
        with self._session() as db:
            db.execute(self._q(f"DELETE FROM {self._leaves} WHERE tree_index >= ?"), (tree_size,))

    def add_entries(self, entries: list[LedgerEntry]) -> None:
        """One short transaction per batch, so writers of the event table are never held up for long."""
        insert = self._q(
            f"INSERT INTO {self._leaves} (tree_index, position, leaf_hash, aggregate_id, version, topic, state_sha256) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        rows = [(e.index, e.position, e.leaf_hash, e.aggregate_id, e.version, e.topic, e.state_sha256) for e in entries]
        with self._session() as db:
            self._insert_many(db, insert, rows)

    def add_checkpoint(self, checkpoint: Checkpoint, edge: Edge) -> None:
        with self._session() as db:
            db.execute(
                self._q(
                    f"INSERT INTO {self._checkpoints} (tree_size, note, last_position, signed_at, edge) "
                    "VALUES (?, ?, ?, ?, ?)"
                ),
                (checkpoint.tree_size, checkpoint.note.text().decode("utf-8"), checkpoint.last_position,
                 checkpoint.signed_at, pack_edge(edge)),
            )

    def _insert_many(self, db: Connection, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        if rows:
            db.cursor().executemany(sql, rows)

    def ledger(self, start: int = 0, stop: int | None = None) -> Iterator[LedgerEntry]:
        select = self._q(
            f"SELECT tree_index, position, leaf_hash, aggregate_id, version, topic, state_sha256 FROM {self._leaves} "
            "WHERE tree_index >= ? AND tree_index < ? ORDER BY tree_index LIMIT ?"
        )
        end = stop if stop is not None else 2**62
        while start < end:
            with self._session() as db:
                rows = db.execute(select, (start, end, BATCH)).fetchall()
            for r in rows:
                yield LedgerEntry(r[0], r[1], bytes(r[2]), r[3], r[4], r[5], bytes(r[6]))
            if len(rows) < BATCH:
                return
            start = rows[-1][0] + 1

    def leaf_hashes(self, start: int, stop: int) -> Iterator[bytes]:
        return (entry.leaf_hash for entry in self.ledger(start, stop))

    def index_of(self, position: int) -> int | None:
        with self._session() as db:
            row = db.execute(
                self._q(f"SELECT tree_index FROM {self._leaves} WHERE position = ?"), (position,)
            ).fetchone()
        return row[0] if row else None


def _checkpoint(row: Sequence[Any], cosignatures: list[Cosignature]) -> Checkpoint:
    note = CheckpointNote.parse(str(row[1]).encode("utf-8"))
    return Checkpoint(note, int(row[2]), str(row[3]), tuple(cosignatures))
