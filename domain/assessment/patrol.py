"""Daily patrols (日巡查): who inspected whose area on which day, and which deduction items they found."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain.acts import Act, Evidence, RecordedFact, evidence_records, stamp
from domain.assessment.rules import RuleVersion
from domain.errors import InvalidInput, NotFound, StageNotAllowed
from domain.problem import check_reason


@dataclass(frozen=True)
class Finding:
    """``count`` occurrences of one deduction item, each backed by evidence."""

    item: str
    count: int
    evidence: tuple[Evidence, ...]
    note: str = ""

    def as_record(self) -> dict[str, Any]:
        return {"item": self.item, "count": self.count, "note": self.note, "evidence": evidence_records(self.evidence)}


@dataclass
class RecordedFinding:
    number: int
    item: str
    count: int
    note: str
    evidence: list[dict[str, str]]
    problem_id: uuid.UUID | None = None


def check_findings(findings: list[Finding], rules: RuleVersion) -> list[dict[str, Any]]:
    seen: set[str] = set()
    for f in findings:
        rules.item(f.item)
        if f.item in seen:
            raise InvalidInput(f"扣分项 “{f.item}” 重复填写，请合并为一项并写明处数", f"item {f.item!r} listed twice")
        seen.add(f.item)
        if f.count < 1 or f.count > 100:
            raise InvalidInput(f"扣分项 “{f.item}” 的处数必须在 1–100 之间", f"item {f.item!r} count must be 1-100")
        if not f.evidence:
            raise InvalidInput(
                f"扣分项 “{f.item}” 没有证据：每项扣分都要附照片或视频",
                f"item {f.item!r} needs photo or video evidence",
            )
    return [f.as_record() for f in findings]


class DailyPatrol(Aggregate):
    """One inspection of a village, a group, or a cleaner's area on one day."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        day: date
        village_id: uuid.UUID
        group_id: uuid.UUID | None
        cleaner_id: uuid.UUID | None
        area: str
        inspector_id: uuid.UUID
        withdrawn: bool

    class Recorded(RecordedFact, Aggregate.Created):
        day: date
        village_id: uuid.UUID
        group_id: uuid.UUID | None
        cleaner_id: uuid.UUID | None
        area: str
        inspector_id: uuid.UUID
        rule_version_id: str
        findings: list[dict[str, Any]]

        def apply(self, aggregate: DailyPatrol) -> None:
            aggregate.day = self.day
            aggregate.village_id = self.village_id
            aggregate.group_id = self.group_id
            aggregate.cleaner_id = self.cleaner_id
            aggregate.area = self.area
            aggregate.inspector_id = self.inspector_id
            aggregate.withdrawn = False
            aggregate._adopt(self.findings, self.rule_version_id)

    class Corrected(RecordedFact):
        findings: list[dict[str, Any]]
        rule_version_id: str
        reason: str

        def apply(self, aggregate: DailyPatrol) -> None:
            linked = {f.item: f.problem_id for f in aggregate.findings}
            aggregate._adopt(self.findings, self.rule_version_id)
            for f in aggregate.findings:
                f.problem_id = linked.get(f.item)

    class FindingLinked(RecordedFact):
        finding_number: int
        problem_id: uuid.UUID

        def apply(self, aggregate: DailyPatrol) -> None:
            aggregate.finding(self.finding_number).problem_id = self.problem_id

    class Withdrawn(RecordedFact):
        reason: str

        def apply(self, aggregate: DailyPatrol) -> None:
            aggregate.withdrawn = True

    @classmethod
    def record(
        cls,
        day: date,
        village_id: uuid.UUID,
        inspector_id: uuid.UUID,
        findings: list[Finding],
        rules: RuleVersion,
        act: Act,
        group_id: uuid.UUID | None = None,
        cleaner_id: uuid.UUID | None = None,
        area: str = "",
        patrol_id: uuid.UUID | None = None,
    ) -> DailyPatrol:
        if day > act.occurred_at.date():
            raise InvalidInput(f"巡查日期 {day.isoformat()} 还没有到", f"patrol day {day.isoformat()} is in the future")
        check_rules_for(rules, day)
        return cls._create(
            cls.Recorded,
            id=patrol_id or uuid.uuid4(),
            day=day,
            village_id=village_id,
            group_id=group_id,
            cleaner_id=cleaner_id,
            area=area.strip()[:200],
            inspector_id=inspector_id,
            rule_version_id=rules.version_id,
            findings=check_findings(findings, rules),
            **stamp(act),
        )

    def correct(self, findings: list[Finding], reason: str, rules: RuleVersion, act: Act) -> None:
        """Replace the findings; a closed month keeps its frozen figures and pay gets an adjustment."""
        self.check_not_withdrawn()
        check_reason(reason, "更正巡查记录", "correcting a patrol")
        check_rules_for(rules, self.day)
        self.trigger_event(
            self.Corrected,
            findings=check_findings(findings, rules),
            rule_version_id=rules.version_id,
            reason=reason.strip(),
            **stamp(act),
        )

    def link_finding(self, finding_number: int, problem_id: uuid.UUID, act: Act) -> None:
        self.check_not_withdrawn()
        finding = self.finding(finding_number)
        if finding.problem_id is not None:
            raise StageNotAllowed(
                f"第 {finding_number} 项发现已登记为问题 {finding.problem_id}",
                f"finding {finding_number} already opened problem {finding.problem_id}",
            )
        self.trigger_event(self.FindingLinked, finding_number=finding_number, problem_id=problem_id, **stamp(act))

    def withdraw(self, reason: str, act: Act) -> None:
        self.check_not_withdrawn()
        check_reason(reason, "撤销巡查记录", "withdrawing a patrol")
        self.trigger_event(self.Withdrawn, reason=reason.strip(), **stamp(act))

    def finding(self, number: int) -> RecordedFinding:
        for f in self.findings:
            if f.number == number:
                return f
        raise NotFound(f"该巡查记录没有第 {number} 项发现", f"the patrol has no finding {number}")

    def check_not_withdrawn(self) -> None:
        if self.withdrawn:
            raise StageNotAllowed("该巡查记录已撤销", "the patrol was withdrawn")

    def _adopt(self, findings: list[dict[str, Any]], rule_version_id: str) -> None:
        self.rule_version_id = rule_version_id
        self.findings = [
            RecordedFinding(n, f["item"], int(f["count"]), f["note"], f["evidence"])
            for n, f in enumerate(findings, start=1)
        ]


def check_rules_for(rules: RuleVersion, day: date) -> None:
    if rules.effective_from > day:
        raise InvalidInput(
            f"规则 {rules.version_id} 自 {rules.effective_from.isoformat()} 起生效，不适用于 {day.isoformat()}",
            f"rule version {rules.version_id} is not in force on {day.isoformat()}",
        )
