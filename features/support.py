"""The words of the feature files, turned into the application's values; and the record of an attempt."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from domain.acts import Evidence
from domain.errors import DomainError, refusal_kinds
from domain.local_time import CHINA
from domain.vocabulary import CATEGORY_LABELS, ROLE_LABELS, SOURCE_LABELS, STAGE_LABELS, Category, Role, Source, Stage
from taizhang.application import Taizhang
from taizhang.imports.excel_ledger import RejectedFile

# Steps name a day as a clerk writes it: 2023年3月1日.
DAY = r"\d{4}年\d{1,2}月\d{1,2}日"
# A person's name in a step: two or three Chinese characters.
NAME = r"[\u4e00-\u9fff]{2,3}?"
# The working day ends at 18:00: "today" is then, and a day given as "occurred on" means 09:00 that day.
END_OF_DAY = time(18, 0)
MORNING = time(9, 0)

_DAY_PATTERN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def refusal_titled(title: str) -> type[DomainError]:
    """The refusal the township calls ``title`` (every refusal has a title of its own)."""
    named = [kind for kind in {*refusal_kinds(), RejectedFile} if kind.title == title]
    assert len(named) == 1, f"no refusal, or more than one, is called “{title}”: {named}"
    return named[0]


def day(text: str) -> date:
    match = _DAY_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a day written as 2023年3月1日: {text!r}")
    return date(*(int(part) for part in match.groups()))


def days(text: str) -> list[date]:
    return [date(*(int(p) for p in m.groups())) for m in _DAY_PATTERN.finditer(text)]


def morning_of(text: str) -> datetime:
    return datetime.combine(day(text), MORNING, CHINA)


def end_of(d: date) -> datetime:
    return datetime.combine(d, END_OF_DAY, CHINA)


def _inverse(labels: dict[Any, str]) -> dict[str, Any]:
    return {label: value for value, label in labels.items()}


SOURCES: dict[str, Source] = _inverse(SOURCE_LABELS)
CATEGORIES: dict[str, Category] = _inverse(CATEGORY_LABELS)
STAGES: dict[str, Stage] = _inverse(STAGE_LABELS)
ROLES: dict[str, Role] = _inverse(ROLE_LABELS)


def photo(name: str) -> Evidence:
    """A stand-in photo: the content store is not part of these features, only its sha256 reference."""
    return Evidence(hashlib.sha256(name.encode()).hexdigest(), name, "image/jpeg")


def quoted_names(text: str) -> list[str]:
    return re.findall(r"“([^”]+)”", text)


@dataclass
class Attempt:
    """A command tried in a 当 step: what it answered or the refusal, and the log position before it."""

    position_before: int
    outcome: Any = None
    error: DomainError | None = None
    refusal_expected: bool = field(default=False)

    def succeeded(self) -> Any:
        if self.error is not None and not self.refusal_expected:
            raise AssertionError(f"操作意外被拒绝：{self.error}") from self.error
        return self.outcome


def log_position(app: Taizhang) -> int:
    return app.recorder.max_notification_id() or 0


def attempt(app: Taizhang, action: Callable[[], Any]) -> Attempt:
    before = log_position(app)
    try:
        return Attempt(before, outcome=action())
    except DomainError as error:
        return Attempt(before, error=error)


@dataclass
class Names:
    """What the scenario calls things, mapped to the record's ids."""

    villages: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, Any] = field(default_factory=dict)
    seen_versions: dict[str, int] = field(default_factory=dict)
