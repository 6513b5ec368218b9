"""Figures and their provenance: each figure carries a ``ref`` token that ``GET /provenance`` expands.

The token is the query's own ``ref`` (from ``projections.queries``) as base64url JSON, pinned to the
position the figure was read at. It is not trusted: it is parsed strictly, and a village cadre's is
confined to their village (another village's figure answers 404, as if it did not exist).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from domain.account import AccessRole
from domain.errors import InvalidInput, NotFound
from projections.queries import GROUPABLE, PERIOD_BASES
from taizhang.access.caller import Caller
from taizhang.access.objects import REDACTED
from taizhang.application import Taizhang

FILTERABLE = (*GROUPABLE, "problem_id", "voided_at")  # voided_at: null, a count leaving voided problems out
if TYPE_CHECKING:  # Literals built from the lists at run time, for pydantic to check; to mypy, the text they admit
    Filterable = str
    Basis = str
else:
    Filterable = Literal[FILTERABLE]
    Basis = Literal[PERIOD_BASES]
MAX_TOKEN = 16000  # an assessment figure cites each patrol, letter and problem it rests on

Scalar = str | int | None


class PeriodRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None


class FigureRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["counts", "time_to_close", "ledger", "overdue", "problem", "facts"]
    as_of: int | None = Field(None, ge=0, le=2**53)
    where: dict[Filterable, Scalar | list[str]] = Field(default_factory=dict)
    period: PeriodRef | None = None
    basis: Basis = "registered"
    on: date | None = None
    facts: list[tuple[int, uuid.UUID, int]] | None = Field(None, max_length=2000)


def token(ref: dict[str, Any]) -> str:
    text = json.dumps(ref, separators=(",", ":"), ensure_ascii=False, default=str)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def link(ref: dict[str, Any]) -> str:
    return f"/provenance?ref={token(ref)}"


def parse(text: str) -> dict[str, Any]:
    """The ref a token names, validated; anything else is invalid input (422)."""
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


def confine(caller: Caller, where: dict[str, Any]) -> dict[str, Any]:
    """The filters a caller may ask for: a cadre's are confined to their village, or refused as unknown."""
    if not caller.is_village_scoped:
        return where
    own = str(caller.village_id)
    asked = where.get("village_id")
    if asked is not None:
        asked_all = asked if isinstance(asked, list) else [asked]
        if any(str(v) != own for v in asked_all):
            raise NotFound("找不到该村的数据", "no such village within your reach")
    return {**where, "village_id": own}


def facts_link(refs: object, position: int) -> str:
    """The provenance link of an assessment figure: each fact it rests on, up to the version cited."""
    from projections.assessment_queries import facts_ref

    return link(facts_ref(refs, position))


def village_filter(values: list[uuid.UUID] | None) -> dict[str, Any]:
    return {"village_id": [str(v) for v in values]} if values else {}


class ActorNames:
    """Shows actors as recorded, except a public reporter's name to a village cadre (retaliation risk)."""

    def __init__(self, app: Taizhang, caller: Caller) -> None:
        self.app = app
        self.caller = caller
        self._hidden: dict[str, bool] = {}

    def shown(self, actor: str | None) -> str | None:
        if actor is None or not self.caller.is_village_scoped:
            return actor
        if actor not in self._hidden:
            account = self.app.find_account(actor)
            self._hidden[actor] = account is not None and account.access_role == AccessRole.PUBLIC_REPORTER
        return REDACTED if self._hidden[actor] else actor
