"""Rewarded public reports (有奖举报): submitted with evidence, checked, linked, rewarded and paid, or rejected."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, Evidence, RecordedFact, evidence_records, stamp
from domain.assessment.errors import ReportStepNotAllowed, SelfApprovalForbidden
from domain.assessment.values import money
from domain.errors import InvalidInput
from domain.problem import check_reason


class ReportStage(StrEnum):
    SUBMITTED = "submitted"  # 已受理
    CONFIRMED = "confirmed"  # 核查属实
    REWARD_APPROVED = "reward_approved"  # 奖励已批准
    PAID = "paid"  # 奖励已发放
    REJECTED = "rejected"  # 不予采纳


REPORT_STAGE_LABELS = {
    ReportStage.SUBMITTED: "已受理",
    ReportStage.CONFIRMED: "核查属实",
    ReportStage.REWARD_APPROVED: "奖励已批准",
    ReportStage.PAID: "奖励已发放",
    ReportStage.REJECTED: "不予采纳",
}


@dataclass(frozen=True)
class SealedIdentity:
    """The reporter's name and contact, encrypted under a key of their own that can be destroyed.

    The event keeps only ciphertext and the key's id: destroying the key (crypto-shredding)
    makes the identity unreadable everywhere, backups included, without rewriting history.
    """

    key_id: str
    ciphertext: str

    def __post_init__(self) -> None:
        if not self.key_id or not self.ciphertext:
            raise InvalidInput("加密的举报人信息不完整", "the sealed reporter identity is incomplete")


class PublicReport(Aggregate):
    """A report from the public of illicit dumping or other problems, with photo or video evidence."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        village_id: uuid.UUID
        place: str
        description: str
        identity: SealedIdentity | None
        stage: ReportStage
        checker: str | None
        problem_id: uuid.UUID | None
        reward: Decimal | None
        identity_forgotten: bool

    class Submitted(RecordedFact, Aggregate.Created):
        village_id: uuid.UUID
        place: str
        description: str
        evidence: list[dict[str, str]]
        identity_key_id: str | None
        identity_ciphertext: str | None

        def apply(self, aggregate: PublicReport) -> None:
            aggregate.village_id = self.village_id
            aggregate.place = self.place
            aggregate.description = self.description
            aggregate.identity = (
                SealedIdentity(self.identity_key_id, self.identity_ciphertext)
                if self.identity_key_id and self.identity_ciphertext
                else None
            )
            aggregate.stage = ReportStage.SUBMITTED
            aggregate.checker = None
            aggregate.problem_id = None
            aggregate.reward = None
            aggregate.identity_forgotten = False

    class Confirmed(RecordedFact):
        note: str

        def apply(self, aggregate: PublicReport) -> None:
            aggregate.stage = ReportStage.CONFIRMED
            aggregate.checker = self.actor

    class LinkedToProblem(RecordedFact):
        problem_id: uuid.UUID

        def apply(self, aggregate: PublicReport) -> None:
            aggregate.problem_id = self.problem_id

    class RewardApproved(RecordedFact):
        amount: Decimal

        def apply(self, aggregate: PublicReport) -> None:
            aggregate.stage = ReportStage.REWARD_APPROVED
            aggregate.reward = self.amount

    class RewardPaid(RecordedFact):
        reference: str

        def apply(self, aggregate: PublicReport) -> None:
            aggregate.stage = ReportStage.PAID

    class Rejected(RecordedFact):
        reason: str

        def apply(self, aggregate: PublicReport) -> None:
            aggregate.stage = ReportStage.REJECTED

    class IdentityForgotten(RecordedFact):
        """The reporter's personal key was destroyed: who did it, when and why stay on record."""

        key_id: str
        reason: str

        def apply(self, aggregate: PublicReport) -> None:
            aggregate.identity_forgotten = True

    @classmethod
    def submit(
        cls,
        village_id: uuid.UUID,
        place: str,
        description: str,
        evidence: list[Evidence],
        act: Act,
        identity: SealedIdentity | None = None,
        report_id: uuid.UUID | None = None,
    ) -> PublicReport:
        if not evidence:
            raise InvalidInput(
                "有奖举报须附照片、视频或其他证据", "a rewarded report needs photo, video or other evidence"
            )
        if not description.strip() or not place.strip():
            raise InvalidInput("请写明举报的地点和情况", "give the place and what was seen")
        return cls._create(
            cls.Submitted,
            id=report_id or uuid.uuid4(),
            village_id=village_id,
            place=place.strip()[:200],
            description=description.strip()[:2000],
            evidence=evidence_records(evidence),
            identity_key_id=identity.key_id if identity else None,
            identity_ciphertext=identity.ciphertext if identity else None,
            **stamp(act),
        )

    def confirm(self, act: Act, note: str = "") -> None:
        self.check_stage("核查", "confirm", ReportStage.SUBMITTED)
        self.trigger_event(self.Confirmed, note=note.strip(), **stamp(act))

    def link_problem(self, problem_id: uuid.UUID, act: Act) -> None:
        self.check_stage("关联问题", "link a problem", ReportStage.CONFIRMED)
        if self.problem_id is not None:
            raise ReportStepNotAllowed("该举报已关联问题", "the report is already linked to a problem")
        self.trigger_event(self.LinkedToProblem, problem_id=problem_id, **stamp(act))

    def approve_reward(self, amount: Decimal, act: Act) -> None:
        self.check_stage("批准奖励", "approve a reward", ReportStage.CONFIRMED)
        if self.problem_id is None:
            raise ReportStepNotAllowed(
                "请先把举报关联到它揭示的问题，再批准奖励",
                "link the report to the problem it revealed before rewarding it",
            )
        if self.identity is None:
            raise ReportStepNotAllowed("匿名举报无法发放奖励", "an anonymous report cannot be paid a reward")
        if act.actor == self.checker:
            raise SelfApprovalForbidden(
                "核查人不能批准自己核查的举报奖励", "whoever checked the report may not approve its reward"
            )
        amount = money(amount)
        if amount <= 0 or amount > 100_000:
            raise InvalidInput(f"奖励金额 {amount} 元不合理（0–100000）", f"reward {amount} is outside 0-100000 yuan")
        self.trigger_event(self.RewardApproved, amount=amount, **stamp(act))

    def pay_reward(self, reference: str, act: Act) -> None:
        self.check_stage("发放奖励", "pay the reward", ReportStage.REWARD_APPROVED)
        if not reference.strip():
            raise InvalidInput("请填写发放凭证号", "give the payment reference")
        self.trigger_event(self.RewardPaid, reference=reference.strip(), **stamp(act))

    def reject(self, reason: str, act: Act) -> None:
        self.check_stage("不予采纳", "reject", ReportStage.SUBMITTED, ReportStage.CONFIRMED)
        check_reason(reason, "不予采纳", "rejecting a report")
        self.trigger_event(self.Rejected, reason=reason.strip(), **stamp(act))

    def forget_identity(self, reason: str, act: Act) -> str:
        """Record the shredding of the reporter's key; returns the key id the application must destroy."""
        if self.identity is None:
            raise ReportStepNotAllowed("该举报是匿名的，没有需要销毁的身份信息", "the report is anonymous")
        if self.identity_forgotten:
            raise ReportStepNotAllowed("举报人身份信息已销毁", "the reporter's identity was already destroyed")
        if self.stage == ReportStage.REWARD_APPROVED:
            raise ReportStepNotAllowed("奖励已批准但未发放，发放前不能销毁举报人信息", "pay the approved reward first")
        check_reason(reason, "销毁举报人信息", "destroying the reporter's identity")
        self.trigger_event(self.IdentityForgotten, key_id=self.identity.key_id, reason=reason.strip(), **stamp(act))
        return self.identity.key_id

    def check_stage(self, step_zh: str, step_en: str, *allowed: ReportStage) -> None:
        if self.stage not in allowed:
            raise ReportStepNotAllowed(
                f"举报当前为“{REPORT_STAGE_LABELS[self.stage]}”，不能{step_zh}",
                f"cannot {step_en} a report that is {self.stage.value}",
                stage=self.stage.value,
            )
