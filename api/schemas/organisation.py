"""Bodies for the township, its villages and groups, people and their roles, and holiday notices."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import ConfigDict, Field

from api.schemas.common import CommandResult, Day, Moment, Schema, Text, VersionedCommand
from domain.vocabulary import Role, UnitKind


class TownshipPublic(Schema):
    id: uuid.UUID
    name: str
    code: str


class VillageCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "东沟村", "code": "v01"}]})

    name: Text(60, 1)
    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    occurred_at: Moment | None = None


class GroupCreate(VersionedCommand):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "一组"}]})

    name: Text(60, 1)


class GroupPublic(Schema):
    id: uuid.UUID
    name: str


class VillagePublic(Schema):
    id: uuid.UUID
    version: int
    name: str
    code: str
    groups: list[GroupPublic]


class GroupAdded(CommandResult):
    group_id: uuid.UUID


class PersonCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "李明", "phone": "13800000000"}]})

    name: Text(40, 1)
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
    area: Text(200) = ""


class RoleEnd(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"end": "2023-06-30", "reason": "换届"}]}
    )

    end: Day
    reason: Text(1000, 1)


class RoleTaken(CommandResult):
    number: int


class RoleAssignmentPublic(Schema):
    number: int
    role: Role
    unit_kind: UnitKind
    unit_id: uuid.UUID
    start: date
    end: date | None
    area: str


class PersonPublic(Schema):
    id: uuid.UUID
    version: int
    name: str
    phone: str
    roles_on: date | None = Field(description="the day the roles are given for; null when every role is listed")
    roles: list[RoleAssignmentPublic]


class HolidayNoticeCreate(Schema):
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
    title: Text(200, 1)
    reason: Text(1000) = ""


class HolidayNoticePublic(Schema):
    year: int
    version: int
    title: str
    holidays: list[date]
    makeup_workdays: list[date]
