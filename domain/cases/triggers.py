"""When a case must be opened: the triggers of the rule book, reckoned from frozen months, the ledger and flags."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from domain.assessment.values import Month
from domain.calendar import WorkingCalendar
from domain.errors import InvalidInput
from domain.flags.flag import Flag


class TriggerKind(StrEnum):
    BACK_BAND = "back_band"  # a village in the 后进 band in two months of a quarter
    OVERDUE = "overdue"  # a village with several problems long past their deadline
    CONFIRMED_FLAG = "confirmed_flag"  # a red flag the inspector confirmed


TRIGGER_LABELS = {
    TriggerKind.BACK_BAND: "季度内多月处于后进档次",
    TriggerKind.OVERDUE: "问题逾期未整改",
    TriggerKind.CONFIRMED_FLAG: "疑点经核实",
}


@dataclass(frozen=True)
class CaseTriggers:
    """The rule book's triggers; the defaults hold where a rule version says nothing of cases."""

    back_band: str = "后进"
    back_band_months: int = 2  # months of one quarter in that band
    overdue_count: int = 3  # problems open …
    overdue_working_days: int = 10  # … more than this many working days (the township's calendar) past their deadline
    confirmed_flags: bool = True

    def __post_init__(self) -> None:
        if self.back_band_months < 1 or self.overdue_count < 1 or self.overdue_working_days < 0:
            raise InvalidInput("问责触发条件的月数、件数须为正数，天数不能为负", "case triggers need positive counts")

    def as_record(self) -> dict[str, Any]:
        return {k: str(v) if not isinstance(v, bool) else v for k, v in asdict(self).items()}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> CaseTriggers:
        known = {f.name for f in fields(cls)} | {"overdue_days"}
        unknown = sorted(set(record) - known)
        if unknown:
            raise InvalidInput(f"未知的问责触发条件：{'、'.join(unknown)}", f"unknown case triggers {unknown}")
        values: dict[str, Any] = dict(record)
        if "overdue_days" in values and "overdue_working_days" not in values:
            # Versions adopted before the field was named for its unit: the rule was always working days.
            values["overdue_working_days"] = values.pop("overdue_days")
        for name in ("back_band_months", "overdue_count", "overdue_working_days"):
            if name in values:
                values[name] = int(values[name])
        if "confirmed_flags" in values:
            values["confirmed_flags"] = values["confirmed_flags"] in (True, "true", "True", "1")
        return cls(**values)


DEFAULT_TRIGGERS = CaseTriggers()


@dataclass(frozen=True)
class Trigger:
    """A trigger that fired: ``key`` names it for good (a case opened on it is never opened twice)."""

    key: str
    kind: TriggerKind
    village_id: str | None
    day: date  # whoever held the posts on this day answers for it
    reason: str
    cites: tuple[str, ...]  # what fired it: months closed, problems, a flag's key
    people: tuple[str, ...] = ()  # for a confirmed flag: the accounts it names

    @property
    def label(self) -> str:
        return TRIGGER_LABELS[self.kind]


def back_band_triggers(
    rankings: Mapping[Month, Sequence[Mapping[str, Any]]], limits: CaseTriggers
) -> list[Trigger]:
    """Villages in the back band in ``back_band_months`` or more closed months of one quarter."""
    months_in: dict[tuple[int, int, str], list[Month]] = defaultdict(list)
    names: dict[str, str] = {}
    for month, standings in sorted(rankings.items()):
        for s in standings:
            if s.get("band") == limits.back_band:
                months_in[(month.year, (month.month - 1) // 3 + 1, s["village_id"])].append(month)
                names[s["village_id"]] = s.get("village_name", "")
    fired = []
    for (year, quarter, village), months in sorted(months_in.items()):
        if len(months) < limits.back_band_months:
            continue
        shown = "、".join(f"{m.month}月" for m in months)
        fired.append(Trigger(
            key=f"{TriggerKind.BACK_BAND}:{year}Q{quarter}:{village}",
            kind=TriggerKind.BACK_BAND,
            village_id=village,
            day=months[-1].last_day,
            reason=f"{year}年第{quarter}季度 {shown} 已结账的村排名均处于“{limits.back_band}”档次"
                   f"（共 {len(months)} 个月，规则为 {limits.back_band_months} 个月即问责）",
            cites=tuple(str(m) for m in months),
        ))
    return fired


def overdue_triggers(
    open_problems: Iterable[tuple[str, str, date]], day: date, limits: CaseTriggers, calendar: WorkingCalendar
) -> list[Trigger]:
    """Villages with ``overdue_count`` or more problems open more than ``overdue_working_days`` working days past
    their deadline on ``day``, counted by the township's calendar; ``open_problems`` are (problem id, village id,
    deadline) of problems open that day."""
    late: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for problem, village, deadline in open_problems:
        if deadline < day and calendar.working_days_between(deadline, day) > limits.overdue_working_days:
            late[village].append((problem, deadline))
    fired = []
    for village, problems in sorted(late.items()):
        if len(problems) < limits.overdue_count:
            continue
        oldest = min(d for _, d in problems)
        fired.append(Trigger(
            key=f"{TriggerKind.OVERDUE}:{day.isoformat()}:{village}",
            kind=TriggerKind.OVERDUE,
            village_id=village,
            day=day,
            reason=f"截至 {day.isoformat()}，该村有 {len(problems)} 个问题超过整改期限 {limits.overdue_working_days} "
                   f"个工作日以上仍未整改，最早的期限为 {oldest.isoformat()}（规则为 {limits.overdue_count} 个即问责）",
            cites=tuple(sorted(p for p, _ in problems)),
        ))
    return fired


def flag_triggers(flags: Iterable[Flag], day: date, limits: CaseTriggers) -> list[Trigger]:
    """Each red flag the inspector confirmed (已核实)."""
    if not limits.confirmed_flags:
        return []
    return [
        Trigger(
            key=f"{TriggerKind.CONFIRMED_FLAG}:{f.key}",
            kind=TriggerKind.CONFIRMED_FLAG,
            village_id=f.villages[0] if len(f.villages) == 1 else None,
            day=day,
            reason=f"疑点“{f.label}”经核实：{f.reason}",
            cites=(f.key,),
            people=f.people,
        )
        for f in flags
        if f.status == "confirmed"
    ]
