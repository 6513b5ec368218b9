"""Run SQL directly on the event table, as a database administrator could: the test's tamperer."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import psycopg

from taizhang.settings import Settings


def run_sql(settings: Settings, sqlite_sql: str, postgres_sql: str, params: Sequence[object] = ()) -> int:
    if settings.store == "sqlite":
        with sqlite3.connect(settings.sqlite_file) as db:
            return db.execute(sqlite_sql, params).rowcount
    with psycopg.connect(settings.postgres_dsn, autocommit=True) as db:
        db.execute(f'SET search_path TO "{settings.postgres_schema}"')
        return db.execute(postgres_sql, params).rowcount


def update_state(settings: Settings, position: int, old: bytes, new: bytes) -> int:
    return run_sql(
        settings,
        "UPDATE stored_events SET state = CAST(replace(state, ?, ?) AS BLOB) WHERE rowid = ?",
        "UPDATE taizhang_events SET state = overlay(state placing %s from position(%s in state)) "
        "WHERE notification_id = %s",
        (old, new, position) if settings.store == "sqlite" else (new, old, position),
    )


def delete_event(settings: Settings, position: int) -> int:
    return run_sql(
        settings,
        "DELETE FROM stored_events WHERE rowid = ?",
        "DELETE FROM taizhang_events WHERE notification_id = %s",
        (position,),
    )
