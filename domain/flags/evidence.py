"""Reused evidence: one photo cited by two problems, or as both the "before" and the "after" of one."""

from __future__ import annotations

from collections import defaultdict

from domain.flags.facts import Fact, FlagFacts, positions
from domain.flags.flag import Flag, FlagKind
from domain.flags.thresholds import FlagThresholds

_STAGE = {"Problem.Registered": "发现时", "Problem.RectificationReported": "整改后"}


def reused_evidence(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    cited: dict[str, list[Fact]] = defaultdict(list)
    for f in facts.of(*_STAGE):
        for sha in set(f.evidence):
            cited[sha].append(f)
    # The same photos cited by problems of other periods: a photo reused from last year is reused all the same.
    for f in facts.elsewhere:
        if f.kind in _STAGE:
            for sha in set(f.evidence) & cited.keys():
                cited[sha].append(f)
    flags = []
    for sha, citing in sorted(cited.items()):
        problems = {f.subject for f in citing}
        stages = {(f.subject, f.kind) for f in citing}
        both_ends = [p for p in problems if (p, "Problem.Registered") in stages
                     and (p, "Problem.RectificationReported") in stages]
        if len(problems) < 2 and not both_ends and len(citing) < 2:
            continue
        if len(problems) >= 2:
            reason = f"同一张照片（摘要 {sha[:12]}…）被 {len(problems)} 个不同问题引用，共 {len(citing)} 次"
        elif both_ends:
            reason = f"同一张照片（摘要 {sha[:12]}…）既作整改前的发现照片，又作整改后的照片"
        else:
            reason = f"同一张照片（摘要 {sha[:12]}…）在同一问题的 {len(citing)} 次整改上报中重复使用"
        flags.append(Flag(
            key=f"{FlagKind.REUSED_EVIDENCE}:{sha}",
            kind=FlagKind.REUSED_EVIDENCE,
            people=tuple(sorted({f.actor for f in citing})),
            villages=tuple(sorted({f.village for f in citing if f.village})),
            reason=reason,
            positions=positions(citing),
        ))
    return flags
