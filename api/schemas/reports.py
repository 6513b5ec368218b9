"""Bodies and answers of rewarded public reports (有奖举报)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import ConfigDict, Field

from api.schemas.common import Moment, Schema, Text
from api.schemas.problems import EvidenceIn
from domain.assessment.reports import ReportStage


class ReportSubmit(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "village_id": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
                    "place": "河堤东侧",
                    "description": "夜间有人倾倒建筑垃圾",
                    "evidence": [{"sha256": "a" * 64, "name": "night.jpg", "media_type": "image/jpeg"}],
                    "reporter_name": "张三",
                    "reporter_contact": "13800000000",
                }
            ]
        },
    )

    village_id: uuid.UUID
    place: Text(200, 1)
    description: Text(2000, 1)
    evidence: list[EvidenceIn] = Field(min_length=1, max_length=20)
    occurred_at: Moment | None = None
    reporter_name: Text(100) = Field("", description="kept sealed; seen only by the office staff handling rewards")
    reporter_contact: Text(100) = Field("", description="kept sealed like the name; leave both empty to stay anonymous")


class ReportConfirm(Schema):
    note: Text(1000) = ""


class ReportLink(Schema):
    problem_id: uuid.UUID


class RewardApprove(Schema):
    amount: Decimal = Field(gt=0, le=100_000, decimal_places=2, allow_inf_nan=False, description="yuan")


class RewardPay(Schema):
    reference: Text(100, 1)


class ReportReason(Schema):
    reason: Text(1000, 1)


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
