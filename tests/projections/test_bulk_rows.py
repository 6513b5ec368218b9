"""Rows added in bulk (``Tx.insert``: COPY on PostgreSQL) come back exactly as given, whatever their text holds."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from taizhang.bootstrap import build_read_store
from taizhang.settings import Settings

AWKWARD = ["a\tb", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "", "东沟村 3组", "\\t literally"]


def test_bulk_rows_keep_tabs_line_ends_backslashes_and_nulls(settings: Settings) -> None:
    store = build_read_store(settings)
    rows = [(n, text, None if n % 2 else n * 10**12) for n, text in enumerate(AWKWARD)] + [(99, None, 0)]
    try:
        with store.transaction() as tx:
            tx.execute("CREATE TABLE rm_bulk_probe (n INTEGER PRIMARY KEY, body TEXT, big BIGINT)")
            tx.insert("rm_bulk_probe", ("n", "body", "big"), rows)
        with store.reading() as tx:
            assert tx.all("SELECT n, body, big FROM rm_bulk_probe ORDER BY n") == rows
    finally:
        with store.transaction() as tx:
            tx.execute("DROP TABLE IF EXISTS rm_bulk_probe")
        store.close()


def test_a_refused_bulk_row_leaves_the_transaction_unwritten(settings: Settings) -> None:
    store = build_read_store(settings)
    try:
        with store.transaction() as tx:
            tx.execute("CREATE TABLE rm_bulk_probe (n INTEGER PRIMARY KEY, body TEXT)")
        with pytest.raises((sqlite3.IntegrityError, psycopg.errors.UniqueViolation)), store.transaction() as tx:
            tx.insert("rm_bulk_probe", ("n", "body"), [(1, "one"), (2, "two"), (1, "again")])
        with store.reading() as tx:
            assert tx.all("SELECT count(*) FROM rm_bulk_probe") == [(0,)]
    finally:
        with store.transaction() as tx:
            tx.execute("DROP TABLE IF EXISTS rm_bulk_probe")
        store.close()
