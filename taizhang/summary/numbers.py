"""Numbers as a township office writes them: whole numbers plain, amounts to at most two places."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from domain.indicators import Indicator


def office_number(value: Decimal, indicator: Indicator) -> str:
    """``1740``, ``3.5``, ``1.25`` (万千克): no thousands separators, no trailing zeros."""
    scaled = Decimal(value) / indicator.scale
    if indicator.integral and indicator.scale == 1:
        return str(int(scaled.to_integral_value(ROUND_HALF_UP)))
    rounded = scaled.quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = format(rounded, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def chinese_list(names: list[str]) -> str:
    """东沟村、西河村和南山村 — the way a list of villages is written in a summary."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return "、".join(names[:-1]) + "和" + names[-1]
