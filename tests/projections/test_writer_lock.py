"""A running projection process never blocks another process setting up or reading its status."""

from __future__ import annotations

import threading

from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.bootstrap import build_read_store
from taizhang.settings import Settings


def test_set_up_does_not_wait_for_the_writer(app: Taizhang, settings: Settings, projector: Projector) -> None:
    projector.start(poll_interval=0.01)
    try:
        assert projector.wait_for(app.recorder.max_notification_id(), timeout=10)
        other = Projector(app, build_read_store(settings))
        finished = threading.Event()

        def set_up_and_report() -> None:
            other.setup()
            other.status()
            finished.set()

        worker = threading.Thread(target=set_up_and_report, daemon=True)
        worker.start()
        assert finished.wait(10), "set-up waited on the running writer's lock"
        other.store.close()
    finally:
        projector.stop()
