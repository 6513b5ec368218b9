"""The assessment facts kept between commands, so that drafting a sheet never folds the whole log again.

Both stores give positions in commit order (eventsourcing's PostgreSQL recorder takes the events
table's EXCLUSIVE lock for every insert; SQLite has one writer), so once the log's head is at N every
event up to N is in it, and none will later appear below N. A fold kept at position P therefore goes
on with the events (P, N] and equals a fold from the start; the cost of a command becomes the events
recorded since the last one, and a year of monthly sheets costs the same in the tenth year as in the
first (``bench/paysheet_years_bench.py``).

Two folds are kept: the latest, and the last one asked for at an earlier position — drafting a
month's sheet reads the record now and as it stood at the month's closing, and months close in
order, so that one also only goes on, from the events the latest has already read where it still
keeps them (at most ``KEPT_EVENTS``). Asked for a position before it, it starts again from the log's
start.

The folds are shared and change as they go on, so they are handed out only to a thread that holds
the memo (``held``) for as long as it reads them; any other thread gets a fold of its own.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from domain.assessment.facts import AssessmentFacts

EventReader = Callable[[int, int], Iterator[tuple[int, Any]]]
"""The assessment events from one position to another (both included), decoded."""

KEPT_EVENTS = 50_000  # decoded events kept for the earlier fold: a few months of a township's assessment


class FactsMemo:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._holder: int | None = None
        self._depth = 0
        self.latest = AssessmentFacts(track_changes=True)
        self.earlier = AssessmentFacts(track_changes=True)
        # Every event the latest fold applied after ``_kept_after``, in log order.
        self._kept: list[tuple[int, Any]] = []
        self._kept_after = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the memo: its folds may be read, and no other thread moves them meanwhile."""
        with self._lock:
            self._holder, self._depth = threading.get_ident(), self._depth + 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._holder = None

    def facts_as_of(self, read: EventReader, stop: int) -> AssessmentFacts:
        if self._holder != threading.get_ident():
            return _fold(AssessmentFacts(track_changes=True), read, stop)
        if stop >= self.latest.position:
            return _fold(self.latest, self._keeping(read), stop)
        if stop < self.earlier.position:
            self.earlier = AssessmentFacts(track_changes=True)
        _fold(self.earlier, self._kept_or(read), stop)
        if self.earlier.position > self._kept_after:
            start = bisect.bisect_right(self._kept, self.earlier.position, key=lambda kept: kept[0])
            del self._kept[:start]
            self._kept_after = self.earlier.position
        return self.earlier

    def _keeping(self, read: EventReader) -> EventReader:
        def reading(start: int, stop: int) -> Iterator[tuple[int, Any]]:
            for position, event in read(start, stop):
                self._kept.append((position, event))
                yield position, event
            if len(self._kept) > KEPT_EVENTS:
                dropped = len(self._kept) - KEPT_EVENTS
                self._kept_after = self._kept[dropped - 1][0]
                del self._kept[:dropped]

        return reading

    def _kept_or(self, read: EventReader) -> EventReader:
        """The kept events where they cover the span asked for, else the store's."""

        def reading(start: int, stop: int) -> Iterator[tuple[int, Any]]:
            if start <= self._kept_after:
                yield from read(start, stop)
                return
            first = bisect.bisect_left(self._kept, start, key=lambda kept: kept[0])
            yield from itertools.takewhile(lambda kept: kept[0] <= stop, self._kept[first:])

        return reading


def _fold(facts: AssessmentFacts, read: EventReader, stop: int) -> AssessmentFacts:
    """The fold carried on to ``stop``."""
    if stop > facts.position:
        facts.apply_all(read(facts.position + 1, stop))
        facts.position = stop
    return facts
