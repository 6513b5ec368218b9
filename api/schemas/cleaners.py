"""A cleaner's month: the patrols of their area with each one's score, their rating, their bonus lines."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import Field

from api.schemas.common import Schema
from api.schemas.pay import PayLinePublic, RatingPublic
from api.schemas.readmodels import ProvenanceLink, SnapshotPublic


class ItemScorePublic(Schema):
    code: str
    name: str
    full_points: Decimal
    findings: int
    deducted: Decimal
    score: Decimal


class PatrolPublic(Schema):
    patrol_id: uuid.UUID
    day: date
    village_id: uuid.UUID
    area: str
    withdrawn: bool = Field(description="a withdrawn patrol is listed but not scored")
    score: Decimal | None
    full_score: Decimal | None
    items: list[ItemScorePublic]
    provenance: str = ProvenanceLink


class CleanerMonthPublic(Schema):
    person_id: uuid.UUID
    person_name: str
    month: str
    snapshot: SnapshotPublic
    frozen: bool = Field(description="true once the month is closed: the rating is the one frozen at its closing")
    rule_version_id: str
    patrols: list[PatrolPublic]
    rating: RatingPublic | None
    sheet_status: str = Field(
        description="the bonus sheet: draft, approved or paid; before drafting: due or provisional"
    )
    bonus_lines: list[PayLinePublic]
