"""What every answer shares: the answer to a command, the error body (input documents: ``taizhang.documents``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommandResult(Schema):
    """What every command answers: the resource, its new version, and the log position it reached."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b",
                    "version": 2,
                    "position": 118,
                    "recorded_at": "2023-03-01T09:30:00+00:00",
                }
            ]
        },
    )

    id: uuid.UUID
    version: int
    position: int = Field(description="notification id in the event log: read models catch up to it")
    recorded_at: datetime


class ErrorPublic(Schema):
    """Every refusal: a stable code, the message in Chinese and in English, and details."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "concurrent_change",
                    "message_zh": "问题已被他人修改（当前版本 3，你看到的是 2），请刷新后重试",
                    "message_en": "the problem changed (version 3, you saw 2)",
                    "details": {"current_version": 3},
                }
            ]
        },
    )

    code: str
    message_zh: str
    message_en: str
    details: dict[str, Any]
