"""The log opened for reading alone (as verification opens it) reads the application's own events on both stores."""

from __future__ import annotations

from pathlib import Path

from taizhang.application import Taizhang
from taizhang.audit.service import AuditService
from taizhang.audit.stores import audit_service, log_reader
from taizhang.settings import Settings
from tests.integration.audit.conftest import fill


def test_verification_through_the_log_reader_sees_every_event(
    app: Taizhang, settings: Settings, audit: AuditService, key_folder: Path
) -> None:
    fill(app)
    audit.checkpoint()
    reader = log_reader(settings)
    try:
        report = audit_service(reader, settings, key_folder).verify()
    finally:
        reader.close()
    assert report.ok and report.events_checked == app.recorder.max_notification_id() > 3, report.summary()
