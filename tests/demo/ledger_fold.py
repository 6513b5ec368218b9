"""An independent fold of the stored events into the figures the demo aims at (not the generator's counters)."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.problem import Problem
from domain.vocabulary import Category, Source, Stage
from taizhang.app import Taizhang


def stored_events(app: Taizhang) -> list[Any]:
    """Every event in log order, decoded."""
    events: list[Any] = []
    start = 1
    while True:
        notifications = app.recorder.select_notifications(start=start, limit=1000)
        if not notifications:
            return events
        events.extend(app.mapper.to_domain_event(n) for n in notifications)
        start = notifications[-1].id + 1


@dataclass
class LedgerFigures:
    source: dict[uuid.UUID, Source] = field(default_factory=dict)
    category: dict[uuid.UUID, Category] = field(default_factory=dict)
    stage: dict[uuid.UUID, Stage] = field(default_factory=dict)
    labour: int = 0
    machinery: int = 0
    tonnes: Decimal = Decimal(0)
    buildings_demolished: int = 0

    def fed_back(self, source: Source) -> int:
        return sum(1 for pid, s in self.source.items() if s == source and self.stage[pid] != Stage.VOIDED)

    def closed(self, *, source: Source | None = None, category: Category | None = None) -> int:
        return sum(
            1 for pid, stage in self.stage.items()
            if stage == Stage.CLOSED
            and (source is None or self.source[pid] == source)
            and (category is None or self.category[pid] == category)
        )

    def registered(self) -> int:
        return sum(1 for stage in self.stage.values() if stage != Stage.VOIDED)

    def stages(self) -> Counter[Stage]:
        return Counter(self.stage.values())


STAGE_OF = {
    Problem.Assigned: Stage.ASSIGNED,
    Problem.RectificationReported: Stage.RECTIFICATION_REPORTED,
    Problem.RectificationPassed: Stage.VERIFIED,
    Problem.RectificationRejected: Stage.ASSIGNED,
    Problem.Closed: Stage.CLOSED,
    Problem.Reopened: Stage.REOPENED,
    Problem.Voided: Stage.VOIDED,
}


def fold(events: list[Any], recorded_before: datetime | None = None,
         occurred_from: datetime | None = None, occurred_before: datetime | None = None) -> LedgerFigures:
    """The ledger as the record held it before ``recorded_before``, counting what occurred in the span."""
    figures = LedgerFigures()
    for event in events:
        if recorded_before is not None and event.timestamp >= recorded_before:
            break
        if isinstance(event, Problem.Registered):
            if occurred_from and event.occurred_at < occurred_from or occurred_before and event.occurred_at >= occurred_before:
                continue
            figures.source[event.originator_id] = Source(event.source)
            figures.category[event.originator_id] = Category(event.category)
            figures.stage[event.originator_id] = Stage.REGISTERED
        elif type(event) in STAGE_OF and event.originator_id in figures.stage:
            figures.stage[event.originator_id] = STAGE_OF[type(event)]
        if isinstance(event, Problem.RectificationReported):
            if occurred_from and event.occurred_at < occurred_from or occurred_before and event.occurred_at >= occurred_before:
                continue
            figures.labour += event.resources["labour_person_times"]
            figures.machinery += event.resources["machinery_unit_times"]
            figures.tonnes += Decimal(event.resources["tonnes_cleared"])
            figures.buildings_demolished += event.resources["buildings_demolished"]
    return figures
