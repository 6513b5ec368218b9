"""Working days under China's statutory holidays and make-up working days (调休)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.errors import CalendarYearUnknown, InvalidInput

_NOTICE_NAMESPACE = uuid.UUID("6f0f8f0e-3c1a-4d0e-9b49-7a1d2b8c3e10")


@dataclass(frozen=True)
class YearCalendar:
    """One year's State Council notice: the holidays off, and the weekend days that are worked."""

    year: int
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    source: str

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


@dataclass(frozen=True)
class WorkingCalendar:
    """The years whose notices are known; a day in any other year is refused, never guessed."""

    years: dict[int, YearCalendar] = field(default_factory=dict)

    def year(self, year: int) -> YearCalendar:
        try:
            return self.years[year]
        except KeyError:
            known = "、".join(str(y) for y in sorted(self.years)) or "无"
            raise CalendarYearUnknown(
                f"{year} 年的法定节假日安排尚未登记（已知年份：{known}），无法按工作日计算期限；"
                "请先录入国务院办公厅当年的放假通知，或直接给出截止日期",
                f"the holiday notice for {year} is not recorded (known years: {known}); "
                "record the State Council notice for that year first, or give the deadline as a date",
                year=year,
            ) from None

    def is_working_day(self, day: date) -> bool:
        return self.year(day.year).is_working_day(day)

    def add_working_days(self, start: date, working_days: int) -> date:
        """The date ``working_days`` working days after ``start`` (the start day itself not counted)."""
        if working_days < 1:
            raise InvalidInput("工作日数必须至少为 1", "the number of working days must be at least 1")
        day = start
        remaining = working_days
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to ``end`` included; negative when ``end`` is before: the days past it.

        A deadline of tomorrow, a working day, is 1 day away; one passed yesterday is -1 (the days since it,
        ``start`` included, as a clerk counts days overdue).
        """
        if end >= start:
            return sum(self.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
        return -sum(self.is_working_day(end + timedelta(days=n)) for n in range(1, (start - end).days + 1))

    def with_year(self, year_calendar: YearCalendar) -> WorkingCalendar:
        return WorkingCalendar({**self.years, year_calendar.year: year_calendar})


class HolidayNotice(Aggregate):
    """The office's record of one year's holiday notice, so working days can be counted in that year."""

    class Recorded(RecordedFact, Aggregate.Created):
        year: int
        holidays: list[date]
        makeup_workdays: list[date]
        title: str

        def apply(self, aggregate: HolidayNotice) -> None:
            aggregate._adopt(self.year, self.holidays, self.makeup_workdays, self.title)

    class Revised(RecordedFact):
        holidays: list[date]
        makeup_workdays: list[date]
        title: str
        reason: str

        def apply(self, aggregate: HolidayNotice) -> None:
            aggregate._adopt(aggregate.year, self.holidays, self.makeup_workdays, self.title)

    @staticmethod
    def id_for(year: int) -> uuid.UUID:
        return uuid.uuid5(_NOTICE_NAMESPACE, f"holiday-notice:{year}")

    @classmethod
    def record(
        cls, year: int, holidays: list[date], makeup_workdays: list[date], title: str, act: Act
    ) -> HolidayNotice:
        check_notice(year, holidays, makeup_workdays, title)
        return cls._create(
            cls.Recorded,
            id=cls.id_for(year),
            year=year,
            holidays=sorted(holidays),
            makeup_workdays=sorted(makeup_workdays),
            title=title,
            **stamp(act),
        )

    def revise(
        self, holidays: list[date], makeup_workdays: list[date], title: str, reason: str, act: Act
    ) -> None:
        check_notice(self.year, holidays, makeup_workdays, title)
        if not reason.strip():
            raise InvalidInput("修订放假安排必须说明原因", "a revision of the notice needs a reason")
        self.trigger_event(
            self.Revised,
            holidays=sorted(holidays),
            makeup_workdays=sorted(makeup_workdays),
            title=title,
            reason=reason,
            **stamp(act),
        )

    def _adopt(self, year: int, holidays: list[date], workdays: list[date], title: str) -> None:
        self.year = year
        self.holidays = list(holidays)
        self.makeup_workdays = list(workdays)
        self.title = title

    def as_year_calendar(self) -> YearCalendar:
        return YearCalendar(
            self.year, frozenset(self.holidays), frozenset(self.makeup_workdays), f"已录入：{self.title}"
        )


def check_notice(year: int, holidays: list[date], makeup_workdays: list[date], title: str) -> None:
    if not 2000 <= year <= 2100:
        raise InvalidInput(f"年份 {year} 不在 2000–2100 之间", f"year {year} is outside 2000-2100")
    if not title.strip():
        raise InvalidInput("请填写放假通知的标题或文号", "give the notice's title or document number")
    stray = [d for d in [*holidays, *makeup_workdays] if d.year != year]
    if stray:
        raise InvalidInput(
            f"日期 {stray[0].isoformat()} 不属于 {year} 年", f"date {stray[0].isoformat()} is not in {year}"
        )
    both = set(holidays) & set(makeup_workdays)
    if both:
        day = min(both).isoformat()
        raise InvalidInput(f"{day} 不能既是假日又是调休工作日", f"{day} cannot be both a holiday and a workday")
    weekday_workdays = [d for d in makeup_workdays if d.weekday() < 5]
    if weekday_workdays:
        day = weekday_workdays[0].isoformat()
        raise InvalidInput(
            f"{day} 本是工作日，不需要列为调休上班日", f"{day} is a weekday already, not a make-up workday"
        )
