"""The red and black list (红黑榜) of a quarter: the villages at the top and the bottom of its frozen months, with
the overdue problems and open accountability cases of each village, rendered so it regenerates byte for byte."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from domain.assessment.facts import AssessmentFacts
from domain.assessment.red_black_rule import RedBlackRule
from domain.assessment.values import quarter_months

CHINESE_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}




@dataclass(frozen=True)
class Standing:
    name: str
    mean_rank: float
    months: int
    overdue: int  # at the end of the quarter's last closed month, as frozen


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


def render_red_black(facts: AssessmentFacts, year: int, quarter: int, rule: RedBlackRule,
                     open_cases: Mapping[str, int], bulletin_sha256: str) -> str:
    """The list's text; ``open_cases`` are the accountability cases open at the same position, by village name."""
    ranked = standings(facts, year, quarter)
    red = ranked[: rule.red_count]
    black = [s for s in ranked[::-1][: rule.black_count] if s not in red]
    out = [f"{facts.township_name}全域无垃圾治理{year}年第{CHINESE_QUARTERS[quarter]}季度红黑榜", "",
           f"（随本季度通报发布，通报摘要 {bulletin_sha256[:16]}；按考核规则，红榜 {rule.red_count} 个村，"
           f"黑榜 {rule.black_count} 个村，以本季度各月排名的平均名次为准；逾期问题为季末已结账月份所载，"
           "问责案件截至本榜发布时）", "", "一、红榜"]
    out += [f"  {n}. {s.name} 平均名次 {s.mean_rank:.2f}（排名月份 {s.months} 个）" for n, s in enumerate(red, 1)]
    out += ["", "二、黑榜"]
    out += [f"  {n}. {s.name} 平均名次 {s.mean_rank:.2f}（排名月份 {s.months} 个），季末逾期问题 {s.overdue} 件，"
            f"未结问责案件 {open_cases.get(s.name, 0)} 件" for n, s in enumerate(black, 1)]
    out += ["", "三、各村季末逾期问题与未结问责案件"]
    listed = sorted({s.name for s in ranked} | set(open_cases))
    by_name = {s.name: s for s in ranked}
    rows = [(name, by_name[name].overdue if name in by_name else 0, open_cases.get(name, 0)) for name in listed]
    rows = [r for r in rows if r[1] or r[2]]
    out += [f"  {name} 逾期问题 {late} 件，未结问责案件 {cases} 件" for name, late, cases in rows] or ["  无"]
    out += ["", f"数据截至台账记录位置 {facts.position}"]
    return "\n".join(out) + "\n"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
