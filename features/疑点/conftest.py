"""The red-flag features read the read models: the application and its read store on one scenario's store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from features.conftest import FEATURE_STORE
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_read_store
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.stores import store_settings


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    with store_settings(FEATURE_STORE, tmp_path) as chosen:
        yield chosen


@pytest.fixture
def app(clock: SimulatedClock, settings: Settings) -> Iterator[Taizhang]:
    application = build_app(settings, clock)
    application.init_store("simulation", "示例镇", "shili", "system:features")
    yield application
    application.close()


@pytest.fixture
def projector(app: Taizhang, settings: Settings) -> Iterator[Projector[Taizhang]]:
    runner = Projector(app, build_read_store(settings))
    runner.setup()
    yield runner
    runner.store.close()
