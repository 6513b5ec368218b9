"""The statutory holiday years the maintained ``chinese_calendar`` package already knows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from chinese_calendar import constants

from domain.calendar import WorkingCalendar, YearCalendar


def published_calendar() -> WorkingCalendar:
    """Every year whose State Council notice the installed package carries."""
    holidays: dict[int, set[date]] = defaultdict(set)
    workdays: dict[int, set[date]] = defaultdict(set)
    for day in constants.holidays:
        holidays[day.year].add(day)
    for day in constants.workdays:
        workdays[day.year].add(day)
    # The package lists weekends that fall in a holiday too; a year is known once it lists any holiday.
    years = {
        year: YearCalendar(year, frozenset(holidays[year]), frozenset(workdays[year]), "chinese_calendar 软件包")
        for year in holidays
    }
    return WorkingCalendar(years)
