"""The summary's latency as history grows, and the as-of summary's independence from later events.

    python -m bench.summary_bench --small 10000 --large 100000 [--store sqlite|postgres] [--repeat 20]

One store, one deterministic history (bench/history.py, with its campaign days: patrols, toilet
surveys, work records). At the small size it times the summary of the last 30 days (the question a
clerk waits on), of the last calendar month (a period ending on a past day), and of a fixed past
month *as of* a fixed past moment; then it records events up to the large size — all of them after
that moment — and times all three again (one store cannot hold both sizes at once, so each size is
timed in its own block). The as-of answer must not change; every p95 at the large size should be at
most 1.5 × the small size's.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bench.harness import Figure, fresh_store, report
from bench.history import HistoryMaker
from projections.db import ReadStore
from projections.runner import Projector
from taizhang.bootstrap import build_app
from taizhang.clock import CHINA, SimulatedClock
from taizhang.summary.figures import summary_facts


def timed(operation: Any, repeat: int) -> tuple[dict[str, float], Any]:
    samples, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = operation()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
    return {"p50_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2)}, answer


def values(facts: Any) -> dict[str, str]:
    return {code: str(figure.value) for code, figure in facts.figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--store", default="sqlite")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, fresh_store(args.store, Path(folder), "summary") as settings:
        app = build_app(settings, SimulatedClock(datetime(2023, 1, 2, tzinfo=timezone.utc)))
        app.init_store("simulation", "示例镇", "demo", "bench")
        maker = HistoryMaker(app, seed=1, campaign=True)
        store = ReadStore.from_settings(settings)
        projector = Projector(app, store)
        projector.setup()

        maker.make(args.small)
        projector.catch_up()
        moment = maker.now
        day = moment.astimezone(CHINA).date()
        past = (day - timedelta(days=30), day - timedelta(days=1))

        def current() -> Any:
            now = maker.now.astimezone(CHINA).date()
            return summary_facts(store, "示例镇", now - timedelta(days=30), now, with_events=False)

        def last_month() -> Any:
            first = maker.now.astimezone(CHINA).date().replace(day=1)
            end = first - timedelta(days=1)
            return summary_facts(store, "示例镇", end.replace(day=1), end, with_events=False)

        def as_of() -> Any:
            return summary_facts(store, "示例镇", past[0], past[1], as_of=moment, with_events=False)

        small_current, _ = timed(current, args.repeat)
        small_last_month, _ = timed(last_month, args.repeat)
        small_as_of, then = timed(as_of, args.repeat)
        small_events = app.recorder.max_notification_id()

        maker.make(args.large - small_events)
        projector.catch_up()
        large_current, _ = timed(current, args.repeat)
        large_last_month, _ = timed(last_month, args.repeat)
        large_as_of, later = timed(as_of, args.repeat)
        large_events = app.recorder.max_notification_id()
        assert values(later) == values(then), "the as-of summary changed after later events were recorded"

        figures = [
            Figure("summary", args.store, f"summary, last 30 days: p95 {small_events} / {large_events} ev",
                   small_current["p95_ms"], large_current["p95_ms"], 1 / 1.5, unit="ms"),
            Figure("summary", args.store, f"summary, last calendar month: p95 {small_events} / {large_events} ev",
                   small_last_month["p95_ms"], large_last_month["p95_ms"], 1 / 1.5, unit="ms"),
            Figure("summary", args.store, f"as-of summary: p95 {small_events} / {large_events} ev",
                   small_as_of["p95_ms"], large_as_of["p95_ms"], 1 / 1.5, unit="ms"),
        ]
        report("summary", figures, {
            "sizes": [small_events, large_events],
            "current": {"small": small_current, "large": large_current},
            "last_month": {"small": small_last_month, "large": large_last_month},
            "as_of": {"small": small_as_of, "large": large_as_of, "moment": moment.isoformat()},
        })
        projector.stop()
        store.close()
        app.close()


if __name__ == "__main__":
    main()
