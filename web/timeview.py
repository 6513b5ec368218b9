"""The two time axes as the pages take them: ``as_of`` (what the record held then) and a period of days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from urllib.parse import urlencode

from starlette.requests import Request

from domain.errors import InvalidInput
from projections.snapshot import Period, Snapshot


@dataclass(frozen=True)
class TimeView:
    """The moment a read page shows; ``None`` is the record as it stands now."""

    as_of: datetime | None
    text: str

    @property
    def is_past(self) -> bool:
        return self.as_of is not None

    def query(self) -> str:
        """The ``as_of`` part of a link, so that following it stays in the same moment."""
        return urlencode({"as_of": self.text}) if self.text else ""


def parse_moment(text: str, zone: tzinfo, what: str = "时间") -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what}“{text}”无法识别，请用 2023-07-01 08:00 的格式", f"cannot read {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def parse_day(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what}“{text}”不是日期，请用 2023-07-01 的格式", f"{text!r} is not a date") from None


def time_view(request: Request, zone: tzinfo) -> TimeView:
    text = (request.query_params.get("as_of") or "").strip()
    if not text:
        return TimeView(None, "")
    return TimeView(parse_moment(text, zone, "查看时点"), text)


def period_of(first: date | None, last: date | None, zone: tzinfo) -> Period | None:
    if first is None and last is None:
        return None
    if first and last and last < first:
        raise InvalidInput("期间的结束日期早于开始日期", "the period ends before it starts")
    start = Period.days(first, first, zone).start if first else None
    end = Period.days(last, last, zone).end if last else None
    return Period(start, end)


@dataclass(frozen=True)
class Banner:
    """What the page says about the moment it shows: the past, clearly, with the record's position."""

    view: TimeView
    snapshot: Snapshot | None

    @property
    def shows_past(self) -> bool:
        return self.view.is_past
