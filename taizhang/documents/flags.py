"""The inspector's review of a red flag, as every way in takes it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from taizhang.documents.base import Document, Explanation, Printable

FlagKey = Annotated[str, Field(min_length=1, max_length=200), Printable]


class FlagReviewBody(Document):
    flag_key: FlagKey
    verdict: Literal["confirmed", "dismissed"]
    reason: Explanation
