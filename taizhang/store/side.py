"""Tables beside the event log, in the same database: credentials, idempotency keys, evidence uploads.

They hold what must not be an immutable fact (password hashes, API key hashes) or what is only
bookkeeping of the transport (replayable responses). SQL is written once with ``?`` placeholders.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS taizhang_credentials (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        changed_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS taizhang_api_keys (
        key_id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT)""",
    # Retry keys (taizhang.store.idempotency) and, written in each command's own transaction, the note that
    # the command was recorded (taizhang.store.retry_marks). The earlier table kept unkeyed digests of whole
    # bodies, from which a reporter's identity could be recomputed: it is dropped.
    "DROP TABLE IF EXISTS taizhang_idempotency",
    """CREATE TABLE IF NOT EXISTS taizhang_retry_keys (
        caller TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        attempt TEXT NOT NULL,
        status_code INTEGER,
        body TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (caller, idempotency_key),
        UNIQUE (caller, idempotency_key, attempt))""",
    "CREATE INDEX IF NOT EXISTS taizhang_retry_keys_created ON taizhang_retry_keys (created_at)",
    """CREATE TABLE IF NOT EXISTS taizhang_retry_records (
        caller TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        attempt TEXT NOT NULL,
        recorded_id TEXT NOT NULL,
        PRIMARY KEY (caller, idempotency_key, attempt),
        FOREIGN KEY (caller, idempotency_key, attempt)
            REFERENCES taizhang_retry_keys (caller, idempotency_key, attempt))""",
    """CREATE TABLE IF NOT EXISTS taizhang_uploads (
        sha256 TEXT NOT NULL,
        username TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        PRIMARY KEY (sha256, username))""",
]

Row = tuple[Any, ...]


class SideTables(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement in its own committed transaction; answer the number of rows changed."""

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row, all in one committed transaction (all or none)."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def close(self) -> None: ...


class SQLiteSideTables:
    """One connection behind a lock: the side tables see little traffic next to the event log."""

    def __init__(self, path: Path | str, lock_timeout: float = 10) -> None:
        self._connection = sqlite3.connect(
            str(path), timeout=lock_timeout, isolation_level=None, check_same_thread=False
        )
        self._connection.execute("PRAGMA synchronous=FULL")
        self._lock = threading.Lock()
        for ddl in SCHEMA:
            self.execute(ddl)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock:
            return self._connection.execute(sql, tuple(params)).rowcount

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock, self._connection:
            self._connection.execute("BEGIN IMMEDIATE")
            self._connection.executemany(sql, [tuple(row) for row in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return self._connection.execute(sql, tuple(params)).fetchall()

    def close(self) -> None:
        self._connection.close()


class PostgresSideTables:
    """A small pool on the same server and schema as the event store."""

    def __init__(self, conninfo: str, schema: str, pool_size: int = 2) -> None:
        from psycopg.conninfo import make_conninfo  # loaded only for a PostgreSQL store
        from psycopg_pool import ConnectionPool

        conninfo = make_conninfo(conninfo, options=f"-c search_path={schema}")
        self._pool = ConnectionPool(conninfo, min_size=1, max_size=pool_size, open=True, kwargs={"autocommit": True})
        for ddl in SCHEMA:
            self.execute(ddl)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._pool.connection() as connection:
            return connection.execute(sql.replace("?", "%s"), tuple(params)).rowcount

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._pool.connection() as connection, connection.transaction(), connection.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), [tuple(row) for row in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._pool.connection() as connection:
            return connection.execute(sql.replace("?", "%s"), tuple(params)).fetchall()

    def close(self) -> None:
        self._pool.close()
