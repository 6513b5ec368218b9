"""The township, villages, people and notices as the API answers them (inputs: ``taizhang.documents.organisation``)."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field

from api.schemas.common import CommandResult, Schema
from domain.vocabulary import Role, UnitKind


class TownshipPublic(Schema):
    id: uuid.UUID
    name: str
    code: str


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


class HolidayNoticePublic(Schema):
    year: int
    version: int
    title: str
    holidays: list[date]
    makeup_workdays: list[date]
