"""Pairs: a verifier who clears one reporter's rectifications far more often than their share of verifying allows."""

from __future__ import annotations

from collections import Counter, defaultdict

from domain.flags.chance import percent, tail
from domain.flags.facts import Fact, FlagFacts, positions
from domain.flags.flag import Flag, FlagKind
from domain.flags.thresholds import FlagThresholds
from domain.local_time import CHINA

VERIFYING = ("Problem.RectificationPassed", "Problem.RectificationRejected")


def verifications(facts: FlagFacts) -> list[tuple[Fact, Fact]]:
    """Each verification with the rectification report it verified."""
    reported: dict[str, Fact] = {}
    pairs = []
    for f in sorted(facts.of("Problem.RectificationReported", *VERIFYING), key=lambda f: f.position):
        if f.kind == "Problem.RectificationReported":
            reported[f.subject] = f
        elif f.subject in reported:
            pairs.append((reported[f.subject], f))
    return pairs


def reciprocal_pairs(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    pairs = verifications(facts)
    # Who was verifying then: a verifier's share in the months the reporter's work was verified.
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    for _, v in pairs:
        by_month[_month(v)][v.actor] += 1
    by_reporter: dict[str, list[tuple[Fact, Fact]]] = defaultdict(list)
    for r, v in pairs:
        by_reporter[r.actor].append((r, v))
    together = {(r.actor, v.actor) for r, v in pairs}
    flags = []
    for reporter, theirs in sorted(by_reporter.items()):
        months = Counter(_month(v) for _, v in theirs)
        own: dict[str, Counter[str]] = defaultdict(Counter)
        for _, v in theirs:
            own[_month(v)][v.actor] += 1
        for verifier, count in sorted(Counter(v.actor for _, v in theirs).items()):
            if count < limits.pair_min_count:
                continue
            # The verifier's share of everyone else's verifications those months: the pair's own work would
            # otherwise make the verifier look busier and so the pair less unusual.
            expected = 0.0
            for m, n in months.items():
                others = by_month[m] - own[m]
                total = sum(others.values())
                expected += n * (others[verifier] / total if total else 1.0)
            share = expected / len(theirs)
            chance = tail(len(theirs), count, share)
            if chance >= limits.chance:
                continue
            both = (verifier, reporter) in together
            reason = (
                f"前者上报的 {len(theirs)} 次整改中有 {count} 次由后者验收，"
                f"按同期各验收人的工作量应约 {expected:.1f} 次；偶然如此的概率 {percent(chance)}"
                + ("；两人还互相验收对方上报的整改" if both else "")
            )
            behind = [f for r, v in theirs if v.actor == verifier for f in (r, v)]
            flags.append(Flag(
                key=facts.key(FlagKind.RECIPROCAL_PAIR, reporter, verifier),
                kind=FlagKind.RECIPROCAL_PAIR,
                people=(reporter, verifier),
                villages=tuple(sorted({f.village for f in behind if f.village})),
                reason=reason,
                positions=positions(behind),
            ))
    return flags


def _month(f: Fact) -> str:
    return f.occurred.astimezone(CHINA).strftime("%Y-%m")
