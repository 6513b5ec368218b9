"""PostgreSQL's recorder noting a retry key's command in the command's own transaction (``retry_marks``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from taizhang.store.retry_marks import COLUMNS, CONFLICT, RETRY, TABLE, values


class RetryMarkingPostgresRecorder(PostgresApplicationRecorder):
    def _insert_events(self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        claim = RETRY.get()
        if claim is not None and stored_events:
            statement = SQL("INSERT INTO {}.{} " + COLUMNS + " VALUES (%s, %s, %s, %s) " + CONFLICT).format(
                Identifier(self.datastore.schema), Identifier(TABLE))
            curs.execute(statement, values(claim, stored_events))
