"""Small values every assessment figure uses: months, money, references to facts, canonical digests."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from domain.errors import InvalidInput

CENT = Decimal("0.01")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def money(value: Decimal | int | str) -> Decimal:
    """Yuan with two decimal places, half up, as a township's finance office rounds."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidInput(f"金额 “{value}” 不是数字", f"amount {value!r} is not a number") from None
    if not amount.is_finite():
        raise InvalidInput(f"金额 “{value}” 不是有限数", f"amount {value!r} is not finite")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def points(value: Decimal | int | str) -> Decimal:
    """Scores and points kept to two decimal places so that every figure prints the same everywhere."""
    return money(value)


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, the period of ratings and pay (written ``2023-03``)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 2000 <= self.year <= 2100:
            raise InvalidInput(f"月份 {self.year}-{self.month} 无效", f"month {self.year}-{self.month} is invalid")

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH.match(text.strip())
        if not match:
            raise InvalidInput(f"月份 “{text}” 应写作 YYYY-MM", f"month {text!r} must be written YYYY-MM")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def days(self) -> int:
        return self.last_day.day

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    def contains(self, day: date) -> bool:
        return day.month == self.month and day.year == self.year  # asked for every fact of every month: kept cheap

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def quarter_months(year: int, quarter: int) -> list[Month]:
    if quarter not in (1, 2, 3, 4):
        raise InvalidInput(f"季度 {quarter} 无效（1–4）", f"quarter {quarter} is invalid (1-4)")
    return [Month(year, 3 * (quarter - 1) + k) for k in (1, 2, 3)]


@dataclass(frozen=True, order=True)
class FactRef:
    """Which recorded event a figure rests on: the aggregate, its version, and its position in the log."""

    position: int
    aggregate_id: uuid.UUID
    version: int

    def as_record(self) -> dict[str, Any]:
        return {"aggregate_id": str(self.aggregate_id), "version": self.version, "position": self.position}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> FactRef:
        return cls(int(record["position"]), uuid.UUID(str(record["aggregate_id"])), int(record["version"]))


def canonical_json(content: Any) -> str:
    """One spelling for one content: sorted keys, no spaces, decimals and ids as strings."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def digest(content: Any) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def _plain(value: Any) -> str:
    if isinstance(value, (Decimal, uuid.UUID, date)):
        return str(value) if not isinstance(value, date) else value.isoformat()
    raise TypeError(f"{type(value).__name__} has no canonical form")
