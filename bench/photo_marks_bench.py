"""What marking a photo adds to its upload: a phone-sized JPEG (4000×3000) stored with and without its marks.

    python -m bench.photo_marks_bench [--rounds 10]

Two camera-sized pictures: one of smooth shapes (a small file) and one of fine noise (detail
everywhere, a large file, the worst a decoder meets). Each round stores a new copy of each (a few bytes after the
JPEG's end make another sha256, as another upload would be) through ``EvidenceStore.put``, which reads the marks
(pHash, EXIF time, GPS) once, and times the marks apart; the marks of the same file decoded whole (no JPEG draft)
are timed too, to show what decoding at an eighth of the size saves. The first marking in a process also loads
imagehash, numpy and scipy: timed apart as "first".
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from PIL import Image

from domain.acts import PhotoMarks
from domain.local_time import CHINA
from taizhang.store.evidence import EvidenceStore
from taizhang.store.photo_marks import read_marks
from tests.support.pictures import jpeg, scene


def pictures() -> dict[str, bytes]:
    taken = datetime(2023, 5, 1, 9, 30, tzinfo=CHINA)
    noise = Image.effect_noise((4000, 3000), 60).convert("RGB")
    return {"smooth": jpeg(scene(1, (4000, 3000)), 90, taken=taken, gps=(34.5, 105.72)),
            "noise": jpeg(noise, 90, taken=taken, gps=(34.5, 105.72))}


def whole_decode_marks(path: Path) -> str:
    import imagehash

    with Image.open(path) as picture:
        return str(imagehash.phash(picture))


def ms(seconds: list[float]) -> str:
    values = sorted(s * 1000 for s in seconds)
    return (f"median {statistics.median(values):7.1f} ms  min {values[0]:7.1f}  max {values[-1]:7.1f}  "
            f"(n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        store = EvidenceStore(Path(folder) / "marked", 100 * 1024 * 1024)
        unmarked = Unmarked(Path(folder) / "unmarked", 100 * 1024 * 1024)
        made = pictures()
        first = time.perf_counter()
        read_marks(_written(Path(folder) / "warm.jpg", made["smooth"]))
        print(f"first marking in the process (imports imagehash, numpy, scipy): "
              f"{(time.perf_counter() - first) * 1000:.0f} ms")
        for name, data in made.items():
            puts, marks, whole, plain = [], [], [], []
            for n in range(rounds):
                copy = data + f"round {n}".encode()
                started = time.perf_counter()
                stored = store.put([copy], "image/jpeg")
                puts.append(time.perf_counter() - started)
                path = store.path_of(stored.sha256)
                started = time.perf_counter()
                read_marks(path)
                marks.append(time.perf_counter() - started)
                started = time.perf_counter()
                whole_decode_marks(path)
                whole.append(time.perf_counter() - started)
                started = time.perf_counter()
                unmarked.put([copy + b"unmarked"], "image/jpeg")
                plain.append(time.perf_counter() - started)
            print(f"{name} ({len(data) / 1e6:.1f} MB, 4000×3000):")
            print(f"  upload stored with its marks      {ms(puts)}")
            print(f"  the marks alone (JPEG draft)      {ms(marks)}")
            print(f"  the marks decoding it whole       {ms(whole)}")
            print(f"  upload stored without marks       {ms(plain)}")


class Unmarked(EvidenceStore):
    """The store as it was before photos were marked: the upload's own cost, to compare with."""

    def photo_marks(self, sha256: str) -> PhotoMarks | None:
        return None


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


if __name__ == "__main__":
    main()
