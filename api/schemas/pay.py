"""Answers of assessment figures: rankings, ratings, pay sheets, year-end points, coverage — each with provenance."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import Field

from api.schemas.common import Schema
from api.schemas.readmodels import ProvenanceLink, SnapshotPublic


class StandingPublic(Schema):
    village_id: uuid.UUID
    village_name: str
    rank: int | None = Field(description="none: below the minimum number of cases, not ranked")
    score: Decimal
    cases: int
    patrol_mean: Decimal
    coverage_percent: Decimal
    overdue: int
    reopened: int
    mean_days_to_close: Decimal
    public_reports: int
    band: str
    cadre_coefficient: Decimal
    year_end_points: Decimal
    note: str
    rule_version_id: str
    provenance: str = ProvenanceLink


class RankingsPublic(Schema):
    month: str
    snapshot: SnapshotPublic
    frozen: bool = Field(description="true once the month is closed: the figures frozen at its closing")
    rule_version_id: str
    digest: str | None
    standings: list[StandingPublic]


class RatingPublic(Schema):
    cleaner_id: uuid.UUID
    cleaner_name: str
    score: Decimal | None
    grade: str
    grade_name: str
    patrols: int
    rule_version_id: str
    provenance: str = ProvenanceLink


class RatingsPublic(Schema):
    month: str
    snapshot: SnapshotPublic
    frozen: bool
    rule_version_id: str
    ratings: list[RatingPublic]


class PayLinePublic(Schema):
    person_id: uuid.UUID
    person_name: str
    role: str
    village_id: uuid.UUID | None
    village_name: str
    basis: str
    amount: Decimal
    for_month: str
    rule_version_id: str
    adjustment: bool = Field(description="true for a line correcting an approved earlier month")
    adjusts_sheet: str | None
    provenance: str = ProvenanceLink


class PaySheetPublic(Schema):
    kind: str
    month: str
    snapshot: SnapshotPublic
    status: str = Field(description="draft, approved or paid; before drafting: due (closed month) or provisional")
    sheet_id: uuid.UUID | None
    rule_version_id: str
    total: Decimal
    adjustments: int = Field(description="how many of the lines are adjustments")
    lines: list[PayLinePublic]


class YearEndEntryPublic(Schema):
    month: str
    village_id: uuid.UUID
    village_name: str
    rank: int | None
    band: str
    points: Decimal
    rule_version_id: str


class YearEndCasePublic(Schema):
    """An accountability case that took points from the person's year-end, with its events as provenance."""

    case_id: uuid.UUID
    trigger_kind: str
    trigger_label: str
    day: str
    reason: str
    outcome: str
    outcome_label: str
    points: Decimal = Field(description="points the case took, by its heaviest outcome under the rules then")
    rule_version_id: str
    provenance: str = ProvenanceLink


class YearEndPublic(Schema):
    person_id: uuid.UUID
    person_name: str
    role: str
    points: Decimal | None
    months_not_closed: list[str]
    rule_version_ids: list[str]
    entries: list[YearEndEntryPublic]
    cases: list[YearEndCasePublic] = Field(default_factory=list)
    village_points: Decimal | None = Field(None, description="the mean over the village-months, before the cases")
    provenance: str = ProvenanceLink


class YearEndAnswer(Schema):
    year: int
    snapshot: SnapshotPublic
    frozen: bool = Field(description="true once the year-end assessment has been recorded")
    assessments: list[YearEndPublic]


class CoveragePublic(Schema):
    village_id: uuid.UUID
    village_name: str
    on: date
    signed: int = Field(description="households with a 门前五包 letter in force")
    households: int | None = Field(description="households on record that day")
    percent: Decimal
    snapshot: SnapshotPublic
    provenance: str = ProvenanceLink
