"""Amounts in capital Chinese numerals (大写金额), as a finance office writes a total so it cannot be altered."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _group_in_words(group: int) -> str:
    """1–9999, with a single 零 for each run of zeros between digits."""
    out: list[str] = []
    zero_pending = False
    for place in (3, 2, 1, 0):
        digit = group // 10**place % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[digit] + _PLACES[place])
    return "".join(out)


def _yuan_in_words(yuan: int) -> str:
    groups = []
    while yuan:
        groups.append(yuan % 10_000)
        yuan //= 10_000
    out: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        if out and (group < 1000 or groups[index + 1] == 0):
            out.append("零")
        out.append(_group_in_words(group) + _GROUPS[index])
    return "".join(out)


def rmb_in_words(amount: Decimal) -> str:
    """Decimal('348.39') → 叁佰肆拾捌元叁角玖分; Decimal('200') → 贰佰元整; negatives start with 负."""
    cents = int((abs(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    sign = "负" if amount < 0 and cents else ""
    if cents == 0:
        return "零元整"
    out = _yuan_in_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return sign + out + "整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    if fen:
        out += ("零" if yuan and not jiao else "") + _DIGITS[fen] + "分"
    return sign + out
