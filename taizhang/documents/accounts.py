"""Input documents for accounts, passwords and API keys."""

from __future__ import annotations

import uuid

from pydantic import ConfigDict, Field

from domain.account import AccessRole
from taizhang.documents.base import (
    Document,
    Explanation,
    Label,
    OptionalShortName,
    VersionedCommand,
)

Username = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{2,31}$", examples=["wang.office"])
Password = Field(min_length=8, max_length=128)


class AccountCreate(Document):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "li.cadre",
                    "password": "change-me-2023",
                    "access_role": "village_cadre",
                    "village_id": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
                    "display_name": "李村干部",
                }
            ]
        },
    )

    username: str = Username
    password: str = Password
    access_role: AccessRole
    village_id: uuid.UUID | None = None
    display_name: OptionalShortName = ""
    person_id: uuid.UUID | None = Field(
        None, description="the person who signs in with it (required for cleaner and village_cadre accounts)"
    )


class PersonLink(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"person_id": "5f0c8a51-8d7e-4c55-9a0e-3f1d2b6c7e90", "reason": "开户时选错了同名人员"}]
        },
    )

    person_id: uuid.UUID
    reason: Explanation


class AccessChange(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"access_role": "environment_office", "reason": "调入镇环境治理办"}]},
    )

    access_role: AccessRole
    village_id: uuid.UUID | None = None
    reason: Explanation


class AccountDisable(VersionedCommand):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "离职"}]})

    reason: Explanation


class PasswordReset(Document):
    new_password: str = Password


class PasswordChange(Document):
    current_password: str = Field(min_length=1, max_length=128)
    new_password: str = Password


class ApiKeyCreate(Document):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"label": "月度导出任务"}]})

    label: Label
