"""Input documents of rewarded public reports (有奖举报)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from pydantic import ConfigDict, Field

from taizhang.documents.base import (
    Description,
    Document,
    Explanation,
    Label,
    Line,
    Moment,
    Note,
    OptionalLabel,
)
from taizhang.documents.problems import EvidenceIn


class ReportSubmit(Document):
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

    SEALED = frozenset({"reporter_name", "reporter_contact"})

    village_id: uuid.UUID
    place: Line
    description: Description
    evidence: list[EvidenceIn] = Field(min_length=1, max_length=20)
    occurred_at: Moment | None = None
    reporter_name: OptionalLabel = Field("", description="kept sealed; seen only by the office staff handling rewards")
    reporter_contact: OptionalLabel = Field(
        "", description="kept sealed like the name; leave both empty to stay anonymous"
    )


class ReportConfirm(Document):
    note: Note = ""


class ReportLink(Document):
    problem_id: uuid.UUID


class RewardApprove(Document):
    amount: Decimal = Field(gt=0, le=100_000, decimal_places=2, allow_inf_nan=False, description="yuan")


class RewardPay(Document):
    reference: Label


class ReportReason(Document):
    reason: Explanation
