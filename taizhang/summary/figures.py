"""Gather the summary's figures from the read models into ``SummaryFacts`` ready to render."""

from __future__ import annotations

from datetime import date, datetime

from domain.indicators import BY_CODE
from projections.db import ReadStore
from projections.figures import campaign_figures, figure_events
from projections.snapshot import AsOf
from taizhang.summary.numbers import office_number
from taizhang.summary.render import Figure, SummaryFacts


def summary_facts(
    store: ReadStore, township: str, first: date, last: date, as_of: AsOf = None, with_events: bool = True
) -> SummaryFacts:
    """Every figure for the occurred period [first, last], as the record stood at ``as_of``."""
    result = campaign_figures(store, first, last, as_of)
    snap = result.snapshot
    figures = {}
    for code, value in result.figures.items():
        provenance = figure_events(store, value, snap) if with_events else {}
        figures[code] = Figure(
            code, value.value, office_number(value.value, BY_CODE[code]), [provenance] if provenance else []
        )
    moment = as_of if isinstance(as_of, datetime) else (None if snap.latest else snap.recorded_at)
    return SummaryFacts(township, first, last, moment, figures, result.names, snap.position)
