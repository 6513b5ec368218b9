"""Input documents of campaign work records, toilet surveys and sewage stations."""

from __future__ import annotations

import uuid
from decimal import Decimal

from pydantic import Field

from taizhang.documents.base import (
    Document,
    Explanation,
    Label,
    Moment,
    Name,
    Note,
    OptionalLine,
    VersionedCommand,
)
from taizhang.documents.problems import EvidenceIn

Quantity = Field(gt=0, le=100_000_000, decimal_places=3, allow_inf_nan=False)


class WorkRecordCreate(Document):
    """One piece of work done: an indicator of the catalogue, how much, where, when, with evidence."""

    indicator: Name
    quantity: Decimal = Quantity
    village_id: uuid.UUID | None = None
    place: OptionalLine = ""
    note: Note = ""
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=20)
    occurred_at: Moment | None = None


class WorkCorrect(VersionedCommand):
    quantity: Decimal = Quantity
    reason: Explanation
    occurred_at: Moment | None = None


class Withdrawal(VersionedCommand):
    reason: Explanation
    occurred_at: Moment | None = None


class ToiletSurveyIn(Document):
    """A village's toilet survey (户厕摸底); a later survey of the same village needs a reason."""

    households: int = Field(ge=0, le=1_000_000)
    renovated: int = Field(ge=0, le=1_000_000)
    pending: int = Field(ge=0, le=1_000_000)
    reason: Note = ""
    occurred_at: Moment | None = None


class SewageStationCreate(Document):
    village_id: uuid.UUID
    name: Label
    custodian_id: uuid.UUID = Field(description="the person who looks after the station")
    care_posts: int = Field(ge=0, le=1000)
    occurred_at: Moment | None = None


class CustodianChange(VersionedCommand):
    custodian_id: uuid.UUID
    reason: Explanation
