"""Whole numbers from a page's address, within bounds: a number out of range is refused in words, never a 500."""

from __future__ import annotations

from domain.errors import InvalidInput

MAX_PAGE = 100_000
MAX_POSITION = 2**53


def whole_number(text: str | None, what: str, low: int, high: int) -> int | None:
    """``text`` as a whole number in [low, high]; None when not given."""
    if text is None or not text.strip():
        return None
    given = text.strip()
    if not given.isdigit() or len(given) > 20 or not low <= int(given) <= high:
        raise InvalidInput(f"{what}“{given[:30]}”应为 {low} 到 {high} 之间的整数",
                           f"{what} {given[:30]!r} must be a whole number from {low} to {high}")
    return int(given)


def page_number(text: str | None) -> int:
    """A page of a list; anything unreadable is the first page, as a link that lost its page would be."""
    try:
        return whole_number(text, "页码", 1, MAX_PAGE) or 1
    except InvalidInput:
        return 1
