"""Backup of an embedded record while it serves and records, restore into a new folder, and the restored record
verified: the same events byte for byte up to the backed-up position, the same read models once caught up, the
evidence, the reporters' keys, the signing key and the template along; a damaged or forged backup is refused and
leaves the target empty."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.acts import Evidence
from domain.vocabulary import Category, Source
from projections.db import ReadStore
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.audit import keys
from taizhang.audit.stores import audit_service
from taizhang.backup.log_state import folder_settings, read_log_state
from taizhang.backup.manifest import MANIFEST, Manifest, RestoreRefused, listed
from taizhang.backup.restore import restore
from taizhang.backup.take import back_up
from taizhang.bootstrap import build_app, build_read_store
from taizhang.cli.root import cli
from taizhang.settings import Settings
from taizhang.store.evidence import EvidenceStore
from taizhang.summary.render import default_template
from taizhang.summary.template import TEMPLATE_NAME
from tests.integration.audit.tamper import update_state
from tests.projections.helpers import contents

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8


@dataclass
class Record:
    settings: Settings
    app: Taizhang
    village: uuid.UUID
    photo: Evidence
    report: uuid.UUID


def notifications(app: Taizhang, upto: int) -> list[tuple[int, str, int, str, bytes]]:
    """Every stored event up to ``upto`` as stored: position, aggregate, version, topic and the state's bytes."""
    found = app.recorder.select_notifications(start=1, limit=upto + 1, stop=upto)
    return [(n.id, str(n.originator_id), n.originator_version, n.topic, bytes(n.state)) for n in found]


@pytest.fixture
def record(tmp_path: Path) -> Iterator[Record]:
    """A real record with a village, a photo, a named report (a personal key), a signed checkpoint and a template."""
    settings = Settings(store="sqlite", data_dir=tmp_path / "data")
    app = build_app(settings)
    app.init_store("real", "示例镇", "demo", "setup")
    village = app.register_village("东沟村", "v01", "setup").id
    stored = EvidenceStore(settings.evidence_root, settings.evidence_max_bytes).put([JPEG], "image/jpeg")
    photo = Evidence(stored.sha256, "photo.jpg", "image/jpeg")
    report = app.submit_public_report(village, "河堤", "倾倒垃圾", [photo], "qunzhong", reporter="张三 13800000000").id
    keys.generate(keys.key_folder(settings.data_dir))
    audit_service(app, settings).checkpoint()
    (settings.data_dir / TEMPLATE_NAME).write_text(default_template(), encoding="utf-8")
    yield Record(settings, app, village, photo, report)
    app.close()


def test_a_backup_taken_under_write_load_restores_the_same_events_and_read_models(
    record: Record, tmp_path: Path
) -> None:
    app, settings = record.app, record.settings
    projector = Projector(app, build_read_store(settings))
    projector.start()  # the read models kept up inside the serving process, as `taizhang serve` does
    stopping, written = threading.Event(), []

    def writer() -> None:
        while not stopping.is_set():
            outcome = app.register_problem(Source.TOWNSHIP_PATROL, Category.INFORMAL_DUMP, record.village, "村口",
                                           "路边垃圾", "wang.fang", evidence=[record.photo])
            written.append((time.monotonic(), outcome.position))

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 30:
            time.sleep(0.01)
        started = time.monotonic()
        manifest = back_up(settings, tmp_path / "backup")
        finished = time.monotonic()
        seen = len(written)
        while len(written) < seen + 5:  # the record goes on after the backup too
            time.sleep(0.01)
    finally:
        stopping.set()
        thread.join()
        projector.stop()
        projector.store.close()
    during = [p for t, p in written if started <= t <= finished]
    assert during, "the writer recorded nothing while the backup ran"
    head = app.recorder.max_notification_id()
    assert 30 < manifest.position < head and manifest.events == manifest.position and manifest.checkpoints == 1

    restored = restore(tmp_path / "backup", tmp_path / "restored", settings)
    assert restored.report is not None and restored.report.ok and restored.report.uncovered > 0
    target = folder_settings(settings, tmp_path / "restored")
    again = build_app(target)
    try:
        assert again.recorder.max_notification_id() == manifest.position
        assert notifications(again, manifest.position) == notifications(app, manifest.position)
        assert again.reporter_identity(record.report) == "张三 13800000000"  # the reporter's key came along
        restored_models = Projector(again, build_read_store(target))
        restored_models.setup()
        restored_models.catch_up()
        from_scratch = Projector(app, ReadStore("sqlite", sqlite_path=str(tmp_path / "models-at-backup.sqlite")))
        from_scratch.setup()
        from_scratch.catch_up(stop=manifest.position)
        models = contents(restored_models)
        assert models == contents(from_scratch)
        assert sum(len(rows) for rows in models.values()) > 2 * manifest.position  # the ledger, the index, …
        restored_models.store.close()
        from_scratch.store.close()
    finally:
        again.close()
    folder = tmp_path / "restored"
    assert EvidenceStore(folder / "evidence", 10**6).path_of(record.photo.sha256).read_bytes() == JPEG
    assert (folder / TEMPLATE_NAME).read_text(encoding="utf-8") == default_template()
    assert (folder / "audit" / keys.PRIVATE_KEY_FILE).stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


@pytest.fixture
def backup(record: Record, tmp_path: Path) -> Path:
    back_up(record.settings, tmp_path / "backup")
    return tmp_path / "backup"


def refused(backup: Path, target: Path, settings: Settings) -> str:
    with pytest.raises(RestoreRefused) as refusal:
        restore(backup, target, settings)
    assert not target.exists() or list(target.iterdir()) == [], "the target must stay absent or empty"
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == [], "nothing half-restored"
    return refusal.value.message


def test_a_damaged_backup_is_refused_and_the_target_stays_empty(record: Record, backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "restored"
    target.mkdir()
    store = backup / "taizhang.sqlite"
    damaged = bytearray(store.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    store.write_bytes(bytes(damaged))
    message = refused(backup, target, record.settings)
    assert "备份已损坏" in message and "taizhang.sqlite" in message and "the backup is damaged" in message

    (backup / MANIFEST).unlink()
    assert "没有备份清单" in refused(backup, target, record.settings)


def test_a_forged_backup_with_a_manifest_to_match_is_refused_by_the_signed_checkpoint(
    record: Record, backup: Path, tmp_path: Path
) -> None:
    forged = folder_settings(record.settings, backup)
    assert update_state(forged, 3, "东沟村".encode(), "西沟村".encode()) == 1
    with sqlite3.connect(backup / "taizhang.sqlite") as db:
        db.execute("PRAGMA journal_mode=DELETE")
    state = read_log_state(forged)
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    (backup / "taizhang.sqlite-wal").unlink(missing_ok=True)
    manifest.update(log_root=state.log_root, files=[vars(f) for f in listed(backup)])
    (backup / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    Manifest.read(backup).check(backup)  # every digest agrees: only the signature can tell
    message = refused(backup, tmp_path / "restored", record.settings)
    assert "核验未通过" in message and "verification failed" in message and "位置 3" in message


def test_a_record_is_never_overwritten_and_postgres_is_told_the_way(
    record: Record, backup: Path, tmp_path: Path
) -> None:
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "taizhang.sqlite").write_bytes(b"someone's record")
    runner = CliRunner()
    answer = runner.invoke(cli, ["restore", str(backup), "--data", str(occupied)])
    assert answer.exit_code == 2 and "不会覆盖" in answer.output and "never overwrites" in answer.output
    assert (occupied / "taizhang.sqlite").read_bytes() == b"someone's record"
    answer = runner.invoke(cli, ["backup", str(backup), "--data", str(record.settings.data_dir)])
    assert answer.exit_code == 2 and "备份不会覆盖" in answer.output
    answer = runner.invoke(cli, ["backup", str(tmp_path / "pg")], env={"TAIZHANG_STORE": "postgres"})
    assert answer.exit_code == 2 and "pg_dump -n public -Fc" in answer.output and "docs/DEPLOYMENT.md" in answer.output
    assert not (tmp_path / "pg").exists()
    answer = runner.invoke(cli, ["backup", str(tmp_path / "none"), "--data", str(tmp_path / "absent")])
    assert answer.exit_code == 2 and "不存在" in answer.output and not (tmp_path / "none").exists()
    shutil.rmtree(backup)
