"""How an accountability case counts against the year-end points of those it was opened against: the rule book
says how many points each outcome takes; a case counts once, at the heaviest outcome it has reached."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.cases.record import CaseRecord
from domain.errors import InvalidInput

CASE_OUTCOME_LABELS = {"interview": "约谈", "notice_criticism": "通报批评", "county": "移送县级问责"}


@dataclass(frozen=True)
class CasePoints:
    """Year-end points a case takes from each respondent, by its heaviest outcome; the defaults hold where a rule
    version says nothing. A case only opened (no 约谈 yet) takes nothing: it is not yet an outcome."""

    interview: Decimal = Decimal("1")  # 约谈 held (closed after it, or still open)
    notice_criticism: Decimal = Decimal("3")  # 通报批评
    county: Decimal = Decimal("5")  # 移送县级问责

    def __post_init__(self) -> None:
        if any(getattr(self, f.name) < 0 for f in fields(self)):
            raise InvalidInput("问责扣分不能为负数", "points taken by a case may not be negative")

    def for_outcome(self, outcome: str) -> Decimal:
        return Decimal(getattr(self, outcome))

    def as_record(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> CasePoints:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(record) - known)
        if unknown:
            raise InvalidInput(f"未知的问责扣分项：{'、'.join(unknown)}（可选：interview、notice_criticism、county）",
                               f"unknown case outcomes {unknown}")
        try:
            return cls(**{k: Decimal(str(v)) for k, v in record.items()})
        except InvalidOperation:
            raise InvalidInput("问责扣分应为数字", "points taken by a case must be numbers") from None


DEFAULT_CASE_POINTS = CasePoints()


def outcome_of(case: CaseRecord) -> str | None:
    """The heaviest outcome a case has reached: 移送县级, 通报批评, 约谈; None while only opened."""
    if "county" in case.escalations:
        return "county"
    if "notice_criticism" in case.escalations:
        return "notice_criticism"
    return "interview" if case.interviewed else None
