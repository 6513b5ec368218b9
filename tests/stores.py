"""Test stores: a temporary SQLite file, or an own schema on a real PostgreSQL server, dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from taizhang.settings import Settings

DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_dsn() -> str | None:
    """The test server: TAIZHANG_TEST_POSTGRES_DSN, else the local default if it answers."""
    dsn = os.environ.get("TAIZHANG_TEST_POSTGRES_DSN")
    if dsn:
        return dsn
    try:
        with psycopg.connect(DEFAULT_DSN, connect_timeout=2):
            return DEFAULT_DSN
    except psycopg.OperationalError:
        return None


def require_postgres() -> str:
    dsn = postgres_dsn()
    if dsn is None:
        if os.environ.get("TAIZHANG_TEST_POSTGRES_REQUIRED") == "1":
            pytest.fail("PostgreSQL is required (TAIZHANG_TEST_POSTGRES_REQUIRED=1) but none answers")
        pytest.skip("no PostgreSQL configured (set TAIZHANG_TEST_POSTGRES_DSN)")
    return dsn


@contextmanager
def postgres_schema() -> Iterator[Settings]:
    dsn = require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    parts = conninfo_to_dict(dsn)
    try:
        yield Settings(
            store="postgres",
            postgres_dsn=dsn,
            postgres_schema=schema,
            postgres_dbname=str(parts.get("dbname", "test")),
        )
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def store_settings(kind: str, tmp_path: Path) -> Iterator[Settings]:
    if kind == "sqlite":
        yield Settings(store="sqlite", data_dir=tmp_path)
    elif kind == "postgres":
        # The files beside the store (evidence, thumbnails, audit keys) go to the test's own folder too.
        with postgres_schema() as settings:
            yield settings.model_copy(update={"data_dir": tmp_path})
    else:
        yield Settings(store="memory", data_dir=tmp_path)
