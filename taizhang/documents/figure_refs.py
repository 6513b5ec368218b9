"""A figure's provenance reference, as it comes back from a link: base64url JSON, parsed strictly and bounded.

A figure carries the query that produced it (``projections.queries``), pinned to the log position it
was read at; ``GET /provenance`` and the web's provenance page expand it. The token comes back from
the client, so it is an input like any other: every field is checked, every number bounded (a
position or version of 10**30 is refused as invalid, never passed to the store).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from domain.errors import InvalidInput
from projections.queries import GROUPABLE, PERIOD_BASES

FILTERABLE = (*GROUPABLE, "problem_id", "is_open", "voided_at")  # voided_at: null, a count leaving voided ones out
if TYPE_CHECKING:  # Literals built from the lists at run time, for pydantic to check; to mypy, the text they admit
    Filterable = str
    Basis = str
else:
    Filterable = Literal[FILTERABLE]
    Basis = Literal[PERIOD_BASES]
MAX_TOKEN = 16000  # an assessment figure cites each patrol, letter and problem it rests on

Position = Annotated[int, Field(ge=0, le=2**53)]
Text = Annotated[str, Field(max_length=100)]
Scalar = Text | Position | None


class PeriodRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None


class FigureRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["counts", "time_to_close", "ledger", "overdue", "problem", "facts"]
    as_of: Position | None = None
    where: dict[Filterable, Scalar | Annotated[list[Text], Field(max_length=1000)]] = Field(default_factory=dict)
    period: PeriodRef | None = None
    basis: Basis = "registered"
    on: date | None = None
    facts: list[tuple[Position, uuid.UUID, Position]] | None = Field(None, max_length=2000)


def parse(text: str) -> dict[str, Any]:
    """The ref a token names, validated; anything else is invalid input (422)."""
    if len(text) > MAX_TOKEN:
        raise InvalidInput("数字来源标记过长", "the figure reference is too long")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        parsed = FigureRef.model_validate(json.loads(raw))
    except (binascii.Error, ValueError, ValidationError, UnicodeDecodeError):
        raise InvalidInput(
            "ref 不是有效的数字来源标记，应取自某个数字的 provenance 链接",
            "ref is not a valid figure reference: use the one in a figure's provenance link",
        ) from None
    if parsed.kind == "overdue" and parsed.on is None:
        raise InvalidInput("ref：逾期数字的来源标记缺少日期", "ref: an overdue figure's reference needs its day")
    if (parsed.kind == "facts") != (parsed.facts is not None):
        raise InvalidInput("ref 不是有效的数字来源标记", "ref: only an assessment figure's reference lists facts")
    figure = parsed.model_dump(mode="json")
    if figure["facts"] is None:
        del figure["facts"]
    return figure
