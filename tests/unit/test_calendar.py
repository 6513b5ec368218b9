"""Working days under the published notices and those the office records."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import WorkingCalendar, YearCalendar, check_notice
from domain.errors import CalendarYearUnknown, InvalidInput
from taizhang.holidays import published_calendar


def test_the_spring_festival_and_its_make_up_day_are_counted_from_the_published_notice() -> None:
    calendar = published_calendar()
    # 2023 Spring Festival: 21–27 Jan off, Sat 28 and Sun 29 Jan worked (国办发明电〔2022〕16号).
    assert not calendar.is_working_day(date(2023, 1, 23))
    assert calendar.is_working_day(date(2023, 1, 28))
    # Friday 20 Jan + 3 working days: 28 (Sat, make-up), 29 (Sun, make-up), 30 Jan.
    assert calendar.add_working_days(date(2023, 1, 20), 3) == date(2023, 1, 30)


def test_national_day_week_is_skipped() -> None:
    calendar = published_calendar()
    # 2023: 29 Sep – 6 Oct off; 7 and 8 Oct (Sat, Sun) worked.
    assert calendar.add_working_days(date(2023, 9, 28), 1) == date(2023, 10, 7)


def test_a_year_without_a_notice_is_refused_not_guessed() -> None:
    calendar = published_calendar()
    with pytest.raises(CalendarYearUnknown) as refusal:
        calendar.add_working_days(date(2031, 3, 2), 5)
    assert refusal.value.details["year"] == 2031


def test_a_recorded_notice_adds_its_year() -> None:
    year = YearCalendar(2031, frozenset({date(2031, 3, 3)}), frozenset(), "test")
    calendar = WorkingCalendar().with_year(year)
    # Sunday 2 Mar 2031: Mon 3 Mar is a holiday, so Tue 4 is the first working day.
    assert calendar.add_working_days(date(2031, 3, 2), 1) == date(2031, 3, 4)


@pytest.mark.parametrize(
    ("holidays", "workdays", "needle"),
    [
        ([date(2030, 1, 1)], [], "不属于"),
        ([date(2031, 1, 1)], [date(2031, 1, 1)], "既是假日又是"),
        ([], [date(2031, 1, 6)], "本是工作日"),
    ],
)
def test_a_malformed_notice_is_refused(holidays, workdays, needle) -> None:
    with pytest.raises(InvalidInput) as refusal:
        check_notice(2031, holidays, workdays, "国办发明电")
    assert needle in refusal.value.zh


def test_working_days_between_count_forward_to_a_deadline_and_back_from_a_passed_one() -> None:
    calendar = published_calendar()
    # Friday 20 Jan 2023: the next working days are Sat 28, Sun 29 (make-up) and Mon 30 Jan.
    assert calendar.working_days_between(date(2023, 1, 20), date(2023, 1, 30)) == 3
    assert calendar.working_days_between(date(2023, 1, 20), date(2023, 1, 20)) == 0
    # Seen from Mon 30 Jan, a deadline of Fri 20 Jan passed 3 working days ago.
    assert calendar.working_days_between(date(2023, 1, 30), date(2023, 1, 20)) == -3
    assert calendar.working_days_between(date(2023, 1, 20), date(2023, 1, 30)) == len(
        [d for d in range(21, 31) if calendar.is_working_day(date(2023, 1, d))]
    )
