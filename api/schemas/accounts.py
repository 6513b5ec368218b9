"""Bodies for accounts, sign-in tokens and API keys."""

from __future__ import annotations

import uuid

from pydantic import ConfigDict, Field

from api.schemas.common import Schema, Text, VersionedCommand
from domain.account import AccessRole

Username = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{2,31}$", examples=["wang.office"])
Password = Field(min_length=8, max_length=128)


class AccountCreate(Schema):
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
    display_name: Text(40) = ""
    person_id: uuid.UUID | None = Field(
        None, description="the person who signs in with it (required for cleaner and village_cadre accounts)"
    )


class PersonLink(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"person_id": "5f0c8a51-8d7e-4c55-9a0e-3f1d2b6c7e90", "reason": "开户时选错了同名人员"}]},
    )

    person_id: uuid.UUID
    reason: Text(1000, 1)


class AccessChange(VersionedCommand):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"access_role": "environment_office", "reason": "调入镇环境治理办"}]},
    )

    access_role: AccessRole
    village_id: uuid.UUID | None = None
    reason: Text(1000, 1)


class AccountDisable(VersionedCommand):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "离职"}]})

    reason: Text(1000, 1)


class PasswordReset(Schema):
    new_password: str = Password


class PasswordChange(Schema):
    current_password: str = Field(min_length=1, max_length=128)
    new_password: str = Password


class AccountPublic(Schema):
    id: uuid.UUID
    version: int
    username: str
    display_name: str
    access_role: AccessRole
    village_id: uuid.UUID | None
    person_id: uuid.UUID | None = Field(description="the person who signs in with it, when named")
    disabled: bool


class TokenPublic(Schema):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="seconds until the token expires")


class ApiKeyCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"label": "月度导出任务"}]})

    label: Text(100, 1)


class ApiKeyIssued(Schema):
    key_id: str
    api_key: str = Field(description="shown once: send it in the X-API-Key header")
    label: str


class ApiKeyPublic(Schema):
    key_id: str
    label: str
    created_at: str
    revoked_at: str | None
