"""Steps of the working-day calendar: which days are worked, and the holiday notices the office records."""

from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when

from features.support import DAY, NAME, Attempt, attempt, day, days
from taizhang.application import Taizhang

scenarios("工作日历")

NOTICE = (
    rf"录入(?P<year>\d{{4}})年的放假通知“(?P<title>[^”]+)”，放假日为(?P<holidays>(?:{DAY}、?)+)"
    rf"(?:，调休上班日为(?P<workdays>(?:{DAY}、?)+))?"
)
REVISION = (
    rf"(?P<actor>{NAME})修订(?P<year>\d{{4}})年的放假通知“(?P<title>[^”]+)”，放假日为(?P<holidays>(?:{DAY}、?)+)"
    r"，原因“(?P<reason>[^”]*)”"
)


def record_notice(app: Taizhang, actor: str, year: str, title: str, holidays: str, workdays: str | None,
                  reason: str = ""):
    return app.record_holiday_notice(int(year), days(holidays), days(workdays or ""), title, actor, reason)


@given(parsers.re(rf"(?P<actor>{NAME})已{NOTICE}"))
def notice_recorded(app: Taizhang, actor: str, year: str, title: str, holidays: str, workdays: str | None) -> None:
    record_notice(app, actor, year, title, holidays, workdays)


@when(parsers.re(rf"(?P<actor>{NAME}){NOTICE}"), target_fixture="attempt")
def recording_notice(app: Taizhang, actor: str, year: str, title: str, holidays: str,
                     workdays: str | None) -> Attempt:
    return attempt(app, lambda: record_notice(app, actor, year, title, holidays, workdays))


@when(parsers.re(REVISION), target_fixture="attempt")
def revising_notice(app: Taizhang, actor: str, year: str, title: str, holidays: str, reason: str) -> Attempt:
    return attempt(app, lambda: record_notice(app, actor, year, title, holidays, None, reason))


@then(parsers.re(rf"(?P<on>{DAY})(?P<kind>是|不是)工作日"))
def working_day(app: Taizhang, attempt: Attempt | None, on: str, kind: str) -> None:
    if attempt is not None:
        attempt.succeeded()
    assert app.is_working_day(day(on)) is (kind == "是")
