"""A month's village rankings as history grows: p95 at the largest size against the smallest.

    python -m bench.rankings_bench [--sizes 10000,100000] [--store sqlite|postgres] [--repeat 30]

One store per size, each with the deterministic history of ``tests/support/history.py`` including its
campaign days (patrols scored under rules, toilet surveys, work records: ``tests/support/campaign_history.py``),
projected by catching up as a running server does. It times what GET /assessment/months/{month}
and ``taizhang rankings`` answer (``AssessmentQueries.month``) for the last complete month of each
history — not closed, so computed from that month's facts — and for the month in progress, with the
sizes taking turns call by call (as in ``bench/projections_bench.py``). Target: p95 at the largest
size ≤ 1.5 × at the smallest.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.harness import Figure, report
from bench.projections_bench import latencies
from domain.assessment.values import Month
from domain.local_time import CHINA
from projections.assessment_queries import AssessmentQueries
from projections.db import ReadStore
from tests.stores import store_settings
from tests.support.history import HistoryMaker, campaign_township

TARGET = 1 / 1.5  # small p95 / large p95, so that "ratio >= target" reads as "large <= 1.5 x small"


def month_queries(store: ReadStore, maker: HistoryMaker) -> tuple[dict[str, Callable[[], Any]], dict[str, Any]]:
    today = maker.now.astimezone(CHINA).date()
    current = Month(today.year, today.month)
    previous = Month(today.year - 1, 12) if today.month == 1 else Month(today.year, today.month - 1)
    queries = AssessmentQueries(store)
    answer = queries.month(previous)
    assert len(answer.standings) == len(maker.villages) and not answer.frozen, "every village ranked, computed"
    return {
        "rankings_last_month": lambda: queries.month(previous),
        "rankings_month_so_far": lambda: queries.month(current),
    }, {"last_month": str(previous), "ranked": len(answer.standings), "rated": len(answer.ratings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated event counts")
    parser.add_argument("--store", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    query_sets, details = [], []
    with ExitStack() as stack:
        for size in sizes:
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            settings = stack.enter_context(store_settings(args.store, Path(folder)))
            app, projector, maker = campaign_township(stack, settings)
            started = time.perf_counter()
            maker.make(size)
            generated = time.perf_counter() - started
            started = time.perf_counter()
            projector.catch_up()
            queries, about = month_queries(projector.store, maker)
            about.update(events=app.recorder.max_notification_id(), generate_s=round(generated, 1),
                         project_s=round(time.perf_counter() - started, 1))
            print(about, flush=True)
            query_sets.append(queries)
            details.append(about)
        measured = latencies(query_sets, args.repeat)
    small, large = measured[0], measured[-1]
    figures = [
        Figure("rankings", args.store, f"{name}: p95 {details[0]['events']} / {details[-1]['events']} ev",
               small[name]["p95_ms"], large[name]["p95_ms"], TARGET, unit="ms")
        for name in query_sets[0]
    ]
    report(
        "rankings",
        figures,
        {"sizes": details, "latency_ms": dict(zip((str(d["events"]) for d in details), measured, strict=True))},
    )


if __name__ == "__main__":
    main()
