"""Writing many stored events at once, in one transaction, in statements of a bounded size.

eventsourcing 9.5.6 inserts on PostgreSQL with one ``INSERT … SELECT FROM unnest(%s)`` whose single
parameter is an array of every event, sent in psycopg's pipeline mode. With some 20 000 events
(about 10 MB) that statement never completes: the client waits for the server and the server waits
for the client (measured here with psycopg 3.3.9, both the Python and the binary implementation).
So a whole history is written as several such statements, ``batch`` events each, inside one
ordinary transaction: the table lock is taken once, and a failure anywhere leaves nothing written.
SQLite has no such limit and keeps the library's own call.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

BATCH = 2000


def insert_all(recorder: ApplicationRecorder, stored: Sequence[StoredEvent], batch: int = BATCH) -> None:
    """Insert every event in one transaction, or none of them."""
    if not isinstance(recorder, PostgresApplicationRecorder) or len(stored) <= batch:
        recorder.insert_events(stored)
        return
    # The library's statement and its table lock, outside the pipeline (pinned version: private API).
    with recorder.datastore.transaction(commit=True) as cursor:
        for first in range(0, len(stored), batch):
            recorder._insert_stored_events(cursor, stored[first:first + batch])  # noqa: SLF001
