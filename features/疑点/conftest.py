"""The red-flag features read the read models: the application and its read store on one scenario's store."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from domain.acts import Evidence
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


class Photos:
    """Real photos put into the scenario's evidence store, as an upload puts them: the record marks each when
    it is cited (perceptual hash, EXIF time, GPS). Each name is its own picture, drawn from the name."""

    def __init__(self, settings: Settings) -> None:
        from taizhang.store.evidence import EvidenceStore

        self.store = EvidenceStore(settings.evidence_root, settings.evidence_max_bytes)

    def taken(self, name: str, quality: int = 90, size: tuple[int, int] | None = None,
              when: datetime | None = None, gps: tuple[float, float] | None = None, picture: str = "") -> Evidence:
        """The photo named ``name``, showing ``picture`` (by default its own), saved as a phone or a resave would."""
        from tests.support.pictures import jpeg, scene

        shown = scene(zlib.crc32((picture or name).encode()))
        stored = self.store.put([jpeg(shown, quality, size, when, gps)], "image/jpeg")
        return Evidence(stored.sha256, name, "image/jpeg")


@pytest.fixture
def photos(settings: Settings) -> Photos:
    return Photos(settings)


# The demo year's steps live beside the stories' (features/疑点/test_red_flags.py); made visible to its scenarios here.
from features.疑点.demo_steps import *  # noqa: E402, F403
