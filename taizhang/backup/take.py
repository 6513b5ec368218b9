"""``taizhang backup``: a consistent copy of an embedded (SQLite) record while it serves and records.

The event store file (which also holds the read models, the audit's checkpoints and leaf ledger, the
credentials and idempotency keys) is copied with SQLite's online backup API in one step: one read
transaction, so the copy is the database as of one moment, and writers go on meanwhile (WAL). Then, in
this order, the reporters' personal keys (also by the backup API), the evidence files, the audit's
signing key folder and the township's summary template. The order matters: a key or an evidence file
is always stored before the event that uses it is recorded, so everything an event of the copied log
needs was there before the log was copied — except a key destroyed meanwhile (crypto-shredding),
which stays destroyed. The copy is built in a hidden folder beside the destination and renamed into
place with its manifest, so an interrupted backup leaves no folder that looks like a backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from taizhang.audit import keys
from taizhang.backup.log_state import folder_settings, read_log_state, single_file
from taizhang.backup.manifest import (
    AUDIT,
    EVENT_STORE,
    EVIDENCE,
    PERSONAL_KEYS,
    BackupRefused,
    Manifest,
    listed,
)
from taizhang.settings import Settings
from taizhang.summary.template import TEMPLATE_NAME

Clock = Callable[[], datetime]


def postgres_way(settings: Settings) -> BackupRefused:
    schema = settings.postgres_schema
    return BackupRefused(
        "PostgreSQL 上的台账在数据库里，taizhang backup 只备份内置的 SQLite 台账。请用 "
        f"pg_dump -n {schema} -Fc -f taizhang-{schema}.dump 备份该 schema，并另行备份数据目录 {settings.data_dir}"
        "（证据文件、审计签名密钥、举报人个人密钥、总结模板），见 docs/DEPLOYMENT.md",
        "a record on PostgreSQL lives in the database: `taizhang backup` copies only the embedded SQLite record. "
        f"Back up the schema with `pg_dump -n {schema} -Fc -f taizhang-{schema}.dump`, and the data folder "
        f"{settings.data_dir} (evidence, the audit signing key, reporters' personal keys, the summary template) "
        "beside it; see docs/DEPLOYMENT.md",
    )


def empty_or_absent(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def back_up(settings: Settings, destination: Path, clock: Clock = lambda: datetime.now(UTC)) -> Manifest:
    """Copy the record ``settings`` name into ``destination`` (absent or empty), with its manifest."""
    if settings.store != "sqlite":
        raise postgres_way(settings) if settings.store == "postgres" else BackupRefused(
            "内存中的台账不保存任何内容，无从备份", "the in-memory store keeps nothing to back up"
        )
    source = settings.sqlite_file
    if not source.is_file():
        raise BackupRefused(
            f"{source} 不存在：这里没有台账可备份（--data 是否写错？）",
            f"there is no record at {source} to back up (is --data right?)",
        )
    destination = destination.absolute()
    if not empty_or_absent(destination):
        raise BackupRefused(
            f"{destination} 已存在且不是空目录：备份不会覆盖任何东西，请换一个目录",
            f"{destination} exists and is not an empty folder: a backup never overwrites; choose another folder",
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.parent / f".{destination.name}.partial-{uuid.uuid4().hex[:8]}"
    staging.mkdir(mode=0o700)
    try:
        made_at = clock()
        copy_sqlite(source, staging / EVENT_STORE, settings.sqlite_lock_timeout_seconds)
        keys_file = settings.data_dir / PERSONAL_KEYS
        if keys_file.is_file():
            copy_sqlite(keys_file, staging / PERSONAL_KEYS, settings.sqlite_lock_timeout_seconds)
        copy_evidence(settings.evidence_root, staging / EVIDENCE)
        copy_folder(keys.key_folder(settings.data_dir), staging / AUDIT)
        template = settings.data_dir / TEMPLATE_NAME
        if template.is_file():
            shutil.copy2(template, staging / TEMPLATE_NAME)
        state = read_log_state(folder_settings(settings, staging))
        single_file(staging / EVENT_STORE)
        manifest = Manifest(
            made_at=made_at.isoformat(),
            position=state.position,
            recorded_at=state.recorded_at.isoformat() if state.recorded_at else None,
            events=state.events,
            log_root=state.log_root,
            checkpoints=state.checkpoints,
            township_code=state.township_code,
            files=listed(staging),
        )
        manifest.write(staging)
        if destination.exists():
            destination.rmdir()  # empty, checked above; the rename below puts the whole backup in its place
        os.replace(staging, destination)
        sync_folder(destination.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def copy_sqlite(source: Path, target: Path, timeout: float) -> None:
    """The whole database as of one read transaction (``pages=-1``: one step, so no write restarts it)."""
    reading = sqlite3.connect(str(source), timeout=timeout)
    writing = sqlite3.connect(str(target))
    try:
        reading.backup(writing, pages=-1)
    finally:
        writing.close()
        reading.close()
    single_file(target)


def copy_evidence(root: Path, target: Path) -> None:
    """Evidence files never change once stored (named by their sha256); files still being written are skipped."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] != "tmp":
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)


def copy_folder(folder: Path, target: Path) -> None:
    """The files of ``folder`` with their permissions (the private signing key stays readable by its owner only)."""
    if not folder.is_dir():
        return
    target.mkdir(mode=0o700)
    for path in sorted(folder.iterdir()):
        if path.is_file():
            shutil.copy2(path, target / path.name)


def sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
