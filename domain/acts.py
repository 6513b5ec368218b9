"""Who did something, when it happened and when it was recorded: the two time axes of every fact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import InvalidInput, OccurredInFuture

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PHASH = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Act:
    """One person's action: ``occurred_at`` is given by the user, ``recorded_at`` by the server's clock."""

    actor: str
    recorded_at: datetime
    occurred_at: datetime

    def __post_init__(self) -> None:
        if not self.actor:
            raise InvalidInput("缺少操作人", "the actor is missing")
        for name in ("recorded_at", "occurred_at"):
            if getattr(self, name).tzinfo is None:
                raise InvalidInput(f"{name} 必须带时区", f"{name} must carry a time zone")
        if self.occurred_at > self.recorded_at:
            raise OccurredInFuture(
                f"发生时间 {self.occurred_at.isoformat()} 晚于当前时间，不能登记未来的事",
                f"occurred time {self.occurred_at.isoformat()} is in the future",
            )


class RecordedFact(Aggregate.Event):
    """Base of every event: the actor and the occurred time travel with the recorded timestamp."""

    actor: str
    occurred_at: datetime

    @staticmethod
    def create_timestamp() -> datetime:
        # The domain never reads a clock: every event gets its recorded time from an Act.
        raise TypeError("taizhang events take their recorded time from an Act, not from a clock")


def as_fact(event: object) -> RecordedFact:
    """An event read back from the store, typed as what every event of this record is.

    The library hands events back typed by its protocol, which knows neither the actor nor the times.
    """
    if not isinstance(event, RecordedFact):
        raise TypeError(f"{type(event).__qualname__} is not a recorded fact")
    return event


def stamp(act: Act) -> dict[str, Any]:
    """The common fields of an event made from an act."""
    return {"actor": act.actor, "occurred_at": act.occurred_at, "timestamp": act.recorded_at}


@dataclass(frozen=True)
class PhotoMarks:
    """What a photo shows of itself, read once when it was stored: its perceptual hash (the same picture
    re-encoded hashes within a few bits), and the EXIF time taken and GPS position where it has them."""

    phash: str  # 64 bits as 16 hex digits (pHash)
    taken_at: str = ""  # EXIF DateTimeOriginal as ISO text, with its offset (OffsetTimeOriginal) where the photo says
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    def __post_init__(self) -> None:
        if not _PHASH.match(self.phash):
            raise InvalidInput(
                f"照片的感知哈希“{self.phash}”不是 16 位十六进制字符", f"phash {self.phash!r} is not 16 hex digits"
            )
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidInput("照片的位置须同时有纬度和经度", "a photo's position needs both latitude and longitude")

    def as_record(self) -> dict[str, str]:
        record = {"phash": self.phash}
        if self.taken_at:
            record["taken_at"] = self.taken_at
        if self.latitude is not None and self.longitude is not None:
            record["latitude"], record["longitude"] = str(self.latitude), str(self.longitude)
        return record

    @classmethod
    def from_record(cls, record: dict[str, str]) -> PhotoMarks | None:
        if not record.get("phash"):
            return None
        latitude, longitude = record.get("latitude"), record.get("longitude")
        return cls(record["phash"], record.get("taken_at", ""), Decimal(latitude) if latitude else None,
                   Decimal(longitude) if longitude else None)


@dataclass(frozen=True)
class Evidence:
    """A photo, video or document in the content-addressed store, named by its sha256; a photo with its marks."""

    sha256: str
    name: str = ""
    media_type: str = ""
    photo: PhotoMarks | None = None

    def __post_init__(self) -> None:
        if not _SHA256.match(self.sha256):
            raise InvalidInput(
                f"证据的 sha256 “{self.sha256}” 不是 64 位十六进制小写字符",
                f"evidence sha256 {self.sha256!r} is not 64 lowercase hex digits",
            )

    def as_record(self) -> dict[str, str]:
        # The marks are keys of the same reference, present only for a photo that has them: the references
        # recorded before photos were marked read as they always did.
        record = {"sha256": self.sha256, "name": self.name, "media_type": self.media_type}
        return record | self.photo.as_record() if self.photo is not None else record

    @classmethod
    def from_record(cls, record: dict[str, str]) -> Evidence:
        marks = PhotoMarks.from_record(record)
        return cls(record["sha256"], record.get("name", ""), record.get("media_type", ""), marks)


def evidence_records(evidence: list[Evidence] | tuple[Evidence, ...]) -> list[dict[str, str]]:
    return [e.as_record() for e in evidence]


@dataclass(frozen=True)
class Resources:
    """What a rectification took: labour 人次, machinery 台次, garbage 吨, buildings demolished 处."""

    labour_person_times: int = 0
    machinery_unit_times: int = 0
    tonnes_cleared: Decimal = Decimal(0)
    buildings_demolished: int = 0

    def __post_init__(self) -> None:
        for name in ("labour_person_times", "machinery_unit_times", "tonnes_cleared", "buildings_demolished"):
            if getattr(self, name) < 0:
                raise InvalidInput(f"{name} 不能为负数", f"{name} may not be negative")

    def as_record(self) -> dict[str, Any]:
        return {
            "labour_person_times": self.labour_person_times,
            "machinery_unit_times": self.machinery_unit_times,
            "tonnes_cleared": self.tonnes_cleared,
            "buildings_demolished": self.buildings_demolished,
        }
