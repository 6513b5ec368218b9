"""The working-day calendar: the State Council's holiday notices as the office records them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from api.deps import AppDep, CallerDep
from api.routes import resource_router, result
from api.schemas.common import CommandResult
from api.schemas.organisation import HolidayNoticePublic
from domain.calendar import HolidayNotice
from taizhang.documents.organisation import HolidayNoticeCreate

router = resource_router("/calendar", "calendar")


@router.post("/notices", status_code=201, name="calendar.record_notice")
def record_notice(body: HolidayNoticeCreate, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record a year's holiday notice, or revise a recorded one (with a reason)."""
    return result(
        app.record_holiday_notice(
            body.year, list(body.holidays), list(body.makeup_workdays), body.title, caller.username, body.reason
        )
    )


@router.get("/notices/{year}", name="calendar.get_notice")
def get_notice(year: Annotated[int, Path(ge=2000, le=2100)], app: AppDep, caller: CallerDep) -> HolidayNoticePublic:
    """The holiday notice the office recorded for a year."""
    notice = app.get(HolidayNotice, HolidayNotice.id_for(year), f"{year} 年放假通知")
    return HolidayNoticePublic(
        year=notice.year,
        version=notice.version,
        title=notice.title,
        holidays=notice.holidays,
        makeup_workdays=notice.makeup_workdays,
    )
