"""The read database: the event store's own SQLite file or PostgreSQL schema, reached with a plain driver.

SQL in ``projections`` is written once with ``?`` placeholders and portable types (TEXT, BIGINT,
INTEGER); ``ReadStore`` adapts it to the dialect. Times are stored as fixed-width UTC text so that
text order is time order on both stores.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Literal, overload

Dialect = Literal["sqlite", "postgres"]


def time_text(moment: datetime) -> str:
    """A tz-aware datetime as sortable UTC text."""
    if moment.tzinfo is UTC:
        # Recorded times arrive in UTC: drop the "+00:00" rather than convert (the projections' hot path).
        return moment.isoformat(" ", "microseconds")[:26]
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@overload
def time_value(text: str) -> datetime: ...
@overload
def time_value(text: None) -> None: ...
def time_value(text: str | None) -> datetime | None:
    if text is None:
        return None
    # fromisoformat reads the fixed-width text ~20x faster than strptime (every time column of every row shown).
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def iso_text(text: str | None) -> str | None:
    """The ISO form (``datetime.isoformat``) of a time ``time_text`` stored, without parsing it.

    Provenance lists thousands of event times per answer; rewriting the fixed-width text is ~10x
    faster than reading it into a datetime and formatting it again, and gives the same characters.
    """
    if text is None:
        return None
    if len(text) != 26 or text[10] != " ":
        moment = time_value(text)
        return moment.isoformat()
    fraction = "" if text.endswith(".000000") else text[19:]
    return f"{text[:10]}T{text[11:19]}{fraction}+00:00"


def _copy_text(value: Any) -> str:
    """One value in COPY's text format: NULL as \\N, and backslash, tab and line ends escaped."""
    if value is None:
        return "\\N"
    if type(value) is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class Tx:
    """One open transaction (or autocommit session) on the read database."""

    def __init__(self, cursor: Any, dialect: Dialect) -> None:
        self.cursor = cursor
        self.dialect = dialect

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.dialect == "postgres" else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Tx:
        self.cursor.execute(self.sql(statement), tuple(params))
        return self

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.cursor.executemany(self.sql(statement), rows)

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Add many rows: one prepared INSERT run for each on SQLite, a single COPY on PostgreSQL."""
        if not rows:
            return
        names = ", ".join(columns)
        if self.dialect == "postgres":
            # COPY streams the rows in one statement, where executemany sends an INSERT per row; written as
            # COPY's text here, which is twice as fast as psycopg adapting value by value (``write_row``).
            with self.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write("".join("\t".join([_copy_text(v) for v in row]) + "\n" for row in rows))
        else:
            self.cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self.cursor.fetchall())

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.cursor.fetchone()

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.execute(statement, params).fetchall()

    def one(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self.execute(statement, params).fetchone()

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """The single value of a statement that always answers one row, such as ``SELECT count(*)``."""
        row = self.one(statement, params)
        assert row is not None, f"no row from {statement}"
        return row[0]

    def columns(self) -> list[str]:
        return [d[0] for d in self.cursor.description]

    def table_exists(self, name: str) -> bool:
        if self.dialect == "sqlite":
            row = self.one("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
        else:
            row = self.one("SELECT 1 FROM pg_tables WHERE schemaname=current_schema() AND tablename=?", (name,))
        return row is not None


MAX_CONNECTIONS = 12
"""Connections one store holds at most. A server's thread pool has forty threads and PostgreSQL serves a
hundred clients in all: a request waits for a free connection rather than open one more."""


class ReadStore:
    """A bounded pool of connections to the read models' database, with short explicit transactions.

    A thread holds one connection for the whole of its outermost ``reading()`` or ``transaction()``
    (nested blocks share it) and gives it back after; one that failed inside is closed, not reused.
    """

    def __init__(self, dialect: Dialect, *, sqlite_path: str = "", conninfo: str = "", schema: str = "public",
                 max_connections: int = MAX_CONNECTIONS):
        self.dialect = dialect
        self.sqlite_path = sqlite_path
        self.conninfo = conninfo
        self.schema = schema
        self.max_connections = max_connections
        self._local = threading.local()
        self._all: list[Any] = []
        self._idle: list[Any] = []
        self._slots = threading.BoundedSemaphore(max_connections)
        self._lock = threading.Lock()

    def clone(self) -> ReadStore:
        """Another store object on the same database, with connections of its own."""
        return ReadStore(self.dialect, sqlite_path=self.sqlite_path, conninfo=self.conninfo, schema=self.schema,
                         max_connections=self.max_connections)

    # --- connections -------------------------------------------------------------------

    def connect(self) -> Any:
        """A new connection of the caller's own (e.g. to hold a session-level lock)."""
        conn: sqlite3.Connection | psycopg.Connection[Any]
        if self.dialect == "sqlite":
            uri = self.sqlite_path.startswith("file:")
            conn = sqlite3.connect(self.sqlite_path, isolation_level=None, check_same_thread=False, uri=uri, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            # Read models are derived: a batch lost to a power cut rolls back with its tracking row and is
            # projected again, so NORMAL (still crash-safe in WAL) is enough; the event store keeps FULL.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("PRAGMA busy_timeout=30000")
        else:
            import psycopg  # loaded only for a PostgreSQL store

            conn = psycopg.connect(self.conninfo, autocommit=True)
            conn.execute(f'SET search_path TO "{self.schema}"')
        with self._lock:
            self._all.append(conn)
        return conn

    @contextmanager
    def _held(self) -> Iterator[Any]:
        """This thread's connection for the block: the one it holds already, or one from the pool."""
        held = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        self._slots.acquire()
        try:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                conn = self.connect()
            self._local.conn = conn
            try:
                yield conn
            except BaseException:
                self._discard(conn)  # it may be mid-transaction or broken: a fresh one replaces it
                raise
            else:
                with self._lock:
                    self._idle.append(conn)
            finally:
                self._local.conn = None
        finally:
            self._slots.release()

    def _discard(self, conn: Any) -> None:
        with self._lock:
            if conn in self._all:
                self._all.remove(conn)
        with contextlib.suppress(Exception):
            conn.close()

    def close(self) -> None:
        with self._lock:
            connections, self._all, self._idle = self._all, [], []
        for conn in connections:
            with contextlib.suppress(Exception):  # closing at shutdown: a broken connection is already closed
                conn.close()
        self._local = threading.local()

    # --- use ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """A write transaction; on SQLite it takes the write lock at once so checks made inside hold."""
        with self._held() as conn, self._transaction(conn) as tx:
            yield tx

    @contextmanager
    def _transaction(self, conn: Any) -> Iterator[Tx]:
        if self.dialect == "sqlite":
            cursor = conn.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(cursor, "sqlite")
            except BaseException:
                conn.rollback()
                raise
            else:
                conn.commit()
        else:
            with conn.transaction(), conn.cursor() as cursor:
                yield Tx(cursor, "postgres")

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        """A consistent snapshot for a query made of several statements (nested calls share it)."""
        with self._held() as conn, self._reading(conn) as tx:
            yield tx

    @contextmanager
    def _reading(self, conn: Any) -> Iterator[Tx]:
        if getattr(self._local, "reading", False):
            yield Tx(conn.cursor(), self.dialect)
            return
        self._local.reading = True
        try:
            if self.dialect == "sqlite":
                cursor = conn.cursor()
                cursor.execute("BEGIN")
                try:
                    yield Tx(cursor, "sqlite")
                finally:
                    conn.rollback()
            else:
                with conn.transaction(), conn.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    yield Tx(cursor, "postgres")
        finally:
            self._local.reading = False
