"""The rule book: scoring and pay rules as versioned data, each version in force from the first of a month."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.assessment.errors import RulesRetroactive, RuleVersionMissing
from domain.assessment.red_black_rule import DEFAULT_RED_BLACK, RedBlackRule
from domain.assessment.values import money, points
from domain.cases.points import DEFAULT_CASE_POINTS, CasePoints
from domain.cases.triggers import DEFAULT_TRIGGERS, CaseTriggers
from domain.errors import AlreadyExists, InvalidInput
from domain.flags.thresholds import DEFAULT_THRESHOLDS, FlagThresholds
from domain.vocabulary import Role

RATING_METHODS = {"mean": "日巡查平均分", "lowest": "日巡查最低分"}
PAID_CADRE_ROLES = (Role.VILLAGE_SECRETARY, Role.VILLAGE_CADRE, Role.GROUP_LEADER)


@dataclass(frozen=True)
class DeductionItem:
    """A daily-patrol check: each finding deducts ``per_finding`` points, never below zero for the item."""

    code: str
    name: str
    full_points: Decimal
    per_finding: Decimal


@dataclass(frozen=True)
class Grade:
    """A monthly grade reached from ``min_score`` upward; the cleaner's bonus follows it."""

    code: str
    name: str
    min_score: Decimal
    cleaner_bonus: Decimal


@dataclass(frozen=True)
class RankingWeights:
    """Village score = patrol mean × patrol + coverage % × coverage − the penalties per case."""

    patrol_score: Decimal
    letters_coverage: Decimal
    overdue: Decimal
    reopened: Decimal
    days_to_close: Decimal
    public_reports: Decimal


@dataclass(frozen=True)
class RankingBand:
    """Ranks ``first_rank``..``last_rank`` (None: to the last) share a cadre pay coefficient and year-end points."""

    name: str
    first_rank: int
    last_rank: int | None
    cadre_coefficient: Decimal
    year_end_points: Decimal

    def covers(self, rank: int) -> bool:
        return self.first_rank <= rank and (self.last_rank is None or rank <= self.last_rank)


@dataclass(frozen=True)
class RuleVersion:
    """One version of every rule, in force from ``effective_from`` until the next version."""

    version_id: str
    effective_from: date
    title: str
    deduction_items: tuple[DeductionItem, ...]
    rating_method: str
    grades: tuple[Grade, ...]
    weights: RankingWeights
    minimum_cases: int
    bands: tuple[RankingBand, ...]
    unranked_band: RankingBand
    cadre_base_pay: dict[str, Decimal] = field(default_factory=dict)
    coverage_target_percent: Decimal | None = None  # 门前五包 coverage each village should reach
    red_flags: FlagThresholds | None = None  # the inspectors' red-flag thresholds; None: the defaults

    accountability: CaseTriggers | None = None  # when an accountability case is opened; None: the defaults
    red_black: RedBlackRule | None = None  # how many villages the quarter's red and black lists name
    case_points: CasePoints | None = None  # year-end points a case takes from its respondents; None: the defaults

    @property
    def red_black_rule(self) -> RedBlackRule:
        return self.red_black or DEFAULT_RED_BLACK

    @property
    def flag_thresholds(self) -> FlagThresholds:
        return self.red_flags or DEFAULT_THRESHOLDS

    @property
    def case_triggers(self) -> CaseTriggers:
        return self.accountability or DEFAULT_TRIGGERS

    @property
    def case_deductions(self) -> CasePoints:
        return self.case_points or DEFAULT_CASE_POINTS

    def __post_init__(self) -> None:
        check_rule_version(self)

    def item(self, code: str) -> DeductionItem:
        for item in self.deduction_items:
            if item.code == code:
                return item
        from domain.assessment.errors import UnknownDeductionItem

        known = "、".join(f"{i.code}（{i.name}）" for i in self.deduction_items)
        raise UnknownDeductionItem(
            f"规则 {self.version_id} 没有扣分项 “{code}”（可选：{known}）",
            f"rule version {self.version_id} has no deduction item {code!r}",
        )

    @property
    def full_score(self) -> Decimal:
        return points(sum((i.full_points for i in self.deduction_items), Decimal(0)))

    def grade_for(self, score: Decimal) -> Grade:
        for grade in self.grades:
            if score >= grade.min_score:
                return grade
        return self.grades[-1]

    def band_for(self, rank: int | None) -> RankingBand:
        if rank is None:
            return self.unranked_band
        for band in self.bands:
            if band.covers(rank):
                return band
        return self.unranked_band

    def as_record(self) -> dict[str, Any]:
        return {
            "version_id": self.version_id,
            "effective_from": self.effective_from.isoformat(),
            "title": self.title,
            "deduction_items": [
                {"code": i.code, "name": i.name, "full_points": str(i.full_points), "per_finding": str(i.per_finding)}
                for i in self.deduction_items
            ],
            "rating_method": self.rating_method,
            "grades": [
                {"code": g.code, "name": g.name, "min_score": str(g.min_score), "cleaner_bonus": str(g.cleaner_bonus)}
                for g in self.grades
            ],
            "weights": {k: str(v) for k, v in vars(self.weights).items()},
            "minimum_cases": self.minimum_cases,
            "bands": [_band_record(b) for b in self.bands],
            "unranked_band": _band_record(self.unranked_band),
            "cadre_base_pay": {role: str(amount) for role, amount in sorted(self.cadre_base_pay.items())},
            # Only when set: a version adopted before the target existed keeps its recorded form exactly.
            **({"coverage_target_percent": str(self.coverage_target_percent)}
               if self.coverage_target_percent is not None else {}),
            **({"red_flags": self.red_flags.as_record()} if self.red_flags is not None else {}),
            **({"accountability": self.accountability.as_record()} if self.accountability is not None else {}),
            **({"red_black": self.red_black.as_record()} if self.red_black is not None else {}),
            **({"case_points": self.case_points.as_record()} if self.case_points is not None else {}),
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> RuleVersion:
        return cls(
            version_id=r["version_id"],
            effective_from=date.fromisoformat(r["effective_from"]),
            title=r["title"],
            deduction_items=tuple(
                DeductionItem(i["code"], i["name"], points(i["full_points"]), points(i["per_finding"]))
                for i in r["deduction_items"]
            ),
            rating_method=r["rating_method"],
            grades=tuple(
                Grade(g["code"], g["name"], points(g["min_score"]), money(g["cleaner_bonus"])) for g in r["grades"]
            ),
            weights=RankingWeights(**{k: Decimal(v) for k, v in r["weights"].items()}),
            minimum_cases=int(r["minimum_cases"]),
            bands=tuple(_band_from(b) for b in r["bands"]),
            unranked_band=_band_from(r["unranked_band"]),
            cadre_base_pay={role: money(amount) for role, amount in r["cadre_base_pay"].items()},
            coverage_target_percent=(Decimal(r["coverage_target_percent"])
                                     if r.get("coverage_target_percent") is not None else None),
            red_flags=FlagThresholds.from_record(r["red_flags"]) if r.get("red_flags") is not None else None,
            accountability=(CaseTriggers.from_record(r["accountability"])
                            if r.get("accountability") is not None else None),
            red_black=RedBlackRule.from_record(r["red_black"]) if r.get("red_black") is not None else None,
            case_points=CasePoints.from_record(r["case_points"]) if r.get("case_points") is not None else None,
        )


def _band_record(b: RankingBand) -> dict[str, Any]:
    return {
        "name": b.name,
        "first_rank": b.first_rank,
        "last_rank": b.last_rank,
        "cadre_coefficient": str(b.cadre_coefficient),
        "year_end_points": str(b.year_end_points),
    }


def _band_from(r: dict[str, Any]) -> RankingBand:
    return RankingBand(
        r["name"], int(r["first_rank"]), r["last_rank"], Decimal(r["cadre_coefficient"]), points(r["year_end_points"])
    )


def _refuse(zh: str, en: str) -> None:
    raise InvalidInput(zh, en)


def check_rule_version(v: RuleVersion) -> None:
    if not v.version_id.strip() or len(v.version_id) > 40:
        _refuse("规则版本号不能为空，最多 40 字", "the rule version id must be 1-40 characters")
    if v.effective_from.day != 1:
        _refuse(
            f"规则须自某月 1 日起生效（给出的是 {v.effective_from.isoformat()}），因为评比和报酬按月计算",
            f"a rule version takes effect on the first of a month (got {v.effective_from.isoformat()})",
        )
    if not v.title.strip():
        _refuse("请写明规则的文件名称或文号", "give the title or document number of the rules")
    if not v.deduction_items:
        _refuse("至少要有一个日巡查扣分项", "at least one daily-patrol deduction item is needed")
    codes = [i.code for i in v.deduction_items]
    if len(set(codes)) != len(codes):
        _refuse("扣分项编码重复", "deduction item codes repeat")
    for i in v.deduction_items:
        if i.full_points <= 0 or i.per_finding <= 0:
            _refuse(f"扣分项 {i.name} 的分值和每处扣分必须为正数", f"item {i.code} needs positive points")
    if v.rating_method not in RATING_METHODS:
        _refuse(
            f"未知的月评比方法 “{v.rating_method}”（可选：mean、lowest）", f"unknown rating method {v.rating_method!r}"
        )
    if not v.grades or any(a.min_score <= b.min_score for a, b in pairwise(v.grades)):
        _refuse("等次须按最低分从高到低排列且不重复", "grades must be listed by strictly decreasing minimum score")
    if v.grades[-1].min_score != 0:
        _refuse("最后一个等次的最低分必须为 0，使每个分数都有等次", "the last grade must start at 0")
    if any(g.cleaner_bonus < 0 for g in v.grades):
        _refuse("保洁员奖金不能为负数", "a cleaner bonus may not be negative")
    if v.coverage_target_percent is not None and not 0 <= v.coverage_target_percent <= 100:
        _refuse("门前五包覆盖率目标应在 0 至 100 之间", "the coverage target is a percentage between 0 and 100")
    if v.minimum_cases < 0:
        _refuse("参与排名的最少巡查次数不能为负数", "the minimum cases may not be negative")
    expected_first = 1
    for band in v.bands:
        if band.first_rank != expected_first or (band.last_rank is not None and band.last_rank < band.first_rank):
            _refuse("排名档次须从第 1 名起连续排列、互不重叠", "ranking bands must run on from rank 1 without gaps")
        if band.cadre_coefficient < 0:
            _refuse("报酬系数不能为负数", "a pay coefficient may not be negative")
        expected_first = (band.last_rank or 0) + 1
    unknown = set(v.cadre_base_pay) - {r.value for r in PAID_CADRE_ROLES}
    if unknown:
        _refuse(
            f"只有村支部书记、村干部、组长有绩效报酬基数（多了 {sorted(unknown)}）",
            f"no base pay for {sorted(unknown)}",
        )


_RULEBOOK_ID = uuid.UUID("2f7d4f0e-8a43-4f0e-9d6b-3c8e1a9b7d21")


class RuleBook(Aggregate):
    """Every rule version ever adopted, in the order adopted; none is ever edited."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        versions: list[RuleVersion]

    ID = _RULEBOOK_ID

    class Opened(RecordedFact, Aggregate.Created):
        def apply(self, aggregate: RuleBook) -> None:
            aggregate.versions = []

    class VersionAdopted(RecordedFact):
        rules: dict[str, Any]
        supersedes: str | None

        def apply(self, aggregate: RuleBook) -> None:
            aggregate.versions.append(RuleVersion.from_record(self.rules))

    @classmethod
    def open(cls, act: Act) -> RuleBook:
        return cls._create(cls.Opened, id=cls.ID, **stamp(act))

    def adopt(self, version: RuleVersion, act: Act, first_open_day: date | None = None) -> None:
        """Adopt a version; ``first_open_day`` is the first day of the earliest month not yet closed."""
        if any(v.version_id == version.version_id for v in self.versions):
            raise AlreadyExists(
                f"规则版本 {version.version_id} 已存在，规则只能新增版本，不能修改",
                f"version {version.version_id} exists",
            )
        latest = self.versions[-1] if self.versions else None
        if latest is not None and version.effective_from < latest.effective_from:
            raise RulesRetroactive(
                f"新版本生效日 {version.effective_from.isoformat()} 早于现行版本 {latest.version_id} 的生效日 "
                f"{latest.effective_from.isoformat()}；规则只能向后生效",
                f"a new version may not take effect before the latest one ({latest.effective_from.isoformat()})",
            )
        if first_open_day is not None and version.effective_from < first_open_day:
            raise RulesRetroactive(
                f"{version.effective_from.isoformat()} 所在月份已结账，新规则最早只能自 {first_open_day.isoformat()} "
                "起生效",
                f"the month of {version.effective_from.isoformat()} is closed; "
                f"new rules can take effect from {first_open_day.isoformat()} at the earliest",
            )
        supersedes = latest.version_id if latest and latest.effective_from == version.effective_from else None
        self.trigger_event(self.VersionAdopted, rules=version.as_record(), supersedes=supersedes, **stamp(act))

    def rule_version_on(self, day: date) -> RuleVersion:
        return rule_version_on(self.versions, day)

    def find_version(self, version_id: str) -> RuleVersion:
        for v in self.versions:
            if v.version_id == version_id:
                return v
        raise RuleVersionMissing(f"没有规则版本 {version_id}", f"no rule version {version_id}")


def rule_version_on(versions: list[RuleVersion], day: date) -> RuleVersion:
    """The version in force on ``day``: among those effective by then, the latest, last adopted."""
    in_force = [v for v in versions if v.effective_from <= day]
    if not in_force:
        raise RuleVersionMissing(
            f"{day.isoformat()} 没有生效的考核规则，请先录入当时的规则",
            f"no rule version is in force on {day.isoformat()}; record the rules of that time first",
        )
    latest_day = max(v.effective_from for v in in_force)
    return [v for v in in_force if v.effective_from == latest_day][-1]
