"""The township's time zone and calendar day: every date the record derives from a moment is China's."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")


def local_day(moment: datetime) -> date:
    """The township's calendar day of a moment (China Standard Time)."""
    return moment.astimezone(CHINA).date()
