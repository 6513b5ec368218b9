"""The head of the event log: how far the record reaches, and when its last event was recorded."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from api.schemas.common import Schema


class LogHeadPublic(Schema):
    position: int = Field(description="the last position of the log (0 when nothing is recorded)")
    recorded_at: datetime | None = Field(description="when the event at that position was recorded (server clock)")
