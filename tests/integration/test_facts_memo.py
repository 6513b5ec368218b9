"""The kept assessment facts equal a fold from the log's start at every position asked, in the order commands ask.

Over the demo's year: the latest fold goes on with each command, the earlier one goes on month by month
(and from the kept events), a position before it starts it again, and a thread that does not hold the
memo is given a fold of its own, never the shared one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from domain.assessment.facts import AssessmentFacts
from taizhang.bootstrap import build_app
from taizhang.commands.facts_memo import FactsMemo
from taizhang.settings import Settings


def test_the_kept_folds_equal_a_fold_from_the_start(demo_folder: Path) -> None:
    app = build_app(Settings(store="sqlite", data_dir=demo_folder))
    try:
        events = list(app.assessment_events(1, app.recorder.max_notification_id() or 0))
    finally:
        app.close()
    reads: list[tuple[int, int]] = []

    def read(start: int, stop: int) -> Iterator[tuple[int, Any]]:
        reads.append((start, stop))
        return iter([(p, e) for p, e in events if start <= p <= stop])

    def from_start(stop: int) -> AssessmentFacts:
        facts = AssessmentFacts(track_changes=True).apply_all((p, e) for p, e in events if p <= stop)
        facts.position = stop
        return facts

    head = events[-1][0]
    memo = FactsMemo()
    asked = [head // 4, head // 8, head // 2, head // 3, head * 3 // 4, head // 10, head]  # now, then closings
    with memo.held():
        for stop in asked:
            assert memo.facts_as_of(read, stop) == from_start(stop), stop
    # Each fold went on from where it stood: only the earlier fold's start again (head // 10) read from 1.
    assert [start for start, _ in reads].count(1) == 2

    elsewhere: list[AssessmentFacts] = []
    with memo.held():
        worker = threading.Thread(target=lambda: elsewhere.append(memo.facts_as_of(read, head // 2)))
        worker.start()
        worker.join()
    [own] = elsewhere
    assert own == from_start(head // 2) and own is not memo.latest and own is not memo.earlier
