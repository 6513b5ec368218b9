"""Writing many stored events at once, in one transaction, in statements of a bounded size.

eventsourcing 9.5.6 inserts on PostgreSQL with one ``INSERT … SELECT FROM unnest(%s)`` whose single
parameter is an array of every event, sent in psycopg's pipeline mode. With some 20 000 events
(about 10 MB) that statement never completes: the client waits for the server and the server waits
for the client (measured here with psycopg 3.3.9, both the Python and the binary implementation).
So a whole history is written as several such statements inside one ordinary transaction: the
table lock is taken once, and a failure anywhere leaves nothing written.

The events can be handed over batch by batch while they are still being read (``bulk_writer``), so
a history of a million events never has to be in memory at once. On SQLite each batch is one
``executemany`` of the library's own insert statement: the application recorder's own method runs
one ``execute`` per event to learn each new rowid, which a bulk write does not need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteApplicationRecorder

BATCH = 2000

Write = Callable[[Sequence[StoredEvent]], None]
"""Writes one batch of stored events, in log order, into the open transaction."""


@contextmanager
def bulk_writer(recorder: ApplicationRecorder) -> Iterator[Write]:
    """One transaction for everything written through the yielded function: committed only if the block ends normally."""
    # The libraries' statements and transactions (pinned version: private API).
    if isinstance(recorder, PostgresApplicationRecorder):
        with recorder.datastore.transaction(commit=True) as cursor:
            yield lambda batch: recorder._insert_stored_events(cursor, batch) if batch else None  # noqa: SLF001
    elif isinstance(recorder, SQLiteApplicationRecorder):
        with recorder.datastore.transaction(commit=True) as cursor:
            yield lambda batch: SQLiteAggregateRecorder._insert_events(recorder, cursor, batch) if batch else None  # noqa: SLF001
    else:  # the in-memory store: nothing to stream to, so everything goes in with one call at the end
        held: list[StoredEvent] = []
        yield held.extend
        if held:
            recorder.insert_events(held)


def insert_all(recorder: ApplicationRecorder, stored: Sequence[StoredEvent], batch: int = BATCH) -> None:
    """Insert every event in one transaction, or none of them."""
    with bulk_writer(recorder) as write:
        for first in range(0, len(stored), batch):
            write(stored[first:first + batch])
