"""The note, in a command's own transaction, that the command an Idempotency-Key reserved was recorded.

A request holding a retry key sets ``RETRY`` while its command runs; the recorder, inserting the
command's events, inserts beside them a row naming the key and the reservation's attempt token. One
transaction: either the events and the note are both there, or neither is. A reservation whose
attempt was taken over by a retry (its server presumed dead) makes the note fail its foreign key, and
with it the stale command's whole transaction (``taizhang.store.idempotency``). PostgreSQL's recorder is
in ``retry_marks_postgres``, so a command on SQLite never loads psycopg.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

TABLE = "taizhang_retry_records"
COLUMNS = "(caller, idempotency_key, attempt, recorded_id)"
# A request recording twice notes it once; a stale attempt's note never conflicts, so its foreign key is checked.
CONFLICT = "ON CONFLICT (caller, idempotency_key, attempt) DO NOTHING"


@dataclass(frozen=True)
class RetryClaim:
    caller: str
    key: str
    attempt: str


RETRY: ContextVar[RetryClaim | None] = ContextVar("taizhang_retry", default=None)


@contextmanager
def claiming(claim: RetryClaim) -> Iterator[None]:
    """While the command of a request holding ``claim`` runs (the context follows it into worker threads)."""
    token = RETRY.set(claim)
    try:
        yield
    finally:
        RETRY.reset(token)


def values(claim: RetryClaim, stored_events: Sequence[StoredEvent]) -> tuple[str, str, str, str]:
    return claim.caller, claim.key, claim.attempt, str(stored_events[0].originator_id)


class RetryMarkingSQLiteRecorder(SQLiteApplicationRecorder):
    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        claim = RETRY.get()
        if claim is not None and stored_events:
            c.execute(f"INSERT INTO {TABLE} {COLUMNS} VALUES (?, ?, ?, ?) {CONFLICT}", values(claim, stored_events))
        return ids
