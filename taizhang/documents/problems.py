"""Input documents of the problem lifecycle: register, assign, extend, rectify, verify, close, reopen, void."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from domain.errors import InvalidInput
from domain.problem import Location
from domain.vocabulary import Category, Source, UnitKind, VoidKind
from taizhang.documents.base import (
    Day,
    Description,
    Document,
    Explanation,
    Line,
    Moment,
    Name,
    Note,
    OptionalLabel,
    OptionalLine,
    VersionedCommand,
)

Sha256 = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the file in the evidence store")


class EvidenceIn(Document):
    sha256: str = Sha256
    name: OptionalLine = ""
    media_type: OptionalLabel = ""


class DeadlineIn(Document):
    """Either a date, or a number of working days counted on the statutory calendar."""

    due: Day | None = None
    working_days: int | None = Field(None, ge=1, le=250)

    @model_validator(mode="after")
    def one_of_two(self) -> DeadlineIn:
        if (self.due is None) == (self.working_days is None):
            raise ValueError("give either due or working_days")
        return self


class LocationIn(Document):
    """Where it is, in degrees (WGS-84), as a phone or a photo gives it; six decimals is about 10 cm."""

    latitude: Decimal = Field(ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal = Field(ge=-180, le=180, max_digits=10, decimal_places=6)


def as_location(given: LocationIn | None) -> Location | None:
    return Location(given.latitude, given.longitude) if given is not None else None


def parse_location(text: str) -> dict[str, str] | None:
    """Coordinates typed as ``30.123456,104.123456`` (latitude first), for the document to check; blank is none."""
    cleaned = text.strip().replace("，", ",")
    if not cleaned:
        return None
    latitude, comma, longitude = cleaned.partition(",")
    if not comma:
        raise InvalidInput(f"坐标“{text}”应写作 纬度,经度，如 30.123456,104.123456",
                           f"coordinates {text!r} must be written latitude,longitude")
    return {"latitude": latitude.strip(), "longitude": longitude.strip()}


class ProblemCreate(Document):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "source": "aerial_photo",
                    "category": "informal_dump",
                    "village_id": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
                    "place": "村口桥头",
                    "description": "路边堆放生活垃圾约 2 立方米",
                    "evidence": [{"sha256": "a" * 64, "name": "before.jpg", "media_type": "image/jpeg"}],
                    "occurred_at": "2023-03-01T08:30:00+08:00",
                }
            ]
        },
    )

    source: Source
    category: Category
    village_id: uuid.UUID
    group_id: uuid.UUID | None = None
    place: Line
    description: Description
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=20)
    occurred_at: Moment | None = None
    location: LocationIn | None = Field(None, description="where it is, as coordinates (optional)")


class ProblemAssign(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"deadline": {"working_days": 5}, "note": "限期清运"}]}
    )

    deadline: DeadlineIn
    unit_kind: Literal[UnitKind.VILLAGE, UnitKind.GROUP] = UnitKind.VILLAGE
    unit_id: uuid.UUID | None = Field(None, description="defaults to the problem's village")
    note: Note = ""
    occurred_at: Moment | None = None


class DeadlineExtend(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"deadline": {"due": "2023-03-15"}, "reason": "连续降雨无法清运", "approver": "分管领导 王某"}]
        },
    )

    deadline: DeadlineIn
    reason: Explanation
    approver: Name
    occurred_at: Moment | None = None


class ResourcesIn(Document):
    labour_person_times: int = Field(0, ge=0, le=1_000_000)
    machinery_unit_times: int = Field(0, ge=0, le=1_000_000)
    tonnes_cleared: Decimal = Field(Decimal(0), ge=0, le=1_000_000, decimal_places=3, allow_inf_nan=False)
    buildings_demolished: int = Field(0, ge=0, le=100_000)


class RectificationReport(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "description": "已组织清运，现场恢复整洁",
                    "evidence": [{"sha256": "b" * 64, "name": "after.jpg", "media_type": "image/jpeg"}],
                    "resources": {"labour_person_times": 12, "machinery_unit_times": 2, "tonnes_cleared": "3.5"},
                }
            ]
        },
    )

    description: Description
    evidence: list[EvidenceIn] = Field(min_length=1, max_length=20)
    resources: ResourcesIn = Field(default_factory=ResourcesIn)
    occurred_at: Moment | None = None


class Verification(VersionedCommand):
    """Pass the rectification, or send it back with a reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"outcome": "pass", "note": "现场复核合格"}, {"outcome": "send_back", "reason": "照片看不清"}]
        },
    )

    outcome: Literal["pass", "send_back"]
    note: Note = ""
    reason: Note = ""
    occurred_at: Moment | None = None


class ProblemClose(VersionedCommand):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"note": "对账销号"}]})

    note: Note = ""
    occurred_at: Moment | None = None


class ProblemReopen(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "复查发现垃圾反弹", "deadline": {"working_days": 3}}]},
    )

    reason: Explanation
    deadline: DeadlineIn
    occurred_at: Moment | None = None


class ProblemVoid(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "duplicate", "reason": "与航拍点重复", "original_id": "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b"}
            ]
        },
    )

    kind: VoidKind
    reason: Explanation
    original_id: uuid.UUID | None = None
    occurred_at: Moment | None = None
