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
    """Villages with far more of their problems sent back than the township's share; a redo counts once."""
    reported: dict[str, set[str]] = defaultdict(set)
    for f in facts.of("Problem.RectificationReported"):
        if f.village:
            reported[f.village].add(f.subject)
    rejected: dict[str, list[Fact]] = defaultdict(list)
    for f in facts.of("Problem.RectificationRejected"):
        if f.village:
            rejected[f.village].append(f)
    problems = sum(len(p) for p in reported.values())
    if not problems:
        return []
    share = sum(len({f.subject for f in back}) for back in rejected.values()) / problems
    flags = []
    for village, back in sorted(rejected.items()):
        sent = len({f.subject for f in back})
        chance = tail(len(reported[village]), sent, share)
        if len(back) < limits.village_sent_back or chance >= limits.chance:
            continue
        flags.append(Flag(
            key=facts.key(FlagKind.SENT_BACK_VILLAGE, village),
            kind=FlagKind.SENT_BACK_VILLAGE,
            people=tuple(sorted({f.actor for f in back})),
            villages=(village,),
            reason=(f"该村上报过整改的 {len(reported[village])} 个问题中有 {sent} 个被验收退回，共退回 {len(back)} 次"
                    f"（全镇为 {share:.0%} 的问题）；偶然如此的概率 {percent(chance)}"),
            positions=positions(back),
        ))
    return flags
