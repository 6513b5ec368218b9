"""Cases as the record stood: each case event kept as a step (position, who, both times, what it said), and the
fold of the steps up to a position into each case with its stage, so the read model and the year-end agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.cases.case import CASE_STAGE_LABELS, ESCALATION_LABELS, AccountabilityCase, CaseStage, Escalation

CASE_EVENTS = (
    AccountabilityCase.Opened, AccountabilityCase.InterviewHeld, AccountabilityCase.CommitmentMade,
    AccountabilityCase.FollowUpChecked, AccountabilityCase.Closed, AccountabilityCase.Escalated,
)
CASE_TOPICS = sorted(f"{cls.__module__}:{cls.__qualname__}" for cls in CASE_EVENTS)

_STAGE_AFTER = {
    "AccountabilityCase.Opened": CaseStage.OPENED,
    "AccountabilityCase.InterviewHeld": CaseStage.INTERVIEWED,
    "AccountabilityCase.CommitmentMade": CaseStage.COMMITTED,
    "AccountabilityCase.FollowUpChecked": CaseStage.FOLLOWED_UP,
    "AccountabilityCase.Closed": CaseStage.CLOSED,
    "AccountabilityCase.Escalated": CaseStage.ESCALATED,
}


@dataclass(frozen=True)
class CaseStep:
    """One event of a case: ``detail`` holds what the event said, in plain JSON values."""

    position: int
    case_id: str
    version: int
    kind: str
    actor: str
    occurred_at: datetime
    recorded_at: datetime
    detail: dict[str, Any]


def step_detail(event: Any) -> dict[str, Any]:
    """What a case event said, as plain values (the read model stores it; the fold reads it back)."""
    kind = type(event)
    if kind is AccountabilityCase.Opened:
        return {"trigger_key": event.trigger_key, "trigger_kind": event.trigger_kind,
                "village_id": str(event.village_id) if event.village_id else None, "day": event.day.isoformat(),
                "reason": event.reason, "cites": list(event.cites), "respondents": list(event.respondents)}
    if kind is AccountabilityCase.InterviewHeld:
        return {"held_on": event.held_on.isoformat(), "attendees": list(event.attendees), "minutes": event.minutes,
                "evidence": list(event.evidence)}
    if kind is AccountabilityCase.CommitmentMade:
        return {"what": event.what, "due": event.due.isoformat()}
    if kind is AccountabilityCase.FollowUpChecked:
        return {"met": bool(event.met), "note": event.note}
    if kind is AccountabilityCase.Closed:
        return {"note": event.note}
    if kind is AccountabilityCase.Escalated:
        return {"to": event.to, "reason": event.reason}
    raise ValueError(f"not an accountability case event: {kind.__qualname__}")


def step_of(position: int, event: Any) -> CaseStep:
    occurred = getattr(event, "occurred_at", None) or event.timestamp
    return CaseStep(position, str(event.originator_id), int(event.originator_version), type(event).__qualname__,
                    event.actor, occurred, event.timestamp, step_detail(event))


@dataclass
class CaseRecord:
    """A case as its steps up to some position leave it."""

    case_id: str
    trigger_key: str
    trigger_kind: str
    village_id: str | None
    day: date
    reason: str
    cites: tuple[str, ...]
    respondents: list[dict[str, str]]
    opened_by: str
    stage: CaseStage = CaseStage.OPENED
    escalations: list[str] = field(default_factory=list)
    interviewed: bool = False
    follow_up_met: bool | None = None
    steps: list[CaseStep] = field(default_factory=list)

    @property
    def stage_text(self) -> str:
        """The stage in words with the escalations reached, e.g. 已升级处理（通报批评）（移送县级问责）."""
        return CASE_STAGE_LABELS[self.stage] + "".join(
            f"（{ESCALATION_LABELS[Escalation(e)]}）" for e in self.escalations)

    @property
    def positions(self) -> tuple[int, ...]:
        """The events behind the case: its provenance."""
        return tuple(s.position for s in self.steps)

    @property
    def last(self) -> CaseStep:
        return self.steps[-1]

    def as_summary(self) -> dict[str, Any]:
        return {"id": self.case_id, "trigger_key": self.trigger_key, "trigger_kind": self.trigger_kind,
                "village_id": self.village_id, "day": self.day.isoformat(), "reason": self.reason,
                "cites": list(self.cites), "respondents": self.respondents, "stage": self.stage.value,
                "stage_label": CASE_STAGE_LABELS[self.stage], "stage_text": self.stage_text,
                "opened_by": self.opened_by, "escalations": list(self.escalations),
                "positions": list(self.positions)}


def case_records(steps: Iterable[CaseStep]) -> list[CaseRecord]:
    """The cases the steps (in position order) leave, in the order they were opened."""
    cases: dict[str, CaseRecord] = {}
    for step in steps:
        d = step.detail
        if step.kind == "AccountabilityCase.Opened":
            cases[step.case_id] = CaseRecord(
                step.case_id, d["trigger_key"], d["trigger_kind"], d["village_id"], date.fromisoformat(d["day"]),
                d["reason"], tuple(d["cites"]), list(d["respondents"]), step.actor)
        case = cases.get(step.case_id)
        if case is None:
            continue  # a later step whose opening lies beyond what was read cannot be shown alone
        case.steps.append(step)
        case.stage = _STAGE_AFTER[step.kind]
        if step.kind == "AccountabilityCase.InterviewHeld":
            case.interviewed = True
        elif step.kind == "AccountabilityCase.FollowUpChecked":
            case.follow_up_met = bool(d["met"])
        elif step.kind == "AccountabilityCase.Escalated":
            case.escalations.append(d["to"])
    return list(cases.values())
