"""Checkpoints on a schedule inside the serving process: every N events or every so many hours, no cron job.

A daemon thread looks at the log's head every few seconds; when enough events came, or enough time
passed since the last checkpoint while the log grew, it signs one and sends it to the county witness
(if one is configured). A witness that did not answer is asked again later, from the size it last
co-signed. A failed round is logged and tried again: a checkpoint is an extra guarantee, never a
reason to stop the server.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from eventsourcing.application import Application

from taizhang.audit import keys
from taizhang.audit.checkpoint import Checkpoint
from taizhang.audit.service import AuditService
from taizhang.audit.stores import audit_service
from taizhang.audit.verifier import VerifierKey
from taizhang.audit.witnessing import push
from taizhang.settings import Settings

log = logging.getLogger(__name__)
WITNESS_RETRY_SECONDS = 60.0


@dataclass(frozen=True)
class Witness:
    url: str
    key: VerifierKey


@dataclass
class CheckpointSchedule:
    thread: threading.Thread
    stopping: threading.Event
    made: list[Checkpoint] = field(default_factory=list)
    cosigned: list[Checkpoint] = field(default_factory=list)

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.thread.join(timeout)


def start_checkpoint_schedule(
    service: AuditService,
    every_events: int = 0,
    every_seconds: float = 0.0,
    witness: Witness | None = None,
    poll_seconds: float = 2.0,
    on_error: Callable[[Exception], None] | None = None,
) -> CheckpointSchedule:
    """Sign when ``every_events`` events came or ``every_seconds`` passed since the last checkpoint (0: never)."""
    schedule = CheckpointSchedule(threading.Thread(), threading.Event())
    witness_due = 0.0

    def round_() -> None:
        nonlocal witness_due
        head = service.app.recorder.max_notification_id() or 0
        latest = service.store.latest()
        last_position = latest[0].last_position if latest else 0
        new = head - last_position
        since = _seconds_since(service.app, latest[0].signed_at) if latest else float("inf")
        if new > 0 and ((every_events and new >= every_events) or (every_seconds and since >= every_seconds)):
            schedule.made.append(service.checkpoint())
        if witness is None or service.store.latest() is None or time.monotonic() < witness_due:
            return
        if service.store.cosigned_size(witness.key.text()) < service.latest_checkpoint().tree_size:
            try:
                schedule.cosigned.append(push(service, witness.url, witness.key))
            except Exception:
                witness_due = time.monotonic() + WITNESS_RETRY_SECONDS
                raise

    def run() -> None:
        while not schedule.stopping.is_set():
            try:
                round_()
            except Exception as error:
                log.exception("scheduled checkpoint failed")
                if on_error is not None:
                    on_error(error)
            schedule.stopping.wait(poll_seconds)

    schedule.thread = threading.Thread(target=run, name="taizhang-checkpoints", daemon=True)
    schedule.thread.start()
    return schedule


def _seconds_since(app: Application, signed_at: str) -> float:
    clock = getattr(app, "clock", None)
    now = clock.now() if clock is not None else datetime.now(UTC)
    return (now - datetime.fromisoformat(signed_at)).total_seconds()


def start_server_checkpoints(app: Application, settings: Settings) -> CheckpointSchedule | None:
    """The schedule the settings ask for, or None (in-memory store, both intervals 0, or no signing key yet)."""
    if settings.store == "memory" or not (settings.checkpoint_every_events or settings.checkpoint_every_hours):
        return None
    service = audit_service(app, settings)
    if not (service.key_folder / keys.PRIVATE_KEY_FILE).exists():
        log.warning("no checkpoint signing key in %s: checkpoints are not made (taizhang audit keygen)",
                    service.key_folder)
        return None
    witness = None
    if settings.witness_url and settings.witness_key:
        witness = Witness(settings.witness_url, VerifierKey.parse(settings.witness_key))
    return start_checkpoint_schedule(
        service, settings.checkpoint_every_events, settings.checkpoint_every_hours * 3600, witness
    )
