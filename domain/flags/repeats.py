"""Problems extended or reopened again and again, and villages whose rectifications keep being sent back."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from domain.flags.chance import percent, tail
from domain.flags.facts import Fact, FlagFacts, positions
from domain.flags.flag import Flag, FlagKind
from domain.flags.thresholds import FlagThresholds


def repeated_extensions(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    by_problem: dict[str, list[Fact]] = defaultdict(list)
    for f in facts.of("Problem.Assigned", "Problem.DeadlineExtended", "Problem.Reopened", "Problem.Closed"):
        by_problem[f.subject].append(f)
    flags = []
    for problem, steps in sorted(by_problem.items()):
        extended = [f for f in steps if f.kind == "Problem.DeadlineExtended"]
        reopened = [f for f in steps if f.kind == "Problem.Reopened"]
        if len(extended) <= limits.max_extensions and len(reopened) <= limits.max_reopenings:
            continue
        parts = []
        if extended:
            parts.append(f"延期 {len(extended)} 次（规则上限 {limits.max_extensions} 次）")
        if reopened:
            parts.append(f"销号后重新打开 {len(reopened)} 次（规则上限 {limits.max_reopenings} 次）")
        assigned = [f for f in steps if f.kind == "Problem.Assigned"]
        closed = [f for f in steps if f.kind == "Problem.Closed"]
        if assigned and closed and extended and closed[-1].detail.get("on_time"):
            first_due = date.fromisoformat(assigned[0].detail["deadline"])
            if closed[-1].occurred.date() > first_due:
                parts.append(f"最终按期销号只因延期：原期限 {first_due.isoformat()}")
        behind = [*extended, *reopened]
        flags.append(Flag(
            key=f"{FlagKind.REPEATED_EXTENSIONS}:{problem}",
            kind=FlagKind.REPEATED_EXTENSIONS,
            people=tuple(sorted({f.actor for f in behind})),
            villages=tuple(sorted({f.village for f in steps if f.village})),
            reason="该问题" + "，".join(parts),
            positions=positions(behind),
        ))
    return flags


def sent_back_villages(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    reports = facts.of("Problem.RectificationReported")
    rejected = facts.of("Problem.RectificationRejected")
    if not reports:
        return []
    share = len(rejected) / len(reports)
    reports_of: dict[str, int] = defaultdict(int)
    for f in reports:
        if f.village:
            reports_of[f.village] += 1
    rejected_of: dict[str, list[Fact]] = defaultdict(list)
    for f in rejected:
        if f.village:
            rejected_of[f.village].append(f)
    flags = []
    for village, back in sorted(rejected_of.items()):
        chance = tail(reports_of[village], len(back), share)
        if len(back) < limits.village_sent_back or chance >= limits.chance:
            continue
        flags.append(Flag(
            key=f"{FlagKind.SENT_BACK_VILLAGE}:{village}",
            kind=FlagKind.SENT_BACK_VILLAGE,
            people=tuple(sorted({f.actor for f in back})),
            villages=(village,),
            reason=(f"该村上报整改 {reports_of[village]} 次，被验收退回 {len(back)} 次"
                    f"（{len(back) / reports_of[village]:.0%}，全镇为 {share:.0%}）；偶然如此的概率 {percent(chance)}"),
            positions=positions(back),
        ))
    return flags
