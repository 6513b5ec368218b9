"""Figures and their provenance: each figure carries a ``ref`` token that ``GET /provenance`` expands.

The token is the query's own ``ref`` (from ``projections.queries``) as base64url JSON, pinned to the
position the figure was read at. It is not trusted: it is parsed strictly, and a village cadre's is
confined to their village (another village's figure answers 404, as if it did not exist).
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from domain.errors import NotFound
from taizhang.access.caller import Caller
from taizhang.documents.figure_refs import MAX_TOKEN, parse

__all__ = ["MAX_TOKEN", "confine", "facts_link", "link", "parse", "token", "village_filter"]

def token(ref: dict[str, Any]) -> str:
    text = json.dumps(ref, separators=(",", ":"), ensure_ascii=False, default=str)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def link(ref: dict[str, Any]) -> str:
    return f"/provenance?ref={token(ref)}"


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
