"""Uploaded evidence kept by its sha256 (content-addressed), so the hash in the record names the file."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from domain.acts import Evidence
from domain.errors import InvalidInput

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = ("image/", "video/", "application/pdf")


class EvidenceFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def keep(self, name: str, media_type: str, content: bytes) -> Evidence:
        """Store one upload and answer the evidence record that names it."""
        if not content:
            raise InvalidInput(f"证据文件“{name}”是空的", f"evidence file {name!r} is empty")
        if len(content) > MAX_BYTES:
            raise InvalidInput(
                f"证据文件“{name}”超过 {MAX_BYTES // 1024 // 1024} MB", f"evidence file {name!r} is too large"
            )
        if not media_type.startswith(ALLOWED_TYPES):
            raise InvalidInput(
                f"证据文件“{name}”须为照片、视频或 PDF（收到 {media_type or '未知类型'}）",
                f"evidence {name!r} must be a photo, video or PDF, not {media_type!r}",
            )
        digest = hashlib.sha256(content).hexdigest()
        target = self.root / digest[:2] / digest
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        return Evidence(digest, Path(name).name[:200], media_type)
