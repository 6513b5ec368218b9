"""The answer to an evidence upload."""

from __future__ import annotations

from pydantic import Field

from api.schemas.common import Schema


class EvidenceStored(Schema):
    sha256: str = Field(description="cite this in a record's evidence")
    size: int
    media_type: str
    already_stored: bool = Field(description="the same bytes were stored before; one copy is kept")
