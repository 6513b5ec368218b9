"""Types every schema shares: clean text, bounded times, the answer to a command, the error body."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def _printable(value: str) -> str:
    # Control characters and lone surrogates cannot be stored or shown faithfully: refuse them here.
    for character in value:
        code = ord(character)
        if (code < 32 and character not in "\t\n\r") or 0xD800 <= code <= 0xDFFF or code == 0x7F:
            raise ValueError("text may not contain control characters")
    return value


def _in_era(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValueError("dates must lie between 2000-01-01 and 2100-12-31")
    return value


def Text(max_length: int, min_length: int = 0) -> Any:  # noqa: N802 - reads as a type
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_printable)]


Day = Annotated[date, AfterValidator(_in_era)]
Moment = Annotated[AwareDatetime, AfterValidator(_in_era)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]


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


class VersionedCommand(Schema):
    """A command on an existing resource: give the version you saw here or in ``If-Match``."""

    expected_version: Version | None = Field(None, description="the version you saw; a stale one answers 409")
