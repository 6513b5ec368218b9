from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.keystore import SQLiteKeyStore
from taizhang.settings import Settings
from tests.stores import store_settings

STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """The same test body on the embedded SQLite store and on a real PostgreSQL server."""
    with store_settings(request.param, tmp_path) as s:
        yield s


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(datetime(2023, 3, 1, 1, 0, tzinfo=UTC))


@pytest.fixture
def app(settings: Settings, clock: SimulatedClock, tmp_path: Path) -> Iterator[Taizhang]:
    application = build_app(settings, clock, SQLiteKeyStore(tmp_path / "personal-keys.sqlite"))
    application.init_store("simulation", "示例镇", "demo", "admin")
    yield application
    application.close()


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo township loaded once for the session, on SQLite: for tests that only read it."""
    from taizhang.demo.loader import load_demo

    folder = tmp_path_factory.mktemp("demo")
    load_demo(Settings(store="sqlite", data_dir=folder))
    return folder
