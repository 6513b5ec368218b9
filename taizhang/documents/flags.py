"""The inspector's review of a red flag, and the period of the flags asked, as every way in takes them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from domain.errors import InvalidInput
from domain.flags.facts import EARLIEST_YEAR, LATEST_YEAR, FlagPeriod
from taizhang.documents.base import Document, Explanation, Printable

FlagKey = Annotated[str, Field(min_length=1, max_length=200), Printable]


class FlagReviewBody(Document):
    flag_key: FlagKey
    verdict: Literal["confirmed", "dismissed"]
    reason: Explanation


def flag_period(year: int | None, first: date | None, last: date | None) -> FlagPeriod | None:
    """The period whose flags are asked, as every way in takes it: a year, or days (either end alone reaches to
    its own year's other end); None when nothing is asked (the record's latest year)."""
    if year is not None and (first is not None or last is not None):
        raise InvalidInput("疑点期间请只选一种：年度，或起止日期", "give a year or days, not both")
    if year is not None:
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise InvalidInput(f"年度 {year} 不在 {EARLIEST_YEAR}—{LATEST_YEAR} 之间",
                               f"the year {year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
        return FlagPeriod.year(year)  # the days of a period are checked by the period itself
    if first is None and last is None:
        return None
    start = first or date((last or first).year, 1, 1)  # type: ignore[union-attr]
    end = last or date(start.year, 12, 31)
    return FlagPeriod(start, end)

