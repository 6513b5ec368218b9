"""Patrols that never deduct: months of patrols by one inspector, or of one cleaner's area, without a single finding,
while other sources keep finding problems in the same villages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from domain.flags.facts import Fact, FlagFacts, positions
from domain.flags.flag import Flag, FlagKind
from domain.flags.thresholds import FlagThresholds
from domain.local_time import CHINA

# The township's own patrols are the patrols' own source: the other sources are the check on them.
PATROL_SOURCE = "township_patrol"


@dataclass
class Patrol:
    """A patrol as it now stands: its findings as last corrected; withdrawn patrols are dropped."""

    facts: list[Fact]
    day: date
    village: str
    inspector: str
    cleaner: str | None
    findings: int


def patrols(facts: FlagFacts) -> list[Patrol]:
    current: dict[str, Patrol] = {}
    for f in sorted(facts.of("DailyPatrol.Recorded", "DailyPatrol.Corrected", "DailyPatrol.Withdrawn"),
                    key=lambda f: f.position):
        if f.kind == "DailyPatrol.Recorded":
            d = f.detail
            current[f.subject] = Patrol([f], date.fromisoformat(d["day"]), f.village or "", d["inspector"],
                                        d.get("cleaner"), int(d["findings"]))
        elif f.subject in current:
            patrol = current[f.subject]
            patrol.facts.append(f)
            if f.kind == "DailyPatrol.Withdrawn":
                del current[f.subject]
            else:
                patrol.findings = int(f.detail["findings"])
    return list(current.values())


def silent_patrols(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    every = patrols(facts)
    found = [f for f in facts.of("Problem.Registered") if f.detail.get("source") != PATROL_SOURCE]
    flags = []
    for who, key in (("inspector", lambda p: p.inspector), ("cleaner", lambda p: p.cleaner)):
        groups: dict[str, list[Patrol]] = defaultdict(list)
        for p in every:
            if key(p):
                groups[key(p)].append(p)
        for person, theirs in sorted(groups.items()):
            if any(p.findings for p in theirs) or len(theirs) < limits.silent_patrol_min_patrols:
                continue
            months = {p.day.strftime("%Y-%m") for p in theirs}
            if len(months) < limits.silent_patrol_min_months:
                continue
            first, last = min(p.day for p in theirs), max(p.day for p in theirs)
            villages = {p.village for p in theirs}
            others = [f for f in found
                      if f.village in villages and first <= f.occurred.astimezone(CHINA).date() <= last]
            if len(others) < limits.silent_patrol_other_problems:
                continue
            whose = "该巡查人" if who == "inspector" else "该保洁员责任区"
            reason = (
                f"{whose}自 {first.isoformat()} 至 {last.isoformat()} 的 {len(theirs)} 次日巡查（{len(months)} 个月）"
                f"没有一处扣分，而同期其他来源（航拍、卫星、县级反馈、群众举报等）在这些村发现问题 {len(others)} 个"
            )
            flags.append(Flag(
                key=facts.key(FlagKind.SILENT_PATROL, who, person),
                kind=FlagKind.SILENT_PATROL,
                people=(f"person:{person}",),
                villages=tuple(sorted(villages)),
                reason=reason,
                positions=positions([*(f for p in theirs for f in p.facts), *others]),
            ))
    return flags
