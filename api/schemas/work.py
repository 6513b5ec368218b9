"""Bodies of campaign work records, toilet surveys and sewage stations."""

from __future__ import annotations

import uuid
from decimal import Decimal

from pydantic import Field

from api.schemas.common import Moment, Schema, Text, VersionedCommand
from api.schemas.problems import EvidenceIn

Quantity = Field(gt=0, le=100_000_000, decimal_places=3, allow_inf_nan=False)


class WorkRecordCreate(Schema):
    """One piece of work done: an indicator of the catalogue, how much, where, when, with evidence."""

    indicator: Text(60, 1)
    quantity: Decimal = Quantity
    village_id: uuid.UUID | None = None
    place: Text(200) = ""
    note: Text(1000) = ""
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=20)
    occurred_at: Moment | None = None


class WorkCorrect(VersionedCommand):
    quantity: Decimal = Quantity
    reason: Text(1000, 1)
    occurred_at: Moment | None = None


class Withdrawal(VersionedCommand):
    reason: Text(1000, 1)
    occurred_at: Moment | None = None


class ToiletSurveyIn(Schema):
    """A village's toilet survey (户厕摸底); a later survey of the same village needs a reason."""

    households: int = Field(ge=0, le=1_000_000)
    renovated: int = Field(ge=0, le=1_000_000)
    pending: int = Field(ge=0, le=1_000_000)
    reason: Text(1000) = ""
    occurred_at: Moment | None = None


class SewageStationCreate(Schema):
    village_id: uuid.UUID
    name: Text(100, 1)
    custodian_id: uuid.UUID = Field(description="the person who looks after the station")
    care_posts: int = Field(ge=0, le=1000)
    occurred_at: Moment | None = None


class CustodianChange(VersionedCommand):
    custodian_id: uuid.UUID
    reason: Text(1000, 1)

