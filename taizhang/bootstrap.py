"""The composition root: Settings → eventsourcing environment → the application."""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from projections.db import ReadStore
from taizhang.application import Taizhang
from taizhang.clock import Clock
from taizhang.keystore import LazySQLiteKeyStore, MemoryKeyStore, PersonalKeyStore
from taizhang.settings import Settings
from taizhang.store.evidence import EvidenceStore
from taizhang.store.side import PostgresSideTables, SideTables, SQLiteSideTables

SQLITE_FACTORY = "taizhang.store.sqlite:DurableSQLiteFactory"
# Recorders that note, in a command's own transaction, the Idempotency-Key it was recorded under.
SQLITE_RECORDER = "taizhang.store.retry_marks:RetryMarkingSQLiteRecorder"
POSTGRES_RECORDER = "taizhang.store.retry_marks_postgres:RetryMarkingPostgresRecorder"


def persistence_env(settings: Settings) -> dict[str, str]:
    """Map the settings onto the variables the eventsourcing library reads."""
    if settings.store == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if settings.store == "sqlite":
        path = settings.sqlite_file
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": SQLITE_FACTORY,
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": str(settings.sqlite_lock_timeout_seconds),
            "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER,
        }
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_HOST": settings.postgres_host,
        "POSTGRES_PORT": str(settings.postgres_port),
        "POSTGRES_USER": settings.postgres_user,
        "POSTGRES_PASSWORD": settings.postgres_password,
        "POSTGRES_DBNAME": settings.postgres_dbname,
        "POSTGRES_SCHEMA": settings.postgres_schema,
        "POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
        "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER,
    }
    if settings.postgres_dsn:
        from psycopg.conninfo import conninfo_to_dict  # PostgreSQL's driver loads only for a PostgreSQL store

        parts = conninfo_to_dict(settings.postgres_dsn)
        for key, name in [
            ("host", "HOST"),
            ("port", "PORT"),
            ("user", "USER"),
            ("password", "PASSWORD"),
            ("dbname", "DBNAME"),
        ]:
            if parts.get(key):
                env[f"POSTGRES_{name}"] = str(parts[key])
    return env


def build_app(settings: Settings, clock: Clock | None = None, key_store: PersonalKeyStore | None = None) -> Taizhang:
    """The application on the configured store, with the system clock and the store's key file unless given."""
    with schema_lock(settings):
        return Taizhang(persistence_env(settings), clock, key_store or build_key_store(settings),
                        photos=EvidenceStore(settings.evidence_root, settings.evidence_max_bytes))


def build_key_store(settings: Settings) -> PersonalKeyStore:
    """Reporters' personal keys, apart from the event store so that they can be destroyed (crypto-shredding)."""
    if settings.store == "memory":
        return MemoryKeyStore()
    return LazySQLiteKeyStore(settings.data_dir / "personal-keys.sqlite")


def build_read_store(settings: Settings) -> ReadStore:
    """The read models' database: the event store's own SQLite file or PostgreSQL schema."""
    if settings.store == "sqlite":
        return ReadStore("sqlite", sqlite_path=persistence_env(settings)["SQLITE_DBNAME"])
    if settings.store == "memory":
        # Shared in-memory database: lives while one connection to it stays open.
        return ReadStore("sqlite", sqlite_path=f"file:taizhang-read-{uuid.uuid4().hex}?mode=memory&cache=shared")
    return ReadStore("postgres", conninfo=postgres_conninfo(settings), schema=settings.postgres_schema)


def postgres_conninfo(settings: Settings) -> str:
    env = persistence_env(settings)
    from psycopg.conninfo import make_conninfo

    return make_conninfo(
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        dbname=env["POSTGRES_DBNAME"],
    )


@contextmanager
def schema_lock(settings: Settings) -> Iterator[None]:
    """Serialise start-ups on one PostgreSQL schema.

    eventsourcing creates its tables with CREATE TABLE IF NOT EXISTS on start-up; two workers doing
    that at the same moment can fail with "tuple concurrently updated". A session advisory lock keyed
    on the schema makes them take turns; SQLite and memory stores need nothing.
    """
    if settings.store != "postgres":
        yield
        return
    import psycopg

    with psycopg.connect(postgres_conninfo(settings), autocommit=True) as conn:
        key = zlib.crc32(f"taizhang-start:{settings.postgres_schema}".encode())
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


def build_side_tables(settings: Settings) -> SideTables:
    """The credentials and idempotency tables, in the same database as the event log."""
    if settings.store == "memory":
        return SQLiteSideTables(":memory:")
    if settings.store == "sqlite":
        settings.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        return SQLiteSideTables(settings.sqlite_file, settings.sqlite_lock_timeout_seconds)
    with schema_lock(settings):
        return PostgresSideTables(postgres_conninfo(settings), settings.postgres_schema)
