"""Flags of the two time axes: steps entered long after they happened, steps dated before they could have been,
and records hurried in just before a month is closed or a pay sheet approved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import pairwise

from domain.flags.chance import percent, tail
from domain.flags.facts import DEADLINE_EVENTS, Fact, FlagFacts, positions
from domain.flags.flag import Flag, FlagKind
from domain.flags.thresholds import FlagThresholds
from domain.local_time import CHINA


def late_entries(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    """People and villages whose steps are entered late far more often than the township's steps are."""
    steps = [f for f in facts.steps() if not f.actor.startswith("system:")]
    if not steps:
        return []
    late = [f for f in steps if f.lag_days >= limits.late_entry_days]
    share = len(late) / len(steps)
    flags = _late_by(facts, steps, share, limits, lambda f: f.actor, "person")
    flags += _late_by(facts, steps, share, limits, lambda f: f.village, "village")
    return flags


def _late_by(
    facts: FlagFacts, steps: list[Fact], share: float, limits: FlagThresholds, key: Callable[[Fact], str | None],
    who: str,
) -> list[Flag]:
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in steps:
        k = key(f)
        if k:
            groups[k].append(f)
    flags = []
    for k, mine in sorted(groups.items()):
        late = [f for f in mine if f.lag_days >= limits.late_entry_days]
        chance = tail(len(mine), len(late), share)
        if len(late) < limits.late_entry_min_steps or chance >= limits.chance:
            continue
        longest = max(f.lag_days for f in late)
        subject = "经办的" if who == "person" else "该村问题的"
        reason = (
            f"{subject} {len(mine)} 个步骤中有 {len(late)} 个在发生 {limits.late_entry_days} 天以后才录入"
            f"（{len(late) / len(mine):.0%}，全镇为 {share:.0%}），最长迟录 {longest:.0f} 天；"
            f"按全镇比例偶然出现的概率 {percent(chance)}"
        )
        flags.append(Flag(
            key=facts.key(FlagKind.LATE_ENTRY, who, k),
            kind=FlagKind.LATE_ENTRY,
            people=(k,) if who == "person" else tuple(sorted({f.actor for f in late})),
            villages=tuple(sorted({f.village for f in late if f.village})) if who == "person" else (k,),
            reason=reason,
            positions=positions(late),
        ))
    return flags


def backdated_steps(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    """Steps whose stated time falls before the step they follow was even recorded: no one could then have known.

    The office acts on what the record shows, so a step that claims to have happened before its predecessor was
    entered was dated back when it was recorded.
    """
    by_problem: dict[str, list[Fact]] = defaultdict(list)
    for f in facts.steps():
        by_problem[f.subject].append(f)
    flags = []
    for problem, steps in sorted(by_problem.items()):
        steps.sort(key=lambda f: f.position)
        early = [
            (before, step) for before, step in pairwise(steps)
            if step.occurred < before.recorded - timedelta(hours=1) and step.actor != before.actor
        ]
        if not early:
            continue
        worst_before, worst = max(early, key=lambda pair: pair[0].recorded - pair[1].occurred)
        ahead = (worst_before.recorded - worst.occurred).total_seconds() / 86400
        reason = (
            f"该问题有 {len(early)} 个步骤的发生时间早于前一步骤录入系统的时间；最多的一处，"
            f"填报发生于 {_day(worst)}，而前一步骤 {_day(worst_before, recorded=True)} 才录入，提前 {ahead:.1f} 天，"
            f"该步骤本身于 {_day(worst, recorded=True)} 录入"
        )
        flags.append(Flag(
            key=f"{FlagKind.BACKDATED}:{problem}",
            kind=FlagKind.BACKDATED,
            people=tuple(sorted({s.actor for _, s in early})),
            villages=tuple(sorted({s.village for _, s in early if s.village})),
            reason=reason,
            positions=positions([f for pair in early for f in pair]),
        ))
    return flags


# A person's usual rate is their rate over this many days before the days watched (or since their first record,
# if later): recent enough to be their present work, long enough to be more than one busy week.
USUAL_DAYS = 90


def bunching(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    """People who record far more in the days before a closing or an approval than they usually do."""
    deadlines: dict[str, Fact] = {}
    for f in facts.of(*DEADLINE_EVENTS):
        deadlines.setdefault(f.recorded.astimezone(CHINA).date().isoformat(), f)
    window = timedelta(days=limits.bunching_days)
    flags = []
    flagged_until: dict[str, datetime] = {}  # a closing and its approval a day later are one rush, not two
    for day, deadline in sorted(deadlines.items()):
        end = deadline.recorded
        start = end - window
        records: dict[str, list[Fact]] = defaultdict(list)
        for f in facts.records_between(start, end):
            records[f.actor].append(f)
        for actor, inside in sorted(records.items()):
            if actor in flagged_until and start < flagged_until[actor]:
                continue
            if len(inside) < limits.bunching_min_records:
                continue
            first, before = facts.records_by(actor, start - timedelta(days=USUAL_DAYS), start)
            span = min((start - first).total_seconds() / 86400, USUAL_DAYS) if first and before else 0
            usual = before / span * limits.bunching_days if span >= 30 else 0.0
            if not usual or len(inside) < usual * float(limits.bunching_factor):
                continue  # a month of someone's records at least, or their usual rate is not known
            what = "月度结账" if deadline.kind == "MonthClosing.Closed" else "发放表审批"
            reason = (
                f"{day} {what}前 {limits.bunching_days} 天内录入 {len(inside)} 条记录，"
                f"平时同样天数约 {usual:.1f} 条（{len(inside) / usual:.1f} 倍）"
            )
            back = [f for f in inside if f.lag_days >= 1]
            if back:
                reason += f"，其中 {len(back)} 条补录的是 1 天以前发生的事"
            flagged_until[actor] = end
            flags.append(Flag(
                key=f"{FlagKind.BUNCHING}:{actor}:{day}",
                kind=FlagKind.BUNCHING,
                people=(actor,),
                villages=tuple(sorted({f.village for f in inside if f.village})),
                reason=reason,
                positions=positions([*inside, deadline]),
            ))
    return flags


def _day(f: Fact, recorded: bool = False) -> str:
    moment = f.recorded if recorded else f.occurred
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
