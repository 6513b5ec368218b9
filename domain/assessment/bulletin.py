"""The quarterly bulletin (季通报), rendered from the record alone so it regenerates byte for byte."""

from __future__ import annotations

import hashlib
import uuid

from domain.assessment.facts import AssessmentFacts
from domain.assessment.red_black import FrozenRedBlack, bulletin_part, red_black_lists
from domain.assessment.values import quarter_months

CHINESE_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}


def render_bulletin(facts: AssessmentFacts, year: int, quarter: int, red_black: FrozenRedBlack | None = None) -> str:
    """The bulletin text from the months' frozen closings and the names on record; no clock, no randomness.

    ``red_black`` is what the bulletin recorded of its red and black list; bulletins recorded before they carried
    one have none, and their text stays as it was published.
    """
    months = quarter_months(year, quarter)
    out = [f"{facts.township_name}全域无垃圾治理{year}年第{CHINESE_QUARTERS[quarter]}季度通报", ""]
    out.append("一、各村月度排名")
    for month in months:
        closing = facts.closings[month]
        out.append(f"（{month}，规则版本 {closing.rule_version_id}，摘要 {closing.digest[:16]}）")
        for r in closing.rankings:
            name = facts.village_name(uuid.UUID(r["village_id"])) or r["village_name"]
            place = f"第{r['rank']}名" if r["rank"] is not None else "不排名"
            line = (
                f"  {place} {name} 得分 {r['score']}（巡查 {r['cases']} 次，逾期 {r['overdue']} 件，"
                f"重新打开 {r['reopened']} 件，门前五包覆盖率 {r['coverage_percent']}%）"
            )
            if r["note"]:
                line += f" {r['note']}"
            out.append(line)
    out.append("")
    out.append("二、保洁员月评比")
    for month in months:
        closing = facts.closings[month]
        out.append(f"（{month}）")
        for r in sorted(closing.ratings, key=lambda x: facts.person_name(uuid.UUID(x["cleaner_id"]))):
            name = facts.person_name(uuid.UUID(r["cleaner_id"]))
            score = r["score"] if r["score"] is not None else "—"
            out.append(f"  {name} {score} 分 {r['grade_name']}（巡查 {r['patrols']} 次）")
    out.append("")
    out.append("三、本季度各村排名名次合计（越小越好；不排名的月份不计）")
    totals: dict[str, list[int]] = {}
    for month in months:
        for r in facts.closings[month].rankings:
            name = facts.village_name(uuid.UUID(r["village_id"])) or r["village_name"]
            totals.setdefault(name, [])
            if r["rank"] is not None:
                totals[name].append(r["rank"])
    for name, ranks in sorted(totals.items(), key=lambda kv: (not kv[1], sum(kv[1]) / max(len(kv[1]), 1), kv[0])):
        out.append(
            f"  {name} 排名月份 {len(ranks)} 个，平均名次 {sum(ranks) / len(ranks):.2f}"
            if ranks
            else f"  {name} 本季度未排名"
        )
    out.append("")
    if red_black is not None:
        out += bulletin_part(red_black_lists(facts, year, quarter, red_black.rule, red_black.open_cases))
        out.append("")
    out.append(f"数据截至台账记录位置 {facts.position}")
    return "\n".join(out) + "\n"


def bulletin_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
