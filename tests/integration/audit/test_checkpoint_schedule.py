"""Checkpoints on a schedule, as the server runs them: the log is signed again soon after it grows."""

from __future__ import annotations

import time

from taizhang.application import Taizhang
from taizhang.audit.schedule import start_checkpoint_schedule
from taizhang.audit.service import AuditService


def wait_for(condition, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_the_schedule_signs_the_log_as_it_grows(app: Taizhang, audit: AuditService) -> None:
    errors: list[Exception] = []
    schedule = start_checkpoint_schedule(audit, every_events=1, poll_seconds=0.05, on_error=errors.append)
    try:
        assert wait_for(lambda: schedule.made and schedule.made[-1].tree_size == 2)
        app.register_village("东沟村", "v01", "admin")
        assert wait_for(lambda: schedule.made[-1].tree_size == 3)
    finally:
        schedule.stop()
    assert not schedule.thread.is_alive() and errors == []
    assert [c.tree_size for c in audit.signed_checkpoints()] == [2, 3]
