"""What a new rule version changes against the one it follows: the lines a clerk checks before adopting it."""

from __future__ import annotations

from dataclasses import dataclass, fields

from domain.assessment.rules import RuleVersion

WEIGHT_LABELS = {"patrol_score": "巡查均分权重", "letters_coverage": "门前五包覆盖率权重", "overdue": "逾期权重",
                 "reopened": "重新打开权重", "days_to_close": "销号天数权重", "public_reports": "群众举报权重"}
METHOD_LABELS = {"mean": "取平均分", "lowest": "取最低分"}


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str


def rule_changes(old: RuleVersion | None, new: RuleVersion) -> list[Change]:
    """Each item, grade, weight or setting that differs; with nothing before, every line is new."""
    changes: list[Change] = []
    before = {i.code: i for i in old.deduction_items} if old else {}
    for item in new.deduction_items:
        was = before.pop(item.code, None)
        now = f"{item.name}：满分 {item.full_points}，每处扣 {item.per_finding}"
        then = f"{was.name}：满分 {was.full_points}，每处扣 {was.per_finding}" if was else "—"
        if now != then:
            changes.append(Change(f"扣分项 {item.name}", then, now))
    changes += [Change(f"扣分项 {gone.name}", f"满分 {gone.full_points}", "取消") for gone in before.values()]
    grades = {g.code: g for g in old.grades} if old else {}
    for grade in new.grades:
        was_grade = grades.pop(grade.code, None)
        now = f"{grade.min_score} 分以上，奖励 {grade.cleaner_bonus} 元"
        then = f"{was_grade.min_score} 分以上，奖励 {was_grade.cleaner_bonus} 元" if was_grade else "—"
        if now != then:
            changes.append(Change(f"等次 {grade.name}", then, now))
    changes += [Change(f"等次 {gone.name}", "有", "取消") for gone in grades.values()]
    for f in fields(new.weights):
        then = str(getattr(old.weights, f.name)) if old else "—"
        now = str(getattr(new.weights, f.name))
        if then != now:
            changes.append(Change(WEIGHT_LABELS.get(f.name, f.name), then, now))
    if old is None or old.rating_method != new.rating_method:
        changes.append(Change("月评比方法", METHOD_LABELS.get(old.rating_method, "") if old else "—",
                              METHOD_LABELS.get(new.rating_method, new.rating_method)))
    if old is None or old.minimum_cases != new.minimum_cases:
        changes.append(Change("参与排名的最少问题数", str(old.minimum_cases) if old else "—", str(new.minimum_cases)))
    return changes
