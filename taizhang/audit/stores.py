"""Build the audit store for the configured event store, from the same connection settings."""

from __future__ import annotations

import sqlite3
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventsourcing.application import Application

from taizhang.audit import keys
from taizhang.audit.service import AuditService
from taizhang.audit.store import AuditStore
from taizhang.bootstrap import persistence_env
from taizhang.commands.base import Commands
from taizhang.settings import Settings


class RecordLog(Application):
    """The record's event log opened for reading only, under the application's own name.

    eventsourcing names the PostgreSQL event table after the application (``taizhang_events``); a plain
    ``Application`` would read (and create) ``application_events`` instead. SQLite's table has one name.
    """

    name = Commands.name


def log_reader(settings: Settings) -> Application:
    """The log alone, without the application's start-up (clock, township), so that an altered record still opens."""
    return RecordLog(env=persistence_env(settings))


def audit_store(settings: Settings) -> AuditStore:
    if settings.store == "sqlite":
        path = str(settings.sqlite_file)

        def connect_sqlite() -> sqlite3.Connection:
            connection = sqlite3.connect(path, timeout=settings.sqlite_lock_timeout_seconds)
            connection.execute("PRAGMA synchronous=FULL")
            return connection

        @contextmanager
        def file_lock() -> Iterator[None]:
            if sys.platform == "win32":  # a development machine: one process signs
                yield
                return
            import fcntl

            with open(f"{path}.checkpoint-lock", "a") as held:  # each open() is locked apart, threads too
                fcntl.flock(held, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(held, fcntl.LOCK_UN)

        store = AuditStore(connect_sqlite, prefix="", param="?", blob="BLOB", exclusive=file_lock)
    elif settings.store == "postgres":
        import psycopg  # loaded only for a PostgreSQL store

        env = persistence_env(settings)
        schema = settings.postgres_schema.replace('"', "")

        def connect_postgres() -> psycopg.Connection:
            return psycopg.connect(
                host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"],
                password=env["POSTGRES_PASSWORD"], dbname=env["POSTGRES_DBNAME"],
            )

        @contextmanager
        def advisory_lock() -> Iterator[None]:
            key = zlib.crc32(f"taizhang-checkpoint:{schema}".encode())
            with connect_postgres() as held:
                held.autocommit = True
                held.execute("SELECT pg_advisory_lock(%s)", (key,))
                try:
                    yield
                finally:
                    held.execute("SELECT pg_advisory_unlock(%s)", (key,))

        store = AuditStore(connect_postgres, prefix=f'"{schema}".', param="%s", blob="BYTEA", exclusive=advisory_lock)
    else:
        raise ValueError("the in-memory store keeps nothing to audit: use sqlite or postgres")
    store.ensure_tables()
    return store


def audit_service(app: Application, settings: Settings, key_folder: Path | None = None) -> AuditService:
    """The audit over ``app``'s store; the signing key lives in ``<data_dir>/audit`` unless told otherwise."""
    folder = key_folder or keys.key_folder(settings.data_dir)
    return AuditService(app, audit_store(settings), folder, settings.audit_origin)
