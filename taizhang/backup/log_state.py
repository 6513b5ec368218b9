"""What an embedded store's log holds, read the way the audit reads it: head, count, Merkle root, checkpoints.

A backup records this of its copy; a restore reads it again of the restored copy and must find the same.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from taizhang.audit.merkle import RootAccumulator, leaf_hash
from taizhang.audit.service import read_events
from taizhang.audit.stores import audit_store
from taizhang.backup.manifest import EVENT_STORE, EVIDENCE
from taizhang.bootstrap import build_app
from taizhang.keystore import MemoryKeyStore
from taizhang.settings import Settings


@dataclass(frozen=True)
class LogState:
    position: int
    recorded_at: datetime | None
    events: int
    log_root: str
    checkpoints: int
    township_code: str


def folder_settings(settings: Settings, folder: Path) -> Settings:
    """The settings of an embedded store laid out in ``folder`` the default way (nothing taken from elsewhere)."""
    return settings.model_copy(
        update={"store": "sqlite", "data_dir": folder, "sqlite_path": folder / EVENT_STORE,
                "evidence_dir": folder / EVIDENCE}
    )


def read_log_state(settings: Settings) -> LogState:
    """The log of the store ``settings`` name, read through the application (no key needed: nothing is unsealed)."""
    app = build_app(settings, key_store=MemoryKeyStore())
    try:
        position, recorded_at = app.log_head()
        tree = RootAccumulator()
        for event in read_events(app):
            tree.add_leaf_hash(leaf_hash(event.leaf()))
        checkpoints = len(audit_store(settings).checkpoints())
        mark = app.store_mark()
    finally:
        app.close()
    return LogState(position, recorded_at, tree.size, tree.root().hex(), checkpoints,
                    mark.township_code if mark is not None else "")


def single_file(path: Path) -> None:
    """Leave an SQLite file whole in itself (rollback journal, no WAL beside it), as a copy kept apart should be."""
    connection = sqlite3.connect(str(path))
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
