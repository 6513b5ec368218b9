"""Answers about accounts, sign-in tokens and API keys (their input documents: ``taizhang.documents.accounts``)."""

from __future__ import annotations

import uuid

from pydantic import Field

from api.schemas.common import Schema
from domain.account import AccessRole


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


class ApiKeyIssued(Schema):
    key_id: str
    api_key: str = Field(description="shown once: send it in the X-API-Key header")
    label: str


class ApiKeyPublic(Schema):
    key_id: str
    label: str
    created_at: str
    revoked_at: str | None
