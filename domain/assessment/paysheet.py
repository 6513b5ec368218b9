"""Monthly pay sheets: cleaners' bonuses and village cadres' performance pay; draft → approved → paid."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.assessment.errors import SelfApprovalForbidden, SheetNotApproved, SheetNotDraft
from domain.assessment.values import FactRef, Month, money
from domain.errors import InvalidInput
from domain.local_time import local_day

_SHEET_NAMESPACE = uuid.UUID("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d")


class SheetKind(StrEnum):
    CLEANER_BONUS = "cleaner_bonus"  # 保洁员考核奖励
    CADRE_PAY = "cadre_pay"  # 村组干部绩效报酬


SHEET_KIND_LABELS = {SheetKind.CLEANER_BONUS: "保洁员考核奖励发放表", SheetKind.CADRE_PAY: "村组干部绩效报酬发放表"}


class SheetStatus(StrEnum):
    DRAFT = "draft"  # 草稿
    APPROVED = "approved"  # 已审批
    PAID = "paid"  # 已发放


SHEET_STATUS_LABELS = {SheetStatus.DRAFT: "草稿", SheetStatus.APPROVED: "已审批", SheetStatus.PAID: "已发放"}


@dataclass(frozen=True)
class PayLine:
    """One payee's amount for ``for_month``; an adjustment line names the sheet it corrects and the causes."""

    person_id: uuid.UUID
    person_name: str
    role: str
    village_id: uuid.UUID | None
    village_name: str
    basis: str
    amount: Decimal
    for_month: str
    rule_version_id: str
    refs: tuple[FactRef, ...] = ()
    adjusts_sheet: str | None = None
    causes: tuple[FactRef, ...] = field(default=())

    @property
    def is_adjustment(self) -> bool:
        return self.adjusts_sheet is not None

    @property
    def payee_key(self) -> tuple[uuid.UUID, str, uuid.UUID | None]:
        return (self.person_id, self.role, self.village_id)

    def as_record(self) -> dict[str, Any]:
        return {
            "person_id": str(self.person_id),
            "person_name": self.person_name,
            "role": self.role,
            "village_id": str(self.village_id) if self.village_id else None,
            "village_name": self.village_name,
            "basis": self.basis,
            "amount": str(money(self.amount)),
            "for_month": self.for_month,
            "rule_version_id": self.rule_version_id,
            "refs": [r.as_record() for r in self.refs],
            "adjusts_sheet": self.adjusts_sheet,
            "causes": [r.as_record() for r in self.causes],
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> PayLine:
        return cls(
            person_id=uuid.UUID(r["person_id"]),
            person_name=r["person_name"],
            role=r["role"],
            village_id=uuid.UUID(r["village_id"]) if r["village_id"] else None,
            village_name=r["village_name"],
            basis=r["basis"],
            amount=money(r["amount"]),
            for_month=r["for_month"],
            rule_version_id=r["rule_version_id"],
            refs=tuple(FactRef.from_record(x) for x in r["refs"]),
            adjusts_sheet=r["adjusts_sheet"],
            causes=tuple(FactRef.from_record(x) for x in r["causes"]),
        )


class PaySheet(Aggregate):
    """One month's sheet of one kind. Once approved its lines never change; corrections go to a later sheet."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        month: Month
        kind: SheetKind
        status: SheetStatus
        drafters: set[str]
        approver: str | None
        approved_on: date  # the township's day of the approval: no payment is dated before it

    class Drafted(RecordedFact, Aggregate.Created):
        month: str
        kind: str
        rule_version_id: str
        as_of_position: int
        lines: list[dict[str, Any]]

        def apply(self, aggregate: PaySheet) -> None:
            aggregate.month = Month.parse(self.month)
            aggregate.kind = SheetKind(self.kind)
            aggregate.status = SheetStatus.DRAFT
            aggregate.drafters = set()
            aggregate.approver = None
            aggregate._adopt(self)

    class Redrafted(RecordedFact):
        rule_version_id: str
        as_of_position: int
        lines: list[dict[str, Any]]

        def apply(self, aggregate: PaySheet) -> None:
            aggregate._adopt(self)

    class Approved(RecordedFact):
        total: Decimal

        def apply(self, aggregate: PaySheet) -> None:
            aggregate.status = SheetStatus.APPROVED
            aggregate.approver = self.actor
            aggregate.approved_on = local_day(self.occurred_at)

    class Paid(RecordedFact):
        reference: str
        paid_on: date

        def apply(self, aggregate: PaySheet) -> None:
            aggregate.status = SheetStatus.PAID

    @staticmethod
    def id_for(kind: SheetKind, month: Month) -> uuid.UUID:
        return uuid.uuid5(_SHEET_NAMESPACE, f"paysheet:{SheetKind(kind).value}:{month}")

    @classmethod
    def draft(
        cls, kind: SheetKind, month: Month, rule_version_id: str, as_of_position: int, lines: list[PayLine], act: Act
    ) -> PaySheet:
        return cls._create(
            cls.Drafted,
            id=cls.id_for(kind, month),
            month=str(month),
            kind=SheetKind(kind).value,
            rule_version_id=rule_version_id,
            as_of_position=as_of_position,
            lines=check_lines(lines),
            **stamp(act),
        )

    def redraft(self, rule_version_id: str, as_of_position: int, lines: list[PayLine], act: Act) -> None:
        self.check_draft("重新生成")
        self.trigger_event(
            self.Redrafted,
            rule_version_id=rule_version_id,
            as_of_position=as_of_position,
            lines=check_lines(lines),
            **stamp(act),
        )

    def approve(self, act: Act) -> None:
        self.check_draft("审批")
        if act.actor in self.drafters:
            raise SelfApprovalForbidden(
                "制表人不能审批自己编制的发放表，请由其他人员审批", "whoever drafted the sheet may not approve it"
            )
        self.trigger_event(self.Approved, total=self.total, **stamp(act))

    def mark_paid(self, reference: str, paid_on: date, act: Act) -> None:
        if self.status != SheetStatus.APPROVED:
            raise SheetNotApproved(
                f"发放表当前为“{SHEET_STATUS_LABELS[self.status]}”，只有已审批的表才能登记发放",
                f"only an approved sheet can be paid (this one is {self.status.value})",
            )
        if not reference.strip():
            raise InvalidInput("请填写发放凭证号", "give the payment reference")
        if paid_on < self.approved_on:
            raise InvalidInput(
                f"发放日期 {paid_on.isoformat()} 早于审批日期 {self.approved_on.isoformat()}：发放只能在审批之后",
                f"paid on {paid_on.isoformat()}, before the approval on {self.approved_on.isoformat()}",
            )
        self.trigger_event(self.Paid, reference=reference.strip(), paid_on=paid_on, **stamp(act))

    def check_draft(self, step_zh: str) -> None:
        if self.status != SheetStatus.DRAFT:
            raise SheetNotDraft(
                f"{self.month} 的发放表已{SHEET_STATUS_LABELS[self.status]}，不能{step_zh}；"
                "之后的更正会在下一个未审批月份的发放表中作为补发或扣回行列出",
                f"the {self.month} sheet is {self.status.value}; later corrections appear as adjustments next month",
            )

    @property
    def total(self) -> Decimal:
        return money(sum((line.amount for line in self.lines), Decimal(0)))

    def _adopt(self, event: PaySheet.Drafted | PaySheet.Redrafted) -> None:
        self.rule_version_id = event.rule_version_id
        self.as_of_position = event.as_of_position
        self.lines = [PayLine.from_record(r) for r in event.lines]
        self.drafters.add(event.actor)


def check_lines(lines: list[PayLine]) -> list[dict[str, Any]]:
    keys = [(line.payee_key, line.for_month, line.adjusts_sheet) for line in lines]
    if len(set(keys)) != len(keys):
        raise InvalidInput("发放表中同一人同一事项出现了两行", "a payee appears twice for the same item")
    return [line.as_record() for line in lines]
