"""Checkpoints on a schedule: a daemon thread the server starts at start-up and stops at shut-down."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from taizhang.audit.checkpoint import Checkpoint
from taizhang.audit.service import AuditService

log = logging.getLogger(__name__)


@dataclass
class CheckpointSchedule:
    thread: threading.Thread
    stopping: threading.Event
    made: list[Checkpoint]

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.thread.join(timeout)


def start_checkpoint_schedule(
    service: AuditService, every_seconds: float, on_error: Callable[[Exception], None] | None = None
) -> CheckpointSchedule:
    """Sign a checkpoint every ``every_seconds`` when the log has grown (and once at start).

    A failed round is logged and retried at the next tick: a checkpoint is an extra guarantee, never
    a reason to stop the server.
    """
    stopping = threading.Event()
    made: list[Checkpoint] = []

    def run() -> None:
        while not stopping.is_set():
            try:
                checkpoint = service.checkpoint()
                if not made or made[-1].tree_size != checkpoint.tree_size:
                    made.append(checkpoint)
            except Exception as error:
                log.exception("scheduled checkpoint failed")
                if on_error is not None:
                    on_error(error)
            stopping.wait(every_seconds)

    thread = threading.Thread(target=run, name="taizhang-checkpoints", daemon=True)
    thread.start()
    return CheckpointSchedule(thread, stopping, made)
