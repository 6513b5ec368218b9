"""The working-day calendar: the published years, overridden by notices the office records."""

from __future__ import annotations

from datetime import date, timezone

from eventsourcing.application import AggregateNotFoundError

from domain.calendar import HolidayNotice, WorkingCalendar
from domain.local_time import CHINA
from taizhang.commands.base import Outcome
from taizhang.commands.organisation import OrganisationCommands
from taizhang.holidays import published_calendar


class CalendarCommands(OrganisationCommands):
    local_zone: timezone = CHINA
    _published: WorkingCalendar | None = None

    def record_holiday_notice(
        self, year: int, holidays: list[date], makeup_workdays: list[date], title: str, actor: str, reason: str = ""
    ) -> Outcome:
        """Record (or revise, with a reason) the State Council's holiday notice for a year."""
        act = self.act(actor)
        try:
            notice: HolidayNotice = self.repository.get(HolidayNotice.id_for(year))
        except AggregateNotFoundError:
            return self.record(HolidayNotice.record(year, holidays, makeup_workdays, title, act))
        notice.revise(holidays, makeup_workdays, title, reason, act)
        return self.record(notice)

    def working_calendar(self, first_year: int, last_year: int) -> WorkingCalendar:
        if self._published is None:
            type(self)._published = published_calendar()
        calendar = self._published
        assert calendar is not None
        for year in range(first_year, last_year + 1):
            try:
                notice: HolidayNotice = self.repository.get(HolidayNotice.id_for(year))
            except AggregateNotFoundError:
                continue
            calendar = calendar.with_year(notice.as_year_calendar())
        return calendar

    def is_working_day(self, day: date) -> bool:
        return self.working_calendar(day.year, day.year).is_working_day(day)
