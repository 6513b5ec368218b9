"""A full disk on append: a named error, nothing written, and the store works again once space returns.

SQLite: the page limit of the writer's connections is lowered to the file's current size
(``PRAGMA max_page_count``), which makes SQLite fail exactly as on a full disk (SQLITE_FULL); as root,
the same test also runs on a real tiny tmpfs that fills up.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.errors import StoreFull
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from taizhang.store import sqlite as durable_sqlite


@pytest.fixture
def page_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[sqlite3.Connection]]:
    """The SQLite connections the store opens, so the test can lower and raise their page limit."""
    opened: list[sqlite3.Connection] = []
    create = durable_sqlite.DurableConnectionPool._create_connection

    def remember(pool: durable_sqlite.DurableConnectionPool) -> durable_sqlite.SQLiteConnection:
        connection = create(pool)
        opened.append(connection._sqlite_conn)
        return connection

    monkeypatch.setattr(durable_sqlite.DurableConnectionPool, "_create_connection", remember)
    yield opened


def fill_until_full(app, start: int = 0) -> int:  # type: ignore[no-untyped-def]
    for i in range(start, start + 10_000):
        try:
            app.register_village(f"村{i:04d}" + "长" * 40, f"v{i:04d}", "admin")
        except StoreFull:
            return i
    raise AssertionError("the store never filled up")


def rows(path: Path) -> list[tuple[int, bytes]]:
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return db.execute("SELECT rowid, state FROM stored_events ORDER BY rowid").fetchall()


def test_a_full_disk_is_a_named_error_and_nothing_is_half_written(
    tmp_path: Path, page_limit: list[sqlite3.Connection]
) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path)
    app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
    app.init_store("simulation", "示例镇", "demo", "admin")
    pages = page_limit[0].execute("PRAGMA page_count").fetchone()[0]
    for connection in page_limit:
        connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    failed_at = fill_until_full(app)
    before = rows(settings.sqlite_file)
    with pytest.raises(StoreFull, match="nothing was written"):
        app.register_village("满了村", "full1", "admin")
    assert rows(settings.sqlite_file) == before

    for connection in page_limit:
        connection.execute("PRAGMA max_page_count = 1073741823")
    outcome = app.register_village("满了村", "full1", "admin")
    assert outcome.position == before[-1][0] + 1
    assert len(rows(settings.sqlite_file)) == len(before) + 1 and failed_at > 0
    app.close()


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0:
        return False
    where.mkdir(parents=True, exist_ok=True)
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, check=False
        ).returncode
        == 0
    )


def test_a_real_full_filesystem_too(tmp_path: Path) -> None:
    where = tmp_path / "tiny"
    if not _mount_tmpfs(where, "512k"):
        pytest.skip("mounting a tiny tmpfs needs root")
    try:
        settings = Settings(store="sqlite", data_dir=where)
        ballast = where / "ballast"
        ballast.write_bytes(b"\0" * 256 * 1024)
        app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
        app.init_store("simulation", "示例镇", "demo", "admin")
        fill_until_full(app)
        before = rows(settings.sqlite_file)
        with pytest.raises(StoreFull):
            app.register_village("满了村", "full1", "admin")
        assert rows(settings.sqlite_file) == before

        ballast.unlink()
        outcome = app.register_village("满了村", "full1", "admin")
        assert outcome.position == before[-1][0] + 1
        assert len(rows(settings.sqlite_file)) == len(before) + 1
        app.close()
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
