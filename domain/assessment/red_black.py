"""The red and black list (红黑榜) of a quarter: the villages at the top and the bottom of its frozen months, with
the overdue problems and open accountability cases of each village, rendered so it regenerates byte for byte."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.assessment.errors import RuleVersionMissing
from domain.assessment.facts import AssessmentFacts
from domain.assessment.red_black_rule import DEFAULT_RED_BLACK, RedBlackRule
from domain.assessment.values import quarter_months
from domain.errors import InvalidInput

CHINESE_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True)
class Standing:
    name: str
    mean_rank: float
    months: int
    overdue: int  # at the end of the quarter's last closed month, as frozen


@dataclass(frozen=True)
class VillageCounts:
    """A village with problems overdue at the quarter's end or accountability cases open."""

    name: str
    overdue: int
    open_cases: int


@dataclass(frozen=True)
class RedBlackLists:
    """The two lists and the villages' counts, as one quarter's record and rule book give them."""

    township: str
    year: int
    quarter: int
    rule: RedBlackRule
    red: list[Standing]
    black: list[Standing]
    counts: list[VillageCounts]
    open_cases: Mapping[str, int]
    position: int

    @property
    def title(self) -> str:
        return f"{self.township}全域无垃圾治理{self.year}年第{CHINESE_QUARTERS[self.quarter]}季度红黑榜"

    def cases_of(self, name: str) -> int:
        return self.open_cases.get(name, 0)

    def red_lines(self) -> list[str]:
        return [f"  {n}. {s.name} 平均名次 {s.mean_rank:.2f}（排名月份 {s.months} 个）"
                for n, s in enumerate(self.red, 1)]

    def black_lines(self) -> list[str]:
        return [f"  {n}. {s.name} 平均名次 {s.mean_rank:.2f}（排名月份 {s.months} 个），季末逾期问题 {s.overdue} 件，"
                f"未结问责案件 {self.cases_of(s.name)} 件" for n, s in enumerate(self.black, 1)]

    def count_lines(self) -> list[str]:
        return [f"  {c.name} 逾期问题 {c.overdue} 件，未结问责案件 {c.open_cases} 件" for c in self.counts] or ["  无"]


@dataclass(frozen=True)
class FrozenRedBlack:
    """What a bulletin records so the lists it carries regenerate: the rule applied and the cases open then."""

    rule: RedBlackRule
    open_cases: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in self.open_cases.values()):
            raise InvalidInput("未结问责案件数应为非负整数", "open case counts must be whole numbers, not negative")

    def as_record(self) -> dict[str, Any]:
        return {**self.rule.as_record(), "open_cases": dict(sorted(self.open_cases.items()))}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> FrozenRedBlack:
        rule = {k: v for k, v in record.items() if k != "open_cases"}
        cases = record.get("open_cases") or {}
        return cls(RedBlackRule.from_record(rule), {str(k): v for k, v in sorted(cases.items())})


def rule_for_quarter(facts: AssessmentFacts, year: int, quarter: int) -> RedBlackRule:
    """The rule in force on the quarter's last day; before any rule book, the rule book's default."""
    try:
        return facts.rule_version_on(quarter_months(year, quarter)[-1].last_day).red_black_rule
    except RuleVersionMissing:
        return DEFAULT_RED_BLACK


def standings(facts: AssessmentFacts, year: int, quarter: int) -> list[Standing]:
    """Each village ranked in at least one of the quarter's months, best mean rank first (ties by name)."""
    ranks: dict[str, list[int]] = {}
    overdue: dict[str, int] = {}
    for month in quarter_months(year, quarter):
        closing = facts.closings[month]
        for r in closing.rankings:
            name = facts.village_name(uuid.UUID(r["village_id"])) or r["village_name"]
            ranks.setdefault(name, [])
            if r["rank"] is not None:
                ranks[name].append(int(r["rank"]))
            overdue[name] = int(r["overdue"])
    ranked = [Standing(n, sum(rs) / len(rs), len(rs), overdue[n]) for n, rs in ranks.items() if rs]
    return sorted(ranked, key=lambda s: (s.mean_rank, s.name))


def red_black_lists(facts: AssessmentFacts, year: int, quarter: int, rule: RedBlackRule,
                    open_cases: Mapping[str, int]) -> RedBlackLists:
    """``open_cases`` are the accountability cases open when the lists were published, by village name."""
    ranked = standings(facts, year, quarter)
    red = ranked[: rule.red_count]
    black = [s for s in ranked[::-1][: rule.black_count] if s not in red]
    by_name = {s.name: s for s in ranked}
    counts = [VillageCounts(name, by_name[name].overdue if name in by_name else 0, open_cases.get(name, 0))
              for name in sorted(set(by_name) | set(open_cases))]
    return RedBlackLists(facts.township_name, year, quarter, rule, red, black,
                         [c for c in counts if c.overdue or c.open_cases], dict(open_cases), facts.position)


def render_red_black(facts: AssessmentFacts, year: int, quarter: int, rule: RedBlackRule,
                     open_cases: Mapping[str, int], bulletin_sha256: str) -> str:
    """The text of the list published beside its bulletin (before bulletins carried their own)."""
    lists = red_black_lists(facts, year, quarter, rule, open_cases)
    out = [lists.title, "",
           f"（随本季度通报发布，通报摘要 {bulletin_sha256[:16]}；按考核规则，红榜 {rule.red_count} 个村，"
           f"黑榜 {rule.black_count} 个村，以本季度各月排名的平均名次为准；逾期问题为季末已结账月份所载，"
           "问责案件截至本榜发布时）", "", "一、红榜"]
    out += lists.red_lines()
    out += ["", "二、黑榜"]
    out += lists.black_lines()
    out += ["", "三、各村季末逾期问题与未结问责案件"]
    out += lists.count_lines()
    out += ["", f"数据截至台账记录位置 {facts.position}"]
    return "\n".join(out) + "\n"


def bulletin_part(lists: RedBlackLists) -> list[str]:
    """The lists as the fourth part of the quarter's bulletin, so the bulletin's digest covers them."""
    rule = lists.rule
    return ["四、红黑榜",
            f"（按考核规则，红榜 {rule.red_count} 个村，黑榜 {rule.black_count} 个村，以本季度各月排名的平均名次为准；"
            "逾期问题为季末已结账月份所载，问责案件截至本通报发布时）",
            "（一）红榜", *(lists.red_lines() or ["  无"]),
            "（二）黑榜", *(lists.black_lines() or ["  无"]),
            "（三）各村季末逾期问题与未结问责案件", *lists.count_lines()]


def posted_text(lists: RedBlackLists, bulletin_sha256: str) -> str:
    """The list its bulletin carries, standing alone for posting: the bulletin's fourth part under its own title."""
    return "\n".join([lists.title, "", *bulletin_part(lists)[1:], "",
                      f"（本榜为{lists.year}年第{lists.quarter}季度通报第四部分，通报摘要 {bulletin_sha256[:16]}）",
                      f"数据截至台账记录位置 {lists.position}"]) + "\n"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
