"""Real photos for tests: a township scene drawn from a seed, saved as a JPEG at a chosen quality and size,
with the EXIF time taken and GPS position a phone writes."""

from __future__ import annotations

import io
import random
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image


def scene(seed: int, size: tuple[int, int] = (1600, 1200)) -> Image:
    """A picture of blurred blobs: different seeds are different pictures, as far apart as two photos are."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    small = Image.new("RGB", (400, 300), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(small)
    for _ in range(60):
        x, y = rng.randrange(400), rng.randrange(300)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + rng.randrange(10, 120), y + rng.randrange(10, 90)), fill=colour)
    return small.filter(ImageFilter.GaussianBlur(3)).resize(size)


def jpeg(picture: Image, quality: int = 90, size: tuple[int, int] | None = None, taken: datetime | None = None,
         gps: tuple[float, float] | None = None) -> bytes:
    """The picture as a JPEG file; ``taken`` without a zone is written without OffsetTimeOriginal."""
    shown = picture.resize(size) if size else picture
    exif = shown.getexif()
    if taken is not None:
        details = exif.get_ifd(0x8769)
        details[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
        if taken.utcoffset() is not None:
            details[0x9011] = taken.isoformat()[-6:]
    if gps is not None:
        position = exif.get_ifd(0x8825)
        position[1], position[2] = ("N" if gps[0] >= 0 else "S"), _dms(abs(gps[0]))
        position[3], position[4] = ("E" if gps[1] >= 0 else "W"), _dms(abs(gps[1]))
    out = io.BytesIO()
    shown.save(out, "JPEG", quality=quality, exif=exif)
    return out.getvalue()


def _dms(degrees: float) -> tuple[float, float, float]:
    whole, minutes = int(degrees), (degrees - int(degrees)) * 60
    return float(whole), float(int(minutes)), round((minutes - int(minutes)) * 60, 4)
