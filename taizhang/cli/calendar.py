"""``taizhang calendar``: the State Council's holiday notice for a year the calendar library does not know yet.

Deadlines in working days count on it; recording a year again revises the notice, with a reason.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from domain.calendar import HolidayNotice
from domain.errors import NotFound
from taizhang.cli.options import ActorOption, DataOption, JsonOption, QuietOption, YearArgument, parse_day
from taizhang.cli.output import print_rows
from taizhang.cli.running import acting, recorded, recording
from taizhang.documents.organisation import HolidayNoticeCreate

group = typer.Typer(help="节假日安排 the holiday notice of a year (working days).", no_args_is_help=True)

DaysOption = Annotated[list[str], typer.Option(help="a day (YYYY-MM-DD) or a range (2024-02-10..2024-02-17); repeat")]


def days_of(given: list[str]) -> list[date]:
    """Days given one by one or as ranges ``first..last`` (a holiday of a week is typed as one range)."""
    days: list[date] = []
    for text in given:
        first, _, last = text.partition("..")
        start, end = parse_day(first), parse_day(last) if last else parse_day(first)
        days += [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    return sorted(set(days))


@group.command("notice")
def notice(
    year: YearArgument,
    title: Annotated[str, typer.Option("--title", help="the notice's title and number, e.g. 国办发明电〔2023〕7号")],
    actor: ActorOption,
    holiday: DaysOption = [],  # noqa: B006 - typer reads the default
    makeup: Annotated[list[str], typer.Option(help="a working weekend day (调休上班); repeat")] = [],  # noqa: B006 - typer reads the default
    reason: Annotated[str, typer.Option("--reason", help="why a recorded year is revised")] = "",
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record the year's holidays and make-up working days (or revise a recorded year, with a reason)."""
    with acting(data, actor, "calendar.record_notice") as (app, _):
        body = HolidayNoticeCreate.model_validate({
            "year": year, "holidays": days_of(holiday), "makeup_workdays": days_of(makeup), "title": title,
            "reason": reason,
        })
        outcome = app.record_holiday_notice(body.year, list(body.holidays), list(body.makeup_workdays), body.title,
                                            actor, body.reason)
    recorded(outcome, f"已登记 {body.year} 年节假日安排（放假 {len(body.holidays)} 天）", quiet)


@group.command("show")
def show(year: YearArgument, data: DataOption = None, as_json: JsonOption = False) -> None:
    """The notice recorded for a year, or else the calendar library's days for it."""
    with recording(data) as app:
        try:
            found = app.get(HolidayNotice, HolidayNotice.id_for(year), f"{year} 年放假通知")
            rows = [{"year": found.year, "title": found.title, "holidays": list(found.holidays),
                     "makeup_workdays": list(found.makeup_workdays)}]
        except NotFound:
            from taizhang.holidays import published_calendar

            known = published_calendar().years.get(year)
            if known is None:
                raise NotFound(
                    f"{year} 年的放假通知还没有登记，日历库也不知道这一年：请用 taizhang calendar notice {year} 登记",
                    f"no holiday notice for {year}, and the calendar library lacks it") from None
            rows = [{"year": year, "title": "未登记放假通知，按日历库（chinese_calendar 软件包）",
                     "holidays": sorted(known.holidays), "makeup_workdays": sorted(known.makeup_workdays)}]
    print_rows(rows, as_json, f"{year} 年节假日安排")
