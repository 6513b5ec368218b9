"""An independent fold of the stored events into the figures the demo aims at (not the generator's counters).

It follows the definitions of docs/FIGURES.md: the record as it stood before the as-of moment; a
problem counts as fed back in the period it was registered (occurred time) unless voided, as closed
in the period of its latest closing if it is still closed; resources count by the occurred time of
each rectification report, sent-back ones included, problems voided excluded.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.problem import Problem
from domain.vocabulary import Category, Source, Stage
from taizhang.application import Taizhang


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
class Spent:
    labour: int = 0
    machinery: int = 0
    tonnes: Decimal = Decimal(0)
    buildings: int = 0


@dataclass
class LedgerFigures:
    occurred_from: datetime | None = None
    occurred_before: datetime | None = None
    source: dict[uuid.UUID, Source] = field(default_factory=dict)
    category: dict[uuid.UUID, Category] = field(default_factory=dict)
    stage: dict[uuid.UUID, Stage] = field(default_factory=dict)
    registered_at: dict[uuid.UUID, datetime] = field(default_factory=dict)
    closed_at: dict[uuid.UUID, datetime] = field(default_factory=dict)
    spent: dict[uuid.UUID, Spent] = field(default_factory=dict)

    def in_period(self, moment: datetime) -> bool:
        return (self.occurred_from is None or moment >= self.occurred_from) and (
            self.occurred_before is None or moment < self.occurred_before
        )

    def counted(self, pid: uuid.UUID, source: Source | None, category: Category | None) -> bool:
        return (source is None or self.source[pid] == source) and (category is None or self.category[pid] == category)

    def fed_back(self, source: Source | None = None) -> int:
        return sum(
            1 for pid, stage in self.stage.items()
            if stage != Stage.VOIDED and self.in_period(self.registered_at[pid]) and self.counted(pid, source, None)
        )

    def registered(self) -> int:
        return self.fed_back()

    def closed(self, *, source: Source | None = None, category: Category | None = None) -> int:
        return sum(
            1 for pid, stage in self.stage.items()
            if stage == Stage.CLOSED and self.in_period(self.closed_at[pid]) and self.counted(pid, source, category)
        )

    def _spent(self) -> list[Spent]:
        return [s for pid, s in self.spent.items() if self.stage[pid] != Stage.VOIDED]

    @property
    def labour(self) -> int:
        return sum(s.labour for s in self._spent())

    @property
    def machinery(self) -> int:
        return sum(s.machinery for s in self._spent())

    @property
    def tonnes(self) -> Decimal:
        return sum((s.tonnes for s in self._spent()), Decimal(0))

    @property
    def buildings_demolished(self) -> int:
        return sum(s.buildings for s in self._spent())

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
    figures = LedgerFigures(occurred_from, occurred_before)
    for event in events:
        if recorded_before is not None and event.timestamp >= recorded_before:
            break
        pid = event.originator_id
        if isinstance(event, Problem.Registered):
            figures.source[pid] = Source(event.source)
            figures.category[pid] = Category(event.category)
            figures.stage[pid] = Stage.REGISTERED
            figures.registered_at[pid] = event.occurred_at
            figures.spent[pid] = Spent()
        elif type(event) in STAGE_OF:
            figures.stage[pid] = STAGE_OF[type(event)]
        if isinstance(event, Problem.Closed):
            figures.closed_at[pid] = event.occurred_at
        if isinstance(event, Problem.RectificationReported) and figures.in_period(event.occurred_at):
            spent = figures.spent[pid]
            spent.labour += event.resources["labour_person_times"]
            spent.machinery += event.resources["machinery_unit_times"]
            spent.tonnes += Decimal(event.resources["tonnes_cleared"])
            spent.buildings += event.resources["buildings_demolished"]
    return figures
