"""Input documents of assessment and pay: rule versions, patrols, pay sheets, letters and household counts."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field

from domain.assessment.letters import LetterKind
from domain.vocabulary import Category
from taizhang.documents.base import (
    Code,
    Day,
    Description,
    Document,
    Explanation,
    FindingNote,
    Label,
    Line,
    Moment,
    Name,
    OptionalLabel,
    OptionalLine,
    ShortName,
    Target,
    VersionedCommand,
)
from taizhang.documents.problems import EvidenceIn

Points = Field(ge=0, le=10_000, decimal_places=2, allow_inf_nan=False)
Money = Field(ge=0, le=1_000_000, decimal_places=2, allow_inf_nan=False)
Weight = Field(ge=-1000, le=1000, decimal_places=4, allow_inf_nan=False)
BasePay = Annotated[Decimal, Money]


class DeductionItemIn(Document):
    code: Code
    name: Name
    full_points: Decimal = Points
    per_finding: Decimal = Points


class GradeIn(Document):
    code: Code
    name: ShortName
    min_score: Decimal = Points
    cleaner_bonus: Decimal = Money


class WeightsIn(Document):
    patrol_score: Decimal = Weight
    letters_coverage: Decimal = Weight
    overdue: Decimal = Weight
    reopened: Decimal = Weight
    days_to_close: Decimal = Weight
    public_reports: Decimal = Weight


class BandIn(Document):
    name: ShortName
    first_rank: int = Field(ge=0, le=10_000)
    last_rank: int | None = Field(None, ge=0, le=10_000)
    cadre_coefficient: Decimal = Field(ge=0, le=100, decimal_places=4, allow_inf_nan=False)
    year_end_points: Decimal = Points


class RedFlagsIn(Document):
    """The inspectors' red-flag thresholds (疑点阈值); a threshold not given keeps its default."""

    late_entry_days: int = Field(7, ge=1, le=365, description="days after which a step counts as entered late")
    late_entry_min_steps: int = Field(4, ge=1, le=10_000)
    bunching_days: int = Field(3, ge=1, le=31, description="days before a closing or approval watched for bunching")
    bunching_min_records: int = Field(8, ge=1, le=10_000)
    bunching_factor: Decimal = Field(Decimal(4), ge=1, le=1000, decimal_places=2, allow_inf_nan=False)
    pair_min_count: int = Field(6, ge=1, le=10_000)
    chance_percent: Decimal = Field(Decimal("0.1"), gt=0, le=50, decimal_places=4, allow_inf_nan=False,
                                    description="a pattern rarer by chance than this percentage is flagged")
    max_extensions: int = Field(2, ge=0, le=100)
    max_reopenings: int = Field(1, ge=0, le=100)
    village_sent_back: int = Field(4, ge=1, le=10_000)
    silent_patrol_min_patrols: int = Field(12, ge=1, le=10_000)
    silent_patrol_min_months: int = Field(3, ge=1, le=120)
    silent_patrol_other_problems: int = Field(3, ge=1, le=10_000)
    reencoded_max_bits: int = Field(6, ge=0, le=32, description="perceptual-hash bits (of 64) within which "
                                    "two photos are one picture re-encoded")
    photo_time_days: int = Field(3, ge=1, le=3650, description="days between a photo's EXIF time and its step")
    photo_distance_km: Decimal = Field(Decimal(2), gt=0, le=1000, decimal_places=3, allow_inf_nan=False,
                                       description="km between a photo's EXIF GPS and the problem's location")


class CasePointsIn(Document):
    """Year-end points an accountability case takes from each person it was opened against, by its heaviest
    outcome (问责扣分); an outcome not given keeps its default."""

    interview: Decimal = Field(Decimal("1"), ge=0, le=100, decimal_places=2, allow_inf_nan=False,
                               description="约谈 held")
    notice_criticism: Decimal = Field(Decimal("3"), ge=0, le=100, decimal_places=2, allow_inf_nan=False,
                                      description="通报批评")
    county: Decimal = Field(Decimal("5"), ge=0, le=100, decimal_places=2, allow_inf_nan=False,
                            description="移送县级问责")


class RuleVersionIn(Document):
    """A whole rule version, in force from the first of a month until the next version."""

    version_id: Code
    effective_from: Day
    title: Line
    deduction_items: list[DeductionItemIn] = Field(min_length=1, max_length=50)
    rating_method: Literal["mean", "lowest"]
    grades: list[GradeIn] = Field(min_length=1, max_length=20)
    weights: WeightsIn
    minimum_cases: int = Field(ge=0, le=10_000)
    bands: list[BandIn] = Field(max_length=50)
    unranked_band: BandIn
    cadre_base_pay: dict[Literal["village_secretary", "village_cadre", "group_leader"], BasePay] = Field(
        default_factory=dict
    )
    coverage_target_percent: Decimal | None = Field(
        None, ge=0, le=100, decimal_places=2, allow_inf_nan=False,
        description="门前五包 coverage each village should reach, in percent (the summary names villages below it)",
    )
    red_flags: RedFlagsIn | None = Field(None, description="the inspectors' red-flag thresholds; defaults if omitted")
    case_points: CasePointsIn | None = Field(
        None, description="year-end points an accountability case takes from its respondents; defaults if omitted")

    def as_record(self) -> dict[str, Any]:
        record = self.model_dump(mode="json", exclude={"coverage_target_percent", "red_flags", "case_points"})
        record["effective_from"] = self.effective_from.isoformat()
        record["cadre_base_pay"] = {role: str(amount) for role, amount in self.cadre_base_pay.items()}
        if self.coverage_target_percent is not None:
            record["coverage_target_percent"] = str(self.coverage_target_percent)
        if self.red_flags is not None:
            record["red_flags"] = {k: str(v) for k, v in self.red_flags.model_dump().items()}
        if self.case_points is not None:
            record["case_points"] = {k: str(v) for k, v in self.case_points.model_dump().items()}
        return record


class FindingIn(Document):
    item: Code = Field(description="a deduction item code of the rules in force that day")
    count: int = Field(ge=1, le=100)
    evidence: list[EvidenceIn] = Field(min_length=1, max_length=20)
    note: FindingNote = ""


class PatrolCreate(Document):
    """A day's inspection of a village, a group, or a cleaner's area (日巡查)."""

    day: Day
    village_id: uuid.UUID
    inspector_id: uuid.UUID = Field(description="the person who inspected")
    findings: list[FindingIn] = Field(default_factory=list, max_length=50)
    group_id: uuid.UUID | None = None
    cleaner_id: uuid.UUID | None = None
    area: OptionalLine = ""
    occurred_at: Moment | None = None


class PatrolCorrect(VersionedCommand):
    findings: list[FindingIn] = Field(max_length=50)
    reason: Explanation


class Reason(VersionedCommand):
    reason: Explanation


class FindingProblem(VersionedCommand):
    category: Category
    place: Line
    description: Description


class SheetPaid(VersionedCommand):
    reference: Label = Field(description="the bank batch or voucher number")
    paid_on: Day


class LetterCreate(Document):
    kind: LetterKind
    village_id: uuid.UUID
    targets: list[Target] = Field(default_factory=list, max_length=50)
    period_start: Day
    period_end: Day
    household: OptionalLabel = Field("", description="the household of a 门前五包 letter")


class LetterSign(VersionedCommand):
    side: Literal["first", "second"]
    signatory: Name
    day: Day


class LetterRenew(VersionedCommand):
    period_start: Day
    period_end: Day
    targets: list[Target] | None = Field(None, max_length=50)


class LetterRevoke(VersionedCommand):
    day: Day
    reason: Explanation


class HouseholdCount(Document):
    households: int = Field(ge=0, le=1_000_000)
    as_on: Day
    source: Line = Field(description="where the count comes from, e.g. 2023 年户籍统计")
