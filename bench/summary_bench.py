"""The summary's latency as history grows, and the as-of summary's independence from later events.

    python -m bench.summary_bench --small 10000 --large 100000 [--store sqlite|postgres] [--repeat 20]

One store, one deterministic history (tests/support/history.py, with its campaign days: patrols, toilet
surveys, work records). At the small size it times the summary of the last 30 days (the question a
clerk waits on), of the last calendar month (a period ending on a past day), and of a fixed past
month *as of* a fixed past moment, taken at nine tenths of the small size so that it is in the past
in both stores; a second store holds the same history carried on to the large size — every event
beyond that moment recorded after it. The two stores take turns call by call
(as in ``bench/projections_bench.py``), so that the shared machine's load falls on both alike. The
as-of answer must be the same in both; every p95 at the large size should be at most 1.5 × the small
size's.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.harness import Figure, fresh_store, report
from bench.projections_bench import latencies
from domain.local_time import CHINA
from projections.db import ReadStore
from taizhang.summary.figures import summary_facts
from tests.support.history import HistoryMaker, campaign_township

TARGET = 1 / 1.5  # small p95 / large p95, so that "ratio >= target" reads as "large <= 1.5 x small"


def values(facts: Any) -> dict[str, str]:
    return {code: str(figure.value) for code, figure in facts.figures.items()}


def summaries(store: ReadStore, maker: HistoryMaker, moment: datetime) -> dict[str, Callable[[], Any]]:
    today = maker.now.astimezone(CHINA).date()
    month_end = today.replace(day=1) - timedelta(days=1)
    day = moment.astimezone(CHINA).date()
    return {
        "last 30 days": lambda: summary_facts(store, "示例镇", today - timedelta(days=30), today, with_events=False),
        "last calendar month": lambda: summary_facts(store, "示例镇", month_end.replace(day=1), month_end,
                                                     with_events=False),
        "a past month as of a past moment": lambda: summary_facts(
            store, "示例镇", day - timedelta(days=30), day - timedelta(days=1), as_of=moment, with_events=False),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--store", default="sqlite")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    query_sets, sizes, moment = [], [], None
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for name, size in (("small", args.small), ("large", args.large)):
            settings = stack.enter_context(fresh_store(args.store, folder, name))
            app, projector, maker = campaign_township(stack, settings)
            # The same history up to the as-of moment in both stores, and some after it in both, so
            # that the as-of summary takes the same (past-position) path at either size and only the
            # amount recorded after the moment differs.
            maker.make(args.small * 9 // 10)
            moment = moment or maker.now
            assert maker.now == moment, "the two stores' histories differ before the as-of moment"
            maker.make(size - maker.events)
            projector.catch_up()
            query_sets.append(summaries(projector.store, maker, moment))
            sizes.append(app.recorder.max_notification_id())
        as_of = "a past month as of a past moment"
        then, later = (values(queries[as_of]()) for queries in query_sets)
        assert then == later, "the as-of summary changed after later events were recorded"
        small, large = latencies(query_sets, args.repeat)
    figures = [
        Figure("summary", args.store, f"summary, {name}: p95 {sizes[0]} / {sizes[1]} ev",
               small[name]["p95_ms"], large[name]["p95_ms"], TARGET, unit="ms")
        for name in query_sets[0]
    ]
    report("summary", figures, {"sizes": sizes, "moment": moment.isoformat() if moment else None,
                                "latency_ms": {"small": small, "large": large}})


if __name__ == "__main__":
    main()
