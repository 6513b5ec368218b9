"""How the pages say things in Chinese: times in the township's zone, the vocabulary, the steps of a record."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jinja2 import Environment

from domain.account import ACCESS_ROLE_LABELS, AccessRole
from domain.local_time import CHINA
from domain.vocabulary import CATEGORY_LABELS, SOURCE_LABELS, STAGE_LABELS, Category, Source, Stage
from domain.words import FIELD_LABELS, RESOURCE_LABELS, UNIT_KIND_LABELS, VOID_LABELS, event_word, word
from taizhang.access.policy import allows


def local_time(value: Any, seconds: bool = False) -> str:
    """A moment as the township reads it (Beijing time)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        shown = value.astimezone(CHINA) if value.tzinfo else value
        return shown.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def source_label(value: str | None) -> str:
    if value is not None and value in Source._value2member_map_:
        return SOURCE_LABELS.get(Source(value), value)
    return value or "—"


def category_label(value: str | None) -> str:
    if value is not None and value in Category._value2member_map_:
        return CATEGORY_LABELS.get(Category(value), value)
    return value or "—"


def stage_label(value: str | list[str] | None) -> str:
    if isinstance(value, list):  # a figure counting several stages
        return "、".join(stage_label(v) for v in value) or "—"
    if value is not None and value in Stage._value2member_map_:
        return STAGE_LABELS.get(Stage(value), value)
    return value or "—"


def role_label(value: str | None) -> str:
    if value is not None and value in AccessRole._value2member_map_:
        return ACCESS_ROLE_LABELS.get(AccessRole(value), value)
    return "—"


def number(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def install_filters(env: Environment) -> None:
    env.filters.update(
        local_time=local_time,
        source_label=source_label,
        category_label=category_label,
        stage_label=stage_label,
        role_label=role_label,
        step_label=event_word,
        field_label=lambda name: FIELD_LABELS.get(name, name),
        void_label=lambda kind: VOID_LABELS.get(kind, kind),
        unit_kind_label=lambda kind: UNIT_KIND_LABELS.get(kind, kind),
        number=number,
        short_id=lambda value: str(value)[:8],
        word=lambda code, kind: word(kind, code) if code not in (None, "") else "—",
    )
    env.globals.update(
        SOURCE_LABELS={s.value: label for s, label in SOURCE_LABELS.items()},
        CATEGORY_LABELS={c.value: label for c, label in CATEGORY_LABELS.items()},
        STAGE_LABELS={s.value: label for s, label in STAGE_LABELS.items()},
        RESOURCE_LABELS=RESOURCE_LABELS,
        VOID_LABELS=VOID_LABELS,
        allows=allows,  # whether a role may take a step: a page offers a link to a step's form only then
    )
