"""What a stored photo shows at a glance: its thumbnail, made once beside it, and where it was taken (EXIF GPS).

A thumbnail lives at ``<the file's path>.thumb.jpg``; it is written to a temporary name and renamed into
place, under a lock per file, so two requests at once make it once and a crash never leaves half of one.
Only the image types Pillow reads are given one; a video, a PDF or a document has none and is opened
or downloaded whole. A picture too large to decode safely has no thumbnail either.
"""

from __future__ import annotations

import os
import threading
import uuid
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taizhang.store.evidence import EvidenceStore

if TYPE_CHECKING:
    from PIL.Image import Exif

THUMBNAIL_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
THUMBNAIL_SIZE = (360, 360)
MAX_PIXELS = 80_000_000  # a phone photo is ~50 MP at most: anything larger is refused as a decompression bomb


class Thumbnails:
    """Thumbnails of the evidence store's photos; ``made`` counts the ones this object generated."""

    def __init__(self, store: EvidenceStore) -> None:
        self.store = store
        self.made = 0
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def has_thumbnail(self, media_type: str) -> bool:
        return media_type in THUMBNAIL_TYPES

    def path(self, sha256: str) -> Path | None:
        """The thumbnail's file, made now if it is the first time it is asked for; None if there is none."""
        if not self.has_thumbnail(self.store.media_type(sha256)):
            return None
        original = self.store.path_of(sha256)
        thumb = original.with_name(original.name + ".thumb.jpg")
        if thumb.is_file():
            return thumb
        with self._lock_for(sha256):
            if thumb.is_file():  # made while this request waited for the lock
                return thumb
            if not self._make(original, thumb):
                return None
            self.made += 1
        return thumb

    def _lock_for(self, sha256: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sha256, threading.Lock())

    def _make(self, original: Path, thumb: Path) -> bool:
        from PIL import Image, ImageOps  # the imaging library loads when a thumbnail is first made

        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        partial = thumb.with_name(f"{thumb.name}.{uuid.uuid4().hex}.tmp")
        try:
            with Image.open(original) as picture:
                # A JPEG is decoded straight at an eighth, quarter or half of its size, whichever still
                # covers the thumbnail twice over (either way round, before the EXIF turn): a phone's
                # 12-megapixel photo is never decoded whole only to be shrunk.
                side = 2 * max(THUMBNAIL_SIZE)
                picture.draft("RGB", (side, side))
                shown = ImageOps.exif_transpose(picture) or picture
                shown = shown.convert("RGB")
                shown.thumbnail(THUMBNAIL_SIZE)
                shown.save(partial, "JPEG", quality=80, optimize=True)
            with open(partial, "rb") as written:
                os.fsync(written.fileno())
            os.replace(partial, thumb)
            return True
        except (OSError, ValueError, Image.DecompressionBombError):
            partial.unlink(missing_ok=True)
            return False


def photo_location(path: Path) -> tuple[Decimal, Decimal] | None:
    """Where a photo says it was taken (EXIF GPS), as latitude and longitude in degrees; None if it does not."""
    from PIL import Image

    try:
        with Image.open(path) as picture:
            return gps_of(picture.getexif())
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def gps_of(exif: Exif) -> tuple[Decimal, Decimal] | None:
    """The position a photo's EXIF GPS gives, in degrees; None where it gives none or none that can be."""
    try:
        gps = exif.get_ifd(0x8825)  # the GPS IFD
        latitude = _degrees(gps[2], gps.get(1, "N"))
        longitude = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or (latitude == 0 and longitude == 0):
        return None
    return latitude, longitude


def _degrees(parts: Any, reference: Any) -> Decimal:
    degrees, minutes, seconds = (Decimal(str(float(part))) for part in parts)
    value = degrees + minutes / 60 + seconds / 3600
    sign = -1 if str(reference).strip().upper() in ("S", "W") else 1
    return (sign * value).quantize(Decimal("0.000001"))
