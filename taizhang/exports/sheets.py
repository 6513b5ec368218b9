"""What a printed sheet states beside its lines: who drafted, approved and paid it, and a month's standings.

Plain records, apart from the workbook writers, so that the application can gather them without
loading a spreadsheet library until a workbook is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.assessment.values import Month


@dataclass(frozen=True)
class Signature:
    who: str
    on: date


@dataclass(frozen=True)
class SheetHistory:
    """Who drafted, approved and paid the sheet and when, read from its events."""

    drafted: tuple[Signature, ...]
    approved: Signature | None = None
    paid: Signature | None = None
    payment_reference: str = ""
    cause_labels: dict[int, str] = field(default_factory=dict)
    villages: dict[str, str] = field(default_factory=dict)  # a cleaner's village by person, for lines naming none



@dataclass(frozen=True)
class RankingSheet:
    """A month's standings in their record form, frozen at closing or (unclosed) provisional as of a position."""

    township: str
    month: Month
    rule_version_id: str
    rows: Sequence[dict[str, Any]]
    as_of_position: int
    closed_by: str | None = None
    closed_on: date | None = None
    digest: str | None = None
