"""``taizhang restore``: a backup into an empty folder, used only once it verifies; otherwise nothing at all.

First the backup itself: its manifest, and every file's size and sha256 against it (evidence also against
its own name). Then a copy in a hidden folder beside the target, and that copy verified: its log must be
the one the manifest describes (head position, number of events, Merkle root), and it must match every
signed checkpoint it holds (``AuditService.verify``, as ``taizhang audit verify`` does), checked with the
county's public key when given. Only then is the copy renamed into place; any refusal removes it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from domain.errors import DomainError
from taizhang.audit import keys
from taizhang.audit.service import AuditService
from taizhang.audit.stores import audit_store, log_reader
from taizhang.audit.verifier import Report, read_key
from taizhang.backup.log_state import folder_settings, read_log_state
from taizhang.backup.manifest import Manifest, RestoreRefused, listed
from taizhang.backup.take import empty_or_absent, sync_folder
from taizhang.settings import Settings


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    report: Report | None  # None: the record holds no signed checkpoint to verify against


def restore(backup: Path, target: Path, settings: Settings, public_key: str | None = None) -> Restored:
    """Restore ``backup`` into ``target`` (absent or empty) as an embedded store, verified, or refuse with nothing."""
    if settings.store != "sqlite":
        raise RestoreRefused(
            "taizhang restore 恢复内置的 SQLite 台账；PostgreSQL 请用 pg_restore 恢复 schema，"
            "再运行 taizhang audit verify，见 docs/DEPLOYMENT.md",
            "`taizhang restore` restores the embedded SQLite record; on PostgreSQL restore the schema with pg_restore "
            "and run `taizhang audit verify` (docs/DEPLOYMENT.md)",
        )
    target = target.absolute()
    if not empty_or_absent(target):
        raise RestoreRefused(
            f"{target} 已存在且不是空目录：恢复不会覆盖已有的记录，请指定一个空目录",
            f"{target} exists and is not an empty folder: a restore never overwrites a record; give an empty folder",
        )
    manifest = Manifest.read(backup)
    manifest.check(backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.restoring-{uuid.uuid4().hex[:8]}"
    staging.mkdir(mode=0o700)
    try:
        for entry in manifest.files:
            (staging / entry.path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(backup / entry.path, staging / entry.path)
        if [(f.path, f.sha256) for f in listed(staging)] != [(f.path, f.sha256) for f in manifest.files]:
            raise RestoreRefused("复制出的文件与备份清单不符", "the copied files differ from the backup's manifest")
        report = verified(folder_settings(settings, staging), manifest, public_key)
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(staging, target)
        sync_folder(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Restored(manifest, report)


def verified(settings: Settings, manifest: Manifest, public_key: str | None) -> Report | None:
    """The restored log is the manifest's, and matches every signed checkpoint it holds; else refuse."""
    state = read_log_state(settings)
    found = (state.position, state.events, state.log_root, state.checkpoints)
    expected = (manifest.position, manifest.events, manifest.log_root, manifest.checkpoints)
    if found != expected:
        raise RestoreRefused(
            f"恢复出的事件与备份清单不符（位置、条数、根哈希或检查点数：{found[:2]}，清单为 {expected[:2]}），"
            "未恢复任何内容",
            f"the restored log is not the one the manifest describes (position, events, root or checkpoints: "
            f"{found[:2]}, manifest {expected[:2]}); nothing was restored",
        )
    if state.checkpoints == 0:
        return None
    folder = keys.key_folder(settings.data_dir)
    if public_key is None and not (folder / keys.PUBLIC_KEY_FILE).is_file():
        raise RestoreRefused(
            "备份中有签名检查点，但没有用来核验的公钥：请用 --public-key 指明本镇的公钥",
            "the backup holds signed checkpoints but no public key to check them: give the township's --public-key",
        )
    app = log_reader(settings)
    try:
        service = AuditService(app, audit_store(settings), folder)
        report = service.verify(read_key(public_key, service.origin()) if public_key else None)
    except DomainError as error:
        raise RestoreRefused(
            f"核验未通过，未恢复任何内容：{error.zh}", f"verification failed, nothing was restored: {error.en}"
        ) from None
    finally:
        app.close()
    if not report.ok:
        raise RestoreRefused(
            f"核验未通过，未恢复任何内容：\n{report.summary()}", f"verification failed, nothing was restored:\n"
            f"{report.summary()}", report=report.summary()
        )
    return report
