"""Recognise storage failures that the township can act on, whichever driver reported them."""

from __future__ import annotations

import sqlite3
import sys

from domain.errors import StoreFull

SQLITE_FULL = 13


def is_store_full(error: BaseException) -> bool:
    """SQLite's SQLITE_FULL, or PostgreSQL's disk_full (53100), anywhere in the error's causes."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, sqlite3.Error) and getattr(seen, "sqlite_errorcode", None) == SQLITE_FULL:
            return True
        # Only a program that has loaded psycopg can have met its errors (the command line on SQLite never does).
        psycopg_errors = sys.modules.get("psycopg.errors")
        if psycopg_errors is not None and isinstance(seen, psycopg_errors.DiskFull):
            return True
        seen = seen.__cause__
    return False


def nothing_written() -> StoreFull:
    """The refusal of a write the store had no room for: its transaction rolled back whole."""
    return StoreFull(
        "存储空间已满，本次操作未写入任何内容；请清理磁盘空间后重试",
        "the store is out of space: nothing was written; free disk space and repeat the command",
    )
