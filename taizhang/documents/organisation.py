"""Input documents for villages and groups, people and their dated roles, and holiday notices."""

from __future__ import annotations

import uuid

from pydantic import ConfigDict, Field

from domain.vocabulary import Role, UnitKind
from taizhang.documents.base import (
    Day,
    Document,
    Explanation,
    Line,
    Moment,
    Name,
    Note,
    OptionalLine,
    ShortName,
    VersionedCommand,
)


class VillageCreate(Document):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "东沟村", "code": "v01"}]})

    name: Name
    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    occurred_at: Moment | None = None


class GroupCreate(VersionedCommand):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "一组"}]})

    name: Name


class VillageRename(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "东沟社区", "reason": "撤村改社区（县政府批复）"}]}
    )

    name: Name
    reason: Explanation


class PersonCreate(Document):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "李明", "phone": "13800000000"}]}
    )

    name: ShortName
    phone: str = Field("", pattern=r"^[0-9+\- ]{0,20}$")


class RoleTake(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "role": "cleaner",
                    "unit_kind": "village",
                    "unit_id": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
                    "start": "2023-01-01",
                    "area": "村口至小学路段",
                }
            ]
        },
    )

    role: Role
    unit_kind: UnitKind
    unit_id: uuid.UUID
    start: Day
    area: OptionalLine = ""


class RoleEnd(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"end": "2023-06-30", "reason": "换届"}]}
    )

    end: Day
    reason: Explanation


class HolidayNoticeCreate(Document):
    """The State Council's notice for a year; recording a known year again revises it (reason needed)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "year": 2030,
                    "holidays": ["2030-01-01"],
                    "makeup_workdays": [],
                    "title": "国务院办公厅关于2030年部分节假日安排的通知",
                }
            ]
        },
    )

    year: int = Field(ge=2000, le=2100)
    holidays: list[Day] = Field(max_length=80)
    makeup_workdays: list[Day] = Field(default_factory=list, max_length=40)
    title: Line
    reason: Note = ""
