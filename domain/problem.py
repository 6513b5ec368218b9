"""A problem in the ledger (问题台账): found, assigned, rectified, verified and closed (对账销号)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from eventsourcing.domain import Aggregate

from domain.acts import Act, Evidence, RecordedFact, Resources, evidence_records, stamp
from domain.errors import (
    ApproverRequired,
    DeadlineBeforeAssignment,
    DeadlineNotLater,
    InvalidInput,
    OccurredBeforePreviousStep,
    ReasonRequired,
    SelfVerificationForbidden,
    StageNotAllowed,
)
from domain.vocabulary import STAGE_LABELS, Category, Source, Stage, UnitKind, VoidKind


@dataclass(frozen=True)
class Deadline:
    """The last day to rectify; ``working_days`` is set when it was given as N working days."""

    due: date
    working_days: int | None = None

    def describe(self) -> str:
        if self.working_days:
            return f"{self.working_days} 个工作日（至 {self.due.isoformat()}）"
        return self.due.isoformat()


@dataclass(frozen=True)
class Location:
    """Where a problem is, as latitude and longitude in degrees (WGS-84, as a phone or a photo gives them)."""

    latitude: Decimal
    longitude: Decimal

    def __post_init__(self) -> None:
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise InvalidInput(
                f"坐标 {self.latitude},{self.longitude} 超出范围（纬度 −90 至 90，经度 −180 至 180）",
                f"the coordinates {self.latitude},{self.longitude} are out of range",
            )

    def as_record(self) -> dict[str, str]:
        return {"latitude": f"{self.latitude:.6f}", "longitude": f"{self.longitude:.6f}"}

    @classmethod
    def of(cls, record: dict[str, str] | None) -> Location | None:
        return cls(Decimal(record["latitude"]), Decimal(record["longitude"])) if record else None

    def __str__(self) -> str:
        return f"{self.latitude:.6f},{self.longitude:.6f}"


class Problem(Aggregate):
    """One problem found in the township, from registration to closing or voiding."""

    class Registered(RecordedFact, Aggregate.Created):
        # Version 2 adds where it is as coordinates (a phone's, or a photo's EXIF); version 1 had none.
        class_version = 2

        source: str
        category: str
        village_id: uuid.UUID
        group_id: uuid.UUID | None
        place: str
        description: str
        evidence: list[dict[str, str]]
        location: dict[str, str] | None

        def apply(self, aggregate: Problem) -> None:
            aggregate._on_registered(self)

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["location"] = None

    class Assigned(RecordedFact):
        unit_kind: str
        unit_id: uuid.UUID
        deadline: date
        working_days: int | None
        note: str

        def apply(self, aggregate: Problem) -> None:
            aggregate.unit_kind = UnitKind(self.unit_kind)
            aggregate.unit_id = self.unit_id
            aggregate.deadline = Deadline(self.deadline, self.working_days)
            aggregate._enter(Stage.ASSIGNED, self)

    class DeadlineExtended(RecordedFact):
        previous_deadline: date
        deadline: date
        working_days: int | None
        reason: str
        approver: str

        def apply(self, aggregate: Problem) -> None:
            aggregate.deadline = Deadline(self.deadline, self.working_days)
            aggregate.extension_count += 1
            aggregate.last_occurred_at = self.occurred_at

    class RectificationReported(RecordedFact):
        description: str
        evidence: list[dict[str, str]]
        resources: dict[str, Any]

        def apply(self, aggregate: Problem) -> None:
            aggregate.rectification_reporter = self.actor
            aggregate.rectification_count += 1
            aggregate._enter(Stage.RECTIFICATION_REPORTED, self)

    class RectificationPassed(RecordedFact):
        note: str

        def apply(self, aggregate: Problem) -> None:
            aggregate._enter(Stage.VERIFIED, self)

    class RectificationRejected(RecordedFact):
        reason: str

        def apply(self, aggregate: Problem) -> None:
            aggregate.sent_back_count += 1
            aggregate._enter(Stage.ASSIGNED, self)

    class Closed(RecordedFact):
        deadline: date
        on_time: bool
        note: str

        def apply(self, aggregate: Problem) -> None:
            aggregate.closed_on_time = self.on_time
            aggregate._enter(Stage.CLOSED, self)

    class Reopened(RecordedFact):
        reason: str
        deadline: date
        working_days: int | None

        def apply(self, aggregate: Problem) -> None:
            aggregate.reopen_count += 1
            aggregate.deadline = Deadline(self.deadline, self.working_days)
            aggregate.closed_on_time = None
            aggregate._enter(Stage.REOPENED, self)

    class Voided(RecordedFact):
        kind: str
        reason: str
        original_id: uuid.UUID | None

        def apply(self, aggregate: Problem) -> None:
            aggregate.void_kind = VoidKind(self.kind)
            aggregate.original_id = self.original_id
            aggregate._enter(Stage.VOIDED, self)


    # --- commands -------------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        source: Source,
        category: Category,
        village_id: uuid.UUID,
        place: str,
        description: str,
        evidence: list[Evidence],
        act: Act,
        group_id: uuid.UUID | None = None,
        problem_id: uuid.UUID | None = None,
        location: Location | None = None,
    ) -> Problem:
        if not description.strip():
            raise InvalidInput("请描述发现的问题", "describe the problem found")
        if not place.strip():
            raise InvalidInput("请写明问题所在地点", "give the place where the problem is")
        if len(description) > 2000 or len(place) > 200:
            raise InvalidInput("描述最多 2000 字，地点最多 200 字", "description max 2000, place max 200 characters")
        return cls._create(
            cls.Registered,
            id=problem_id or uuid.uuid4(),
            source=Source(source).value,
            category=Category(category).value,
            village_id=village_id,
            group_id=group_id,
            place=place.strip(),
            description=description.strip(),
            evidence=evidence_records(evidence),
            location=location.as_record() if location is not None else None,
            **stamp(act),
        )

    def assign(self, unit_kind: UnitKind, unit_id: uuid.UUID, deadline: Deadline, act: Act, note: str = "") -> None:
        self.check_stage("交办", "assign", Stage.REGISTERED, Stage.ASSIGNED)
        self.check_occurred_order(act)
        if deadline.due < act.occurred_at.date():
            raise DeadlineBeforeAssignment(
                f"截止日期 {deadline.due.isoformat()} 早于交办日期 {act.occurred_at.date().isoformat()}",
                f"deadline {deadline.due.isoformat()} is before the assignment date",
            )
        self.trigger_event(
            self.Assigned,
            unit_kind=UnitKind(unit_kind).value,
            unit_id=unit_id,
            deadline=deadline.due,
            working_days=deadline.working_days,
            note=note.strip(),
            **stamp(act),
        )

    def extend_deadline(self, deadline: Deadline, reason: str, approver: str, act: Act) -> None:
        self.check_stage("延期", "extend the deadline", Stage.ASSIGNED, Stage.RECTIFICATION_REPORTED, Stage.REOPENED)
        self.check_occurred_order(act)
        check_reason(reason, "延期", "an extension")
        if not approver.strip():
            raise ApproverRequired("延期必须写明批准人", "an extension needs the approver who allowed it")
        assert self.deadline is not None
        if deadline.due <= self.deadline.due:
            raise DeadlineNotLater(
                f"新的截止日期 {deadline.due.isoformat()} 不晚于原截止日期 {self.deadline.due.isoformat()}",
                f"the new deadline {deadline.due.isoformat()} is not after {self.deadline.due.isoformat()}",
            )
        self.trigger_event(
            self.DeadlineExtended,
            previous_deadline=self.deadline.due,
            deadline=deadline.due,
            working_days=deadline.working_days,
            reason=reason.strip(),
            approver=approver.strip(),
            **stamp(act),
        )

    def report_rectification(
        self, description: str, evidence: list[Evidence], resources: Resources, act: Act
    ) -> None:
        self.check_stage("上报整改", "report rectification", Stage.ASSIGNED, Stage.REOPENED)
        self.check_occurred_order(act)
        if not description.strip():
            raise InvalidInput("请说明整改情况", "describe what was done")
        if not evidence:
            raise InvalidInput("上报整改必须附整改后的证据（照片、视频或文件）", "a rectification needs evidence")
        self.trigger_event(
            self.RectificationReported,
            description=description.strip(),
            evidence=evidence_records(evidence),
            resources=resources.as_record(),
            **stamp(act),
        )

    def pass_verification(self, act: Act, note: str = "") -> None:
        self.check_verifier(act)
        self.trigger_event(self.RectificationPassed, note=note.strip(), **stamp(act))

    def send_back(self, reason: str, act: Act) -> None:
        self.check_verifier(act)
        check_reason(reason, "退回整改", "sending a rectification back")
        self.trigger_event(self.RectificationRejected, reason=reason.strip(), **stamp(act))

    def close(self, act: Act, note: str = "") -> None:
        self.check_stage("销号", "close", Stage.VERIFIED)
        self.check_occurred_order(act)
        assert self.deadline is not None
        on_time = act.occurred_at.date() <= self.deadline.due
        self.trigger_event(self.Closed, deadline=self.deadline.due, on_time=on_time, note=note.strip(), **stamp(act))

    def reopen(self, reason: str, deadline: Deadline, act: Act) -> None:
        self.check_stage("重新打开", "reopen", Stage.CLOSED)
        self.check_occurred_order(act)
        check_reason(reason, "重新打开", "reopening")
        if deadline.due < act.occurred_at.date():
            raise DeadlineBeforeAssignment(
                f"新的截止日期 {deadline.due.isoformat()} 早于重新打开的日期",
                f"the new deadline {deadline.due.isoformat()} is before the reopening date",
            )
        self.trigger_event(
            self.Reopened,
            reason=reason.strip(),
            deadline=deadline.due,
            working_days=deadline.working_days,
            **stamp(act),
        )

    def void(self, kind: VoidKind, reason: str, act: Act, original_id: uuid.UUID | None = None) -> None:
        if self.stage == Stage.VOIDED:
            raise StageNotAllowed("该问题已作废", "the problem is already voided")
        self.check_occurred_order(act)
        check_reason(reason, "作废", "voiding")
        kind = VoidKind(kind)
        if kind == VoidKind.DUPLICATE and original_id is None:
            raise InvalidInput("按重复登记作废时必须指明原问题", "a duplicate must link to the original problem")
        if original_id == self.id:
            raise InvalidInput("问题不能是自己的重复", "a problem cannot duplicate itself")
        self.trigger_event(self.Voided, kind=kind.value, reason=reason.strip(), original_id=original_id, **stamp(act))

    # --- guards ----------------------------------------------------------------------------

    def check_stage(self, step_zh: str, step_en: str, *allowed: Stage) -> None:
        if self.stage not in allowed:
            allowed_zh = "、".join(STAGE_LABELS[s] for s in allowed)
            raise StageNotAllowed(
                f"问题当前为“{STAGE_LABELS[self.stage]}”，不能{step_zh}（仅限：{allowed_zh}）",
                f"cannot {step_en} a problem that is {self.stage.value} (only when {', '.join(allowed)})",
                stage=self.stage.value,
            )

    def check_occurred_order(self, act: Act) -> None:
        if act.occurred_at < self.last_occurred_at:
            raise OccurredBeforePreviousStep(
                f"发生时间 {act.occurred_at.isoformat()} 早于上一步骤的时间 {self.last_occurred_at.isoformat()}",
                f"occurred time {act.occurred_at.isoformat()} precedes the previous step "
                f"({self.last_occurred_at.isoformat()})",
            )

    def check_verifier(self, act: Act) -> None:
        self.check_stage("验收", "verify", Stage.RECTIFICATION_REPORTED)
        self.check_occurred_order(act)
        if act.actor == self.rectification_reporter:
            raise SelfVerificationForbidden(
                "上报整改的人不能验收自己的整改，请由其他人员验收",
                "whoever reported the rectification may not verify it; another person must",
            )

    # --- state -----------------------------------------------------------------------------

    def _on_registered(self, event: Problem.Registered) -> None:
        self.source = Source(event.source)
        self.category = Category(event.category)
        self.village_id = event.village_id
        self.group_id = event.group_id
        self.place = event.place
        self.description = event.description
        self.location = Location.of(event.location)
        self.registered_by = event.actor
        self.unit_kind: UnitKind | None = None
        self.unit_id: uuid.UUID | None = None
        self.deadline: Deadline | None = None
        self.rectification_reporter: str | None = None
        self.rectification_count = 0
        self.sent_back_count = 0
        self.extension_count = 0
        self.reopen_count = 0
        self.closed_on_time: bool | None = None
        self.void_kind: VoidKind | None = None
        self.original_id: uuid.UUID | None = None
        self.stage_times: dict[str, datetime] = {}
        self._enter(Stage.REGISTERED, event)

    def _enter(self, stage: Stage, event: RecordedFact) -> None:
        self.stage = stage
        self.stage_times[stage.value] = event.occurred_at
        self.last_occurred_at = event.occurred_at

    def is_overdue_on(self, day: date) -> bool:
        """Open past its deadline on ``day`` (a closed or voided problem is never overdue)."""
        if self.stage in (Stage.CLOSED, Stage.VOIDED, Stage.REGISTERED) or self.deadline is None:
            return False
        return day > self.deadline.due


def check_reason(reason: str, step_zh: str, step_en: str) -> None:
    if not reason.strip():
        raise ReasonRequired(f"{step_zh}必须说明原因", f"{step_en} needs a reason")
    if len(reason) > 1000:
        raise InvalidInput("原因最多 1000 字", "the reason is at most 1000 characters")
