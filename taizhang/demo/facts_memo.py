"""The demo loader's memo of the assessment facts: the log's assessment events decoded once, and their fold."""

from __future__ import annotations

import bisect
import itertools
from typing import Any

from domain.assessment.facts import AssessmentFacts
from taizhang.commands.assessment import EventReader


class SoleWriterMemo:
    """Kept by the loader's application, which alone writes the side file the year is recorded into.

    The loader records a whole year through the commands, each of which would otherwise decode and
    fold the log from its start (``taizhang.commands.assessment.FactsMemo`` says why only a sole
    writer may keep one).
    """

    def __init__(self) -> None:
        self.events: list[tuple[int, Any]] = []
        self.latest = AssessmentFacts(track_changes=True)
        # the last fold asked for at an earlier position (a month's closing)
        self.earlier = AssessmentFacts(track_changes=True)

    def facts_as_of(self, read: EventReader, stop: int) -> AssessmentFacts:
        if stop < self.latest.position:
            return self._earlier(stop)
        for position, event in read(self.latest.position + 1, stop):
            self.events.append((position, event))
            self.latest.apply(position, event)
        self.latest.position = max(self.latest.position, stop)
        return self.latest  # the commands only read the facts they are given

    def _earlier(self, stop: int) -> AssessmentFacts:
        if stop < self.earlier.position:
            self.earlier = AssessmentFacts(track_changes=True)
        if stop > self.earlier.position:
            # Months close in order, so each fold asked for goes on from the last one.
            start = bisect.bisect_right(self.events, self.earlier.position, key=lambda e: e[0])
            for position, event in itertools.takewhile(lambda e: e[0] <= stop, self.events[start:]):
                self.earlier.apply(position, event)
            self.earlier.position = stop
        return self.earlier
