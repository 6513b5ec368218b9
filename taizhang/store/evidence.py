"""The evidence store: photos, videos and documents on the file system, each named by its sha256.

A file lives at ``<root>/ab/cdef…`` (the first two hex digits as a folder) beside ``<the same name>.type`` holding
the media type it was first stored with. Writing goes to ``<root>/tmp`` while hashing, is fsynced,
then renamed into place, so a crash leaves either the whole file or none; storing the same bytes
twice keeps one copy. A photo's marks (``photo_marks``) are read when it is stored and kept beside it. Events
record the sha256, and a photo's marks; who may read a file is decided by the API.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from domain.errors import DomainError, InvalidInput, NotFound

if TYPE_CHECKING:
    from domain.acts import PhotoMarks

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)


def _starts(*prefixes: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(prefixes)


def _iso_media(head: bytes) -> bool:
    """MP4, QuickTime, 3GP and HEIC all open with an ``ftyp`` box."""
    return head[4:8] == b"ftyp"


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


# Accepted media types and how their first bytes must look: a declared type the content contradicts
# is refused, so that nothing stored as a photo can be served as a web page.
ACCEPTED: dict[str, Callable[[bytes], bool]] = {
    "image/jpeg": _starts(b"\xff\xd8\xff"),
    "image/png": _starts(b"\x89PNG\r\n\x1a\n"),
    "image/gif": _starts(b"GIF87a", b"GIF89a"),
    "image/webp": _webp,
    "image/heic": _iso_media,
    "video/mp4": _iso_media,
    "video/quicktime": _iso_media,
    "video/3gpp": _iso_media,
    "application/pdf": _starts(b"%PDF-"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _starts(*_ZIP),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _starts(*_ZIP),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _starts(*_ZIP),
    "application/msword": _starts(*_OLE),
    "application/vnd.ms-excel": _starts(*_OLE),
    "application/vnd.ms-powerpoint": _starts(*_OLE),
}
SNIFF_BYTES = 16


class EvidenceTooLarge(DomainError):
    code = "evidence_too_large"
    title = "证据文件过大"


class EvidenceTypeRefused(DomainError):
    code = "evidence_type_refused"
    title = "证据文件类型不允许"


@dataclass(frozen=True)
class StoredEvidence:
    sha256: str
    size: int
    media_type: str
    already_stored: bool


class EvidenceStore:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    def path_of(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise InvalidInput(f"“{sha256}”不是 sha256", f"{sha256!r} is not a sha256 (64 lowercase hex digits)")
        return self.root / sha256[:2] / sha256[2:]

    def media_type(self, sha256: str) -> str:
        path = self.path_of(sha256)
        if not path.is_file():
            raise NotFound(f"找不到证据文件 {sha256}", f"no evidence file {sha256}")
        kept = path.with_name(path.name + ".type")
        return kept.read_text().strip() if kept.is_file() else "application/octet-stream"

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(self, chunks: Iterable[bytes], media_type: str) -> StoredEvidence:
        """Store the bytes if their type is accepted and they fit; refuse with nothing kept otherwise."""
        media_type = media_type.split(";", 1)[0].strip().lower()
        check = ACCEPTED.get(media_type)
        if check is None:
            raise EvidenceTypeRefused(
                f"不接受类型为“{media_type or '未知'}”的文件：只接受照片、视频、PDF 和 Office 文档",
                f"media type {media_type or 'unknown'!r} is not accepted (photos, videos, PDF, Office documents)",
                accepted=sorted(ACCEPTED),
            )
        tmp = self.root / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        partial = tmp / uuid.uuid4().hex
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with open(partial, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise EvidenceTooLarge(
                            f"文件超过 {self.max_bytes // (1024 * 1024)} MB 上限",
                            f"the file is larger than the limit of {self.max_bytes} bytes",
                            max_bytes=self.max_bytes,
                        )
                    if len(head) < SNIFF_BYTES:
                        head += chunk[: SNIFF_BYTES - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if size == 0:
                raise InvalidInput("上传的文件是空的", "the uploaded file is empty")
            if not check(head):
                raise EvidenceTypeRefused(
                    f"文件内容与声明的类型“{media_type}”不符", f"the file's content is not {media_type}"
                )
            sha256 = digest.hexdigest()
            final = self.path_of(sha256)
            if final.is_file():
                return StoredEvidence(sha256, size, self.media_type(sha256), already_stored=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            kept = final.with_name(final.name + ".type")
            kept.write_text(media_type)
            os.replace(partial, final)
            self.photo_marks(sha256)  # read once, now, so that citing it costs a small file's read
            _sync_folder(final.parent)
            return StoredEvidence(sha256, size, media_type, already_stored=False)
        finally:
            partial.unlink(missing_ok=True)

    def photo_marks(self, sha256: str) -> PhotoMarks | None:
        """A stored photo's perceptual hash, EXIF time taken and GPS position; None for no stored photo."""
        from taizhang.store.photo_marks import kept_marks  # beside photos.py, which builds on this store

        if not self.exists(sha256):
            return None
        return kept_marks(self.path_of(sha256), self.media_type(sha256))


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
