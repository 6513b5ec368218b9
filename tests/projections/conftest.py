from __future__ import annotations

from collections.abc import Iterator

import pytest

from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.bootstrap import build_read_store
from taizhang.settings import Settings


@pytest.fixture
def projector(app: Taizhang, settings: Settings) -> Iterator[Projector]:
    """Read models beside the test store, caught up by hand unless a test starts the runner."""
    runner = Projector(app, build_read_store(settings), batch_size=7)
    runner.setup()
    yield runner
    runner.stop()
    runner.store.close()
