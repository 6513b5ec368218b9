"""Writing many stored events at once, in one transaction, in statements of a bounded size.

eventsourcing 9.5.6 inserts on PostgreSQL with one ``INSERT … SELECT FROM unnest(%s)`` whose single
parameter is an array of every event, sent in psycopg's pipeline mode. With some 20 000 events
(about 10 MB) that statement never completes: the client waits for the server and the server waits
for the client (measured here with psycopg 3.3.9, both the Python and the binary implementation).
So a whole history is written as several such statements inside one ordinary transaction: the
table lock is taken once, and a failure anywhere leaves nothing written.

The events can be handed over batch by batch while they are still being read (``bulk_writer``), so
a history of a million events never has to be in memory at once. A whole-history import also keeps
each event's log position: closings, pay sheets and bulletins record the position they were frozen
at, and PostgreSQL's positions have gaps (a sequence value is used up by every refused insert), so
renumbering an imported history would move what those records point at.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteApplicationRecorder

if TYPE_CHECKING:
    from eventsourcing.postgres import PostgresApplicationRecorder

BATCH = 2000

Write = Callable[..., None]
"""``write(batch, positions=None)``: one batch of stored events, in log order, into the open transaction.

With ``positions`` (one per event, increasing) each event takes that log position instead of the next
one; events written afterwards without positions continue after the highest position written.
"""


@contextmanager
def bulk_writer(recorder: ApplicationRecorder) -> Iterator[Write]:
    """One transaction for everything written through the yielded function, committed if the block ends normally."""
    # The libraries' statements and transactions (pinned version: private API). PostgreSQL's recorder is
    # known by its module (a subclass of ours keeps the library's class in its ancestry), so that a
    # program on SQLite never loads PostgreSQL's driver.
    if any(ancestor.__module__.startswith("eventsourcing.postgres") for ancestor in type(recorder).__mro__):
        postgres = cast("PostgresApplicationRecorder", recorder)
        with postgres.datastore.transaction(commit=True) as cursor:
            yield _PostgresWrite(postgres, cursor)
    elif isinstance(recorder, SQLiteApplicationRecorder):
        with recorder.datastore.transaction(commit=True) as sqlite_cursor:
            yield _SQLiteWrite(recorder, sqlite_cursor)
    else:  # the in-memory store: nothing to stream to, so everything goes in with one call at the end
        held: list[StoredEvent] = []

        def hold(batch: Sequence[StoredEvent], positions: Sequence[int] | None = None) -> None:
            if positions is not None and positions != list(range(len(held) + 1, len(held) + 1 + len(batch))):
                raise ValueError("the in-memory store numbers its events itself; it cannot keep other positions")
            held.extend(batch)

        yield hold
        if held:
            recorder.insert_events(held)


class _SQLiteWrite:
    """SQLite's log position is the events table's rowid, which an insert may give explicitly."""

    def __init__(self, recorder: SQLiteApplicationRecorder, cursor: Any) -> None:
        self.recorder, self.cursor = recorder, cursor
        self.positioned = (
            f"INSERT INTO {recorder.events_table_name} (rowid, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)"
        )

    def __call__(self, batch: Sequence[StoredEvent], positions: Sequence[int] | None = None) -> None:
        if not batch:
            return
        if positions is None:
            # One executemany of the library's own statement: its recorder method runs one execute per
            # event to learn each new rowid, which a bulk write does not need.
            SQLiteAggregateRecorder._insert_events(self.recorder, self.cursor, batch)
            return
        self.cursor.executemany(
            self.positioned,
            [(position, _sqlite_id(s.originator_id), s.originator_version, s.topic, s.state)
             for position, s in zip(positions, batch, strict=True)],
        )


def _sqlite_id(originator_id: uuid.UUID | str) -> str:
    """An aggregate id as the library's SQLite recorder writes it: a UUID as its hex digits."""
    return originator_id.hex if isinstance(originator_id, uuid.UUID) else originator_id


class _PostgresWrite:
    """PostgreSQL's log position is a ``bigserial``: kept positions are inserted, then the sequence moved past them."""

    def __init__(self, recorder: PostgresApplicationRecorder, cursor: Any) -> None:
        self.recorder, self.cursor = recorder, cursor
        from psycopg.sql import SQL, Identifier  # loaded only for a PostgreSQL store

        table = Identifier(recorder.datastore.schema, recorder.events_table_name)
        # One statement a batch, its columns as arrays, as the library's own insert is built.
        self.positioned = SQL(
            "INSERT INTO {table} (originator_id, originator_version, topic, state, notification_id) "
            "SELECT * FROM unnest(%s::uuid[], %s::bigint[], %s::text[], %s::bytea[], %s::bigint[])"
        ).format(table=table)
        self.lock = SQL("LOCK TABLE {table} IN EXCLUSIVE MODE").format(table=table)
        self.qualified_name = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
        self.highest: int | None = None

    def __call__(self, batch: Sequence[StoredEvent], positions: Sequence[int] | None = None) -> None:
        if not batch:
            return
        if positions is None:
            if self.highest is not None:
                # Whatever comes next is numbered after the kept positions, in this same transaction.
                self.cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
                    (self.qualified_name, self.highest),
                )
                self.highest = None
            self.recorder._insert_stored_events(self.cursor, batch)
            return
        if self.highest is None:
            self.cursor.execute(self.lock)  # as the library's own insert does: one writer numbers the log
        if len(positions) != len(batch):
            raise ValueError("one position is needed for each event")
        self.cursor.execute(
            self.positioned,
            ([s.originator_id for s in batch], [s.originator_version for s in batch], [s.topic for s in batch],
             [s.state for s in batch], list(positions)),
        )
        self.highest = max(positions)


def insert_all(recorder: ApplicationRecorder, stored: Sequence[StoredEvent], batch: int = BATCH) -> None:
    """Insert every event in one transaction, or none of them."""
    with bulk_writer(recorder) as write:
        for first in range(0, len(stored), batch):
            write(stored[first:first + batch])
