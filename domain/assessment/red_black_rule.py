"""How many villages a quarter's red and black lists name: part of the rule book."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInput


@dataclass(frozen=True)
class RedBlackRule:
    """How many villages each list names (the rule book's definition); ranked by mean rank over the quarter."""

    red_count: int = 3
    black_count: int = 3

    def __post_init__(self) -> None:
        if self.red_count < 0 or self.black_count < 0:
            raise InvalidInput("红黑榜名额不能为负数", "a red or black list may not name fewer than none")

    def as_record(self) -> dict[str, Any]:
        return {"red_count": self.red_count, "black_count": self.black_count}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> RedBlackRule:
        unknown = sorted(set(record) - {"red_count", "black_count"})
        if unknown:
            raise InvalidInput(f"未知的红黑榜规则：{'、'.join(unknown)}", f"unknown red-black rule {unknown}")
        return cls(**{k: int(v) for k, v in record.items()})


DEFAULT_RED_BLACK = RedBlackRule()
