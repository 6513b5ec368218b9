"""A stored photo's marks, read once when it is stored and kept beside it: the perceptual hash (pHash) that
finds the same picture re-encoded, and the EXIF time taken and GPS position where the photo has them.

The marks live at ``<the file's path>.marks.json`` (an empty object for a photo that could not be read), written
to a temporary name and renamed into place; a photo stored before photos were marked is read the first time it
is cited. The imaging libraries load only here, when a photo is stored or first cited.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from domain.acts import PhotoMarks
from taizhang.store.photos import MAX_PIXELS, THUMBNAIL_TYPES, gps_of

if TYPE_CHECKING:
    from PIL.Image import Exif

MARKED_TYPES = THUMBNAIL_TYPES  # the image types Pillow reads
# The hash is taken of a 32 × 32 greyscale picture: a JPEG decoded straight at an eighth of its size (at least
# this many pixels a side) gives the same hash within a bit or two, at a fraction of the cost of a full decode.
DRAFT_SIDE = 256
_EXIF_IFD, _DATETIME_ORIGINAL, _OFFSET_ORIGINAL = 0x8769, 0x9003, 0x9011


def marks_path(original: Path) -> Path:
    return original.with_name(original.name + ".marks.json")


def kept_marks(original: Path, media_type: str) -> PhotoMarks | None:
    """The marks kept beside the photo, read from it now (and kept) if they were not yet; None for no photo."""
    if media_type not in MARKED_TYPES:
        return None
    kept = marks_path(original)
    if kept.is_file():
        return PhotoMarks.from_record(json.loads(kept.read_text()))
    marks = read_marks(original)
    partial = kept.with_name(f"{kept.name}.{uuid.uuid4().hex}.tmp")
    partial.write_text(json.dumps(marks.as_record() if marks else {}, sort_keys=True))
    os.replace(partial, kept)
    return marks


def read_marks(path: Path) -> PhotoMarks | None:
    """The photo's marks, or None if it cannot be decoded as a picture."""
    import imagehash  # with numpy, scipy and PyWavelets: loaded only when a photo is marked
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as picture:
            exif = picture.getexif()
            picture.draft("L", (DRAFT_SIDE, DRAFT_SIDE))
            # Turned upright as shown, so that a copy saved already turned hashes as its original.
            shown = ImageOps.exif_transpose(picture) or picture
            phash = str(imagehash.phash(shown))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        # Not a picture Pillow can decode (or not safely): stored, and cited, unmarked
        return None
    position = gps_of(exif)
    return PhotoMarks(phash, taken_at(exif), *(position or (None, None)))


def taken_at(exif: Exif) -> str:
    """EXIF DateTimeOriginal as ISO text, with OffsetTimeOriginal where given; "" where absent or unreadable."""
    try:
        details = exif.get_ifd(_EXIF_IFD)
        said = str(details.get(_DATETIME_ORIGINAL, "")).strip("\x00 ")
        moment = datetime.strptime(said, "%Y:%m:%d %H:%M:%S")
    except (AttributeError, KeyError, TypeError, ValueError):
        return ""
    offset = str(details.get(_OFFSET_ORIGINAL, "")).strip("\x00 ")
    if offset:
        try:
            return datetime.fromisoformat(moment.isoformat() + offset).isoformat()
        except ValueError:
            pass
    return moment.isoformat()
