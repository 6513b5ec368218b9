"""Measure the read models: rebuild rate against the raw read+decode rate, and query latency as history grows.

    python -m bench.projections_bench --sizes 10000,200000 [--store sqlite|postgres] [--seed 1]

One run grows one deterministic history through each size and, at each, measures: the raw rate of
reading and decoding every event (the limit), the rate of a full rebuild of all read models, their
ratio, and p50/p95 latency of the ledger and counts queries (current and as of a past moment).
The read and the rebuild run in a fresh process of their own, so that its peak resident memory
(``rebuild_peak_rss_mb``) is the rebuild's and not the generator's.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bench.history import HistoryMaker
from projections import queries
from projections.db import ReadStore
from projections.rebuild import rebuild
from projections.runner import Projector
from projections.snapshot import Period
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.stores import store_settings


def raw_read_rate(projector: Projector) -> float:
    app, position, count = projector.app, 0, 0
    started = time.perf_counter()
    while True:
        notifications = app.recorder.select_notifications(position, projector.rebuild_batch_size, inclusive_of_start=False)
        if not notifications:
            break
        for n in notifications:
            app.mapper.to_domain_event(n)
        count += len(notifications)
        position = notifications[-1].id
    return count / (time.perf_counter() - started)


def latency(query: Callable[[], Any], repeat: int) -> dict[str, float]:
    query()  # warm the caches once, as a running server would be
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(len(times) * 0.95) - 1], 2)}


def read_and_rebuild(settings: Settings, batch: int) -> dict[str, float]:
    """In a fresh process: the raw read+decode rate, then a full side-by-side rebuild, and the peak memory."""
    app = build_app(settings)
    projector = Projector(app, ReadStore.from_settings(settings), batch_size=batch)
    try:
        raw = raw_read_rate(projector)
        started = time.perf_counter()
        applied = rebuild(projector)
        elapsed = time.perf_counter() - started
    finally:
        projector.store.close()
        app.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"raw": raw, "rate": applied / elapsed, "seconds": elapsed, "peak_mb": peak_kb / 1024}


def measure(projector: Projector, maker: HistoryMaker, settings: Settings, repeat: int) -> dict[str, Any]:
    head = projector.head()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        child = pool.apply(read_and_rebuild, (settings, projector.batch_size))
    raw, rebuild_rate = child["raw"], child["rate"]
    store = projector.store
    last_day = maker.now.date()
    month = Period.days(last_day - timedelta(days=30), last_day)
    past = maker.now - timedelta(days=10)  # 10 000 events are about a month of history
    village = str(maker.villages[0].id)
    return {
        "events": head,
        "read_decode_events_per_s": round(raw),
        "rebuild_events_per_s": round(rebuild_rate),
        "ratio": round(rebuild_rate / raw, 2),
        "rebuild_s": round(child["seconds"], 1),
        "rebuild_peak_rss_mb": round(child["peak_mb"]),
        "ledger_page": latency(lambda: queries.ledger(store, page_size=50), repeat),
        "ledger_village_month": latency(lambda: queries.ledger(store, {"village_id": village}, month), repeat),
        "counts_month_by_village": latency(lambda: queries.counts(store, ["village_id"], month), repeat),
        "counts_month_by_stage_as_of": latency(
            lambda: queries.counts(
                store, ["stage"], Period.days(last_day - timedelta(days=25), last_day - timedelta(days=11)), as_of=past
            ),
            repeat,
        ),
        "overdue_today_page": latency(lambda: queries.overdue(store, last_day, limit=50), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated event counts, ascending")
    parser.add_argument("--store", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results = []
    with tempfile.TemporaryDirectory() as folder, store_settings(args.store, Path(folder)) as settings:
        app = build_app(settings, SimulatedClock(datetime(2023, 1, 1, 1, tzinfo=timezone.utc)))
        app.init_store("simulation", "示例镇", "demo", "admin")
        projector = Projector(app, ReadStore.from_settings(settings), batch_size=args.batch)
        projector.setup()
        maker = HistoryMaker(app, args.seed)
        for size in sizes:
            started = time.perf_counter()
            maker.make(size - projector.head())
            generated = time.perf_counter() - started
            result = measure(projector, maker, settings, args.repeat)
            result["generate_s"] = round(generated, 1)
            results.append(result)
            print(json.dumps(result), flush=True)
        projector.store.close()
        app.close()
    print(json.dumps({"store": args.store, "machine": platform.platform(), "python": platform.python_version(),
                      "results": results}, indent=2))


if __name__ == "__main__":
    main()
