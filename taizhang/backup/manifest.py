"""A backup's manifest: what it holds (each file's size and sha256), the log position it reaches, and when.

The manifest is written last, so a folder without one is an interrupted backup; a file whose size or
digest differs from it is damage, and a restore refuses the whole backup before copying anything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from domain.errors import DomainError

FORMAT = "taizhang-backup/1"
MANIFEST = "manifest.json"
EVENT_STORE = "taizhang.sqlite"
PERSONAL_KEYS = "personal-keys.sqlite"
EVIDENCE = "evidence"
AUDIT = "audit"
CHUNK = 1024 * 1024


class BackupRefused(DomainError):
    code = "backup_refused"
    title = "备份被拒绝"


class RestoreRefused(DomainError):
    """The backup is damaged, incomplete, or does not verify; or the target already holds something."""

    code = "restore_refused"
    title = "恢复被拒绝"


@dataclass(frozen=True)
class BackedUpFile:
    path: str  # relative to the backup folder, with forward slashes
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    made_at: str  # when the backup was taken (server clock, ISO with zone)
    position: int  # the last log position the backed-up event store holds
    recorded_at: str | None  # when the event at that position was recorded
    events: int
    log_root: str  # the Merkle root of those events, as the audit computes it (hex)
    checkpoints: int  # signed checkpoints held in the backed-up store
    township_code: str
    files: list[BackedUpFile] = field(default_factory=list)
    format: str = FORMAT

    def write(self, folder: Path) -> Path:
        path = folder / MANIFEST
        with open(path, "w", encoding="utf-8") as out:
            json.dump(asdict(self), out, ensure_ascii=False, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        return path

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.is_file():
            raise RestoreRefused(
                f"{folder} 中没有备份清单 {MANIFEST}：不是备份，或备份没有做完",
                f"{folder} has no {MANIFEST}: it is not a backup, or the backup did not finish",
            )
        try:
            raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                raise ValueError(f"format {raw.get('format')!r}")
            files = [BackedUpFile(**entry) for entry in raw.pop("files")]
            return cls(**raw, files=files)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise RestoreRefused(
                f"备份清单 {path} 已损坏或格式不对（{error}）",
                f"the manifest {path} is damaged or not a {FORMAT} ({error})",
            ) from None

    def check(self, folder: Path) -> None:
        """Every file present with its size and digest, and evidence named by its own digest; else refuse."""
        damaged = [f"{entry.path}（{problem}）" for entry in self.files if (problem := _damage(folder, entry))]
        if damaged:
            raise RestoreRefused(
                f"备份已损坏，未恢复任何内容：{'；'.join(damaged[:5])}",
                f"the backup is damaged, nothing was restored: {'; '.join(damaged[:5])}",
                damaged=damaged,
            )
        if not any(entry.path == EVENT_STORE for entry in self.files):
            raise RestoreRefused("备份中没有事件库", f"the backup holds no event store ({EVENT_STORE})")


def _damage(folder: Path, entry: BackedUpFile) -> str | None:
    path = folder / entry.path
    if not path.is_file():
        return "缺失 / missing"
    if path.stat().st_size != entry.size:
        return f"大小 {path.stat().st_size}，清单记为 {entry.size} / size differs"
    digest = file_sha256(path)
    if digest != entry.sha256:
        return "内容与清单的 sha256 不符 / sha256 differs"
    parts = entry.path.split("/")
    # Only the files themselves are named by their digest; what is kept beside one (its ``.type``, thumbnail,
    # marks) has a dot in its name.
    if parts[0] == EVIDENCE and "." not in parts[-1] and "".join(parts[1:]) != digest:
        return "证据文件内容与其名称（sha256）不符 / evidence content differs from its name"
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_of(folder: Path) -> Iterator[Path]:
    """Every file under ``folder`` but the manifest, in a stable order."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            yield path


def listed(folder: Path) -> list[BackedUpFile]:
    """Each file's size and digest, each made durable on the way (the manifest is only written after)."""
    entries = []
    for path in files_of(folder):
        with open(path, "rb") as file:
            os.fsync(file.fileno())
        entries.append(BackedUpFile(path.relative_to(folder).as_posix(), path.stat().st_size, file_sha256(path)))
    return entries
