"""An accountability case: opened on a trigger against those who held the posts, 约谈 held, a commitment made,
its follow-up checked, then closed by someone other than who opened it — or escalated (通报批评, 移送县级)."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain.acts import Act, Evidence, RecordedFact, evidence_records, stamp
from domain.errors import DomainError, InvalidInput, StageNotAllowed
from domain.problem import check_reason

_NAMESPACE = uuid.UUID("4e0f1c9a-7b2d-4d61-9a53-2c8e5b7f1a06")


class CaseStage(StrEnum):
    OPENED = "opened"  # 已立案
    INTERVIEWED = "interviewed"  # 已约谈
    COMMITTED = "committed"  # 已承诺整改
    FOLLOWED_UP = "followed_up"  # 已回访核查
    CLOSED = "closed"  # 已结案
    ESCALATED = "escalated"  # 已升级


CASE_STAGE_LABELS = {
    CaseStage.OPENED: "已立案", CaseStage.INTERVIEWED: "已约谈", CaseStage.COMMITTED: "已承诺整改",
    CaseStage.FOLLOWED_UP: "已回访核查", CaseStage.CLOSED: "已结案", CaseStage.ESCALATED: "已升级处理",
}


class Escalation(StrEnum):
    NOTICE_CRITICISM = "notice_criticism"  # 通报批评
    COUNTY = "county"  # 移送县级问责


ESCALATION_LABELS = {Escalation.NOTICE_CRITICISM: "通报批评", Escalation.COUNTY: "移送县级问责"}


class CaseStageNotAllowed(StageNotAllowed):
    """The case is not at a stage where this step may be taken."""

    code = "case_stage_not_allowed"
    title = "案件所处阶段不允许此步骤"


class SameOpenerAndCloser(DomainError):
    code = "same_opener_and_closer"
    title = "立案人不能结案"


class AccountabilityCase(Aggregate):
    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        trigger_key: str
        trigger_kind: str
        village_id: uuid.UUID | None
        day: date
        reason: str
        respondents: list[dict[str, str]]
        stage: CaseStage
        opened_by: str
        follow_up_met: bool | None
        escalations: list[str]

    class Opened(RecordedFact, Aggregate.Created):
        trigger_key: str
        trigger_kind: str
        village_id: uuid.UUID | None
        day: date
        reason: str
        cites: list[str]
        respondents: list[dict[str, str]]  # person_id, name, role at the time

        def apply(self, aggregate: AccountabilityCase) -> None:
            aggregate.trigger_key = self.trigger_key
            aggregate.trigger_kind = self.trigger_kind
            aggregate.village_id = self.village_id
            aggregate.day = self.day
            aggregate.reason = self.reason
            aggregate.respondents = self.respondents
            aggregate.stage = CaseStage.OPENED
            aggregate.opened_by = self.actor
            aggregate.follow_up_met = None
            aggregate.escalations = []

    class InterviewHeld(RecordedFact):
        held_on: date
        attendees: list[str]
        minutes: str
        evidence: list[dict[str, str]]

        def apply(self, aggregate: AccountabilityCase) -> None:
            aggregate.stage = CaseStage.INTERVIEWED

    class CommitmentMade(RecordedFact):
        what: str
        due: date

        def apply(self, aggregate: AccountabilityCase) -> None:
            aggregate.stage = CaseStage.COMMITTED

    class FollowUpChecked(RecordedFact):
        met: bool
        note: str

        def apply(self, aggregate: AccountabilityCase) -> None:
            aggregate.stage = CaseStage.FOLLOWED_UP
            aggregate.follow_up_met = self.met

    class Closed(RecordedFact):
        note: str

        def apply(self, aggregate: AccountabilityCase) -> None:
            aggregate.stage = CaseStage.CLOSED

    class Escalated(RecordedFact):
        to: str
        reason: str

        def apply(self, aggregate: AccountabilityCase) -> None:
            aggregate.stage = CaseStage.ESCALATED
            aggregate.escalations.append(self.to)

    @staticmethod
    def id_for(trigger_key: str) -> uuid.UUID:
        """One case per trigger: a trigger that fires again finds its case already open."""
        return uuid.uuid5(_NAMESPACE, trigger_key)

    @classmethod
    def open(cls, trigger_key: str, trigger_kind: str, village_id: uuid.UUID | None, day: date, reason: str,
             cites: list[str], respondents: list[dict[str, str]], act: Act) -> AccountabilityCase:
        if not respondents:
            raise InvalidInput(
                f"{day.isoformat()} 没有人担任应当问责的职务（村支部书记、包村干部、分管领导），请先登记任职",
                "no one held the responsible posts on that day",
            )
        return cls._create(cls.Opened, id=cls.id_for(trigger_key), trigger_key=trigger_key,
                           trigger_kind=trigger_kind, village_id=village_id, day=day, reason=reason, cites=cites,
                           respondents=respondents, **stamp(act))

    def hold_interview(self, held_on: date, attendees: list[str], minutes: str, evidence: list[Evidence],
                       act: Act) -> None:
        self.check_stage("约谈", CaseStage.OPENED)
        if not [a for a in attendees if a.strip()]:
            raise InvalidInput("请写明参加约谈的人员", "name who attended the interview")
        check_reason(minutes, "约谈记录", "the interview's minutes")
        if held_on > act.occurred_at.date():
            raise InvalidInput(f"约谈日期 {held_on.isoformat()} 还没有到", "the interview day is in the future")
        self.trigger_event(self.InterviewHeld, held_on=held_on, attendees=[a.strip() for a in attendees if a.strip()],
                           minutes=minutes.strip(), evidence=evidence_records(evidence), **stamp(act))

    def commit(self, what: str, due: date, act: Act) -> None:
        self.check_stage("登记整改承诺", CaseStage.INTERVIEWED)
        check_reason(what, "整改承诺", "the commitment")
        if due < act.occurred_at.date():
            raise InvalidInput(f"承诺完成日期 {due.isoformat()} 已经过去", "the commitment is due in the past")
        self.trigger_event(self.CommitmentMade, what=what.strip(), due=due, **stamp(act))

    def check_follow_up(self, met: bool, note: str, act: Act) -> None:
        self.check_stage("回访核查", CaseStage.COMMITTED)
        check_reason(note, "回访核查", "the follow-up")
        self.trigger_event(self.FollowUpChecked, met=met, note=note.strip(), **stamp(act))

    def close(self, note: str, act: Act) -> None:
        self.check_stage("结案", CaseStage.FOLLOWED_UP)
        if not self.follow_up_met:
            raise CaseStageNotAllowed("回访核查未达到承诺，不能结案；请升级处理（通报批评或移送县级）",
                                  "the commitment was not met: escalate instead of closing")
        if act.actor == self.opened_by:
            raise SameOpenerAndCloser("立案的人不能结案，请由另一名纪检人员结案",
                                      "whoever opened the case may not close it")
        check_reason(note, "结案", "closing")
        self.trigger_event(self.Closed, note=note.strip(), **stamp(act))

    def escalate(self, to: Escalation | str, reason: str, act: Act) -> None:
        if self.stage == CaseStage.CLOSED:
            raise CaseStageNotAllowed("案件已结案，不能升级", "the case is closed")
        try:
            level = Escalation(to)
        except ValueError:
            raise InvalidInput("升级处理只能是通报批评（notice_criticism）或移送县级（county）",
                               f"unknown escalation {to!r}") from None
        if level.value in self.escalations:
            raise CaseStageNotAllowed(f"案件已{ESCALATION_LABELS[level]}", f"already escalated to {level.value}")
        check_reason(reason, "升级处理", "escalating")
        self.trigger_event(self.Escalated, to=level.value, reason=reason.strip(), **stamp(act))

    def check_stage(self, step_zh: str, *allowed: CaseStage) -> None:
        if self.stage not in allowed:
            allowed_zh = "、".join(CASE_STAGE_LABELS[s] for s in allowed)
            raise CaseStageNotAllowed(
                f"案件当前为“{CASE_STAGE_LABELS[self.stage]}”，不能{step_zh}（仅限：{allowed_zh}）",
                f"cannot {step_zh} a case that is {self.stage.value}",
            )

    def as_summary(self) -> dict[str, Any]:
        return {"id": str(self.id), "trigger_key": self.trigger_key, "trigger_kind": self.trigger_kind,
                "village_id": str(self.village_id) if self.village_id else None, "day": self.day.isoformat(),
                "reason": self.reason, "respondents": self.respondents, "stage": self.stage.value,
                "stage_label": CASE_STAGE_LABELS[self.stage], "opened_by": self.opened_by,
                "escalations": list(self.escalations)}
