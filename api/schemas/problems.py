"""A problem with its whole timeline, as the API answers it (inputs: ``taizhang.documents.problems``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from api.schemas.common import Schema
from domain.vocabulary import Category, Source, Stage, UnitKind, VoidKind


class EventPublic(Schema):
    """One step of the record: what happened, who did it, when it happened and when it was recorded."""

    version: int
    type: str
    actor: str
    occurred_at: datetime
    recorded_at: datetime
    details: dict[str, Any]


class ProblemPublic(Schema):
    id: uuid.UUID
    version: int
    source: Source
    category: Category
    village_id: uuid.UUID
    group_id: uuid.UUID | None
    place: str
    description: str
    stage: Stage
    stage_label: str
    unit_kind: UnitKind | None
    unit_id: uuid.UUID | None
    deadline: date | None
    deadline_working_days: int | None
    overdue_today: bool
    rectification_count: int
    sent_back_count: int
    extension_count: int
    reopen_count: int
    closed_on_time: bool | None
    void_kind: VoidKind | None
    original_id: uuid.UUID | None
    timeline: list[EventPublic]
