"""Rewarded public reports as the API answers them (inputs: ``taizhang.documents.reports``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import Field

from api.schemas.common import Schema
from domain.assessment.reports import ReportStage
from taizhang.documents.problems import EvidenceIn


class ReportPublic(Schema):
    id: uuid.UUID
    version: int
    village_id: uuid.UUID
    place: str
    description: str
    evidence: list[EvidenceIn]
    stage: ReportStage
    problem_id: uuid.UUID | None
    reward: Decimal | None
    submitted_at: datetime
    submitted_by: str | None = Field(description="hidden from village cadres when a public reporter submitted it")
    named: bool = Field(description="the reporter left a name or contact (sealed)")
    identity_forgotten: bool


class ReporterIdentity(Schema):
    report_id: uuid.UUID
    name: str
    contact: str
