"""Measure the read models: rebuild rate against the raw read+decode rate, and query latency as history grows.

    python -m bench.projections_bench --sizes 10000,200000 [--store sqlite|postgres] [--seed 1]

One run makes one deterministic history per size, each in a store of its own, and measures for each:
the raw rate of reading and decoding every event (the limit), the rate of a full rebuild of all read
models, their ratio; then p50/p95 latency of the ledger, counts (current and as of a past moment) and
overdue queries, the sizes taking turns call by call so that the shared machine's load falls on all alike.
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
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.harness import Figure
from domain.flags.facts import FlagPeriod
from projections import queries
from projections.flags import FlagQueries
from projections.rebuild import rebuild
from projections.runner import Projector
from projections.snapshot import Period
from taizhang.bootstrap import build_app, build_read_store
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.stores import store_settings
from tests.support.history import HistoryMaker


def raw_read_rate(projector: Projector) -> float:
    app, position, count = projector.app, 0, 0
    started = time.perf_counter()
    while True:
        notifications = app.recorder.select_notifications(
            position, projector.rebuild_batch_size, inclusive_of_start=False
        )
        if not notifications:
            break
        for n in notifications:
            app.mapper.to_domain_event(n)
        count += len(notifications)
        position = notifications[-1].id
    return count / (time.perf_counter() - started)


def query_set(projector: Projector, maker: HistoryMaker) -> dict[str, Callable[[], Any]]:
    """The questions users wait on, each about the same span of days at the end of the history."""
    store = projector.store
    last_day = maker.now.date()
    month = Period.days(last_day - timedelta(days=30), last_day)
    past = maker.now - timedelta(days=10)  # 10 000 events are about a month of history
    earlier = Period.days(last_day - timedelta(days=25), last_day - timedelta(days=11))
    village = str(maker.villages[0].id)
    flag_month = FlagPeriod(last_day - timedelta(days=30), last_day)
    flag_earlier = FlagPeriod(last_day - timedelta(days=25), last_day - timedelta(days=11))
    return {
        "ledger_page": lambda: queries.ledger(store, page_size=50),
        "ledger_village_month": lambda: queries.ledger(store, {"village_id": village}, month),
        "counts_month_by_village": lambda: queries.counts(store, ["village_id"], month),
        "counts_month_by_stage_as_of": lambda: queries.counts(store, ["stage"], earlier, as_of=past),
        "overdue_today_page": lambda: queries.overdue(store, last_day, limit=50),
        # The red flags of the last 30 days' problems and patrols: the rules run over that period's facts only.
        "red_flags_month": lambda: FlagQueries(store).flags(period=flag_month),
        "red_flags_month_as_of": lambda: FlagQueries(store).flags(past, period=flag_earlier),
    }


def latencies(query_sets: list[dict[str, Callable[[], Any]]], repeat: int) -> list[dict[str, dict[str, float]]]:
    """p50/p95 of each query at each size, the sizes taking turns call by call so machine load hits all alike."""
    times: list[dict[str, list[float]]] = [{name: [] for name in qs} for qs in query_sets]
    for name in query_sets[0]:
        for qs in query_sets:
            qs[name]()  # warm the caches once, as a running server would be
        for _ in range(repeat):
            for qs, measured in zip(query_sets, times, strict=True):
                started = time.perf_counter()
                qs[name]()
                measured[name].append((time.perf_counter() - started) * 1000)
    return [{name: _percentiles(values) for name, values in measured.items()} for measured in times]


def _percentiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"p50_ms": round(statistics.median(values), 2), "p95_ms": round(values[int(len(values) * 0.95) - 1], 2)}


# Read models whose own rebuild is measured as well as the whole: the red flags' (the cases' has its own bench).
OWN_REBUILDS = ("flag_facts",)


def read_and_rebuild(settings: Settings, batch: int) -> dict[str, Any]:
    """In a fresh process: the raw read+decode rate, then a full side-by-side rebuild, and the peak memory;
    then each of ``OWN_REBUILDS`` rebuilt alone (after the peak memory is taken)."""
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings), batch_size=batch)
    own: dict[str, float] = {}
    try:
        raw = raw_read_rate(projector)
        started = time.perf_counter()
        applied = rebuild(projector)
        elapsed = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
        for name in OWN_REBUILDS:
            if name in projector.models:
                began = time.perf_counter()
                rebuild(projector, name)
                own[name] = time.perf_counter() - began
    finally:
        projector.store.close()
        app.close()
    return {"raw": raw, "rate": applied / elapsed, "seconds": elapsed, "peak_mb": peak_kb / 1024, "own": own}


def measure_rebuild(projector: Projector, settings: Settings) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        child = pool.apply(read_and_rebuild, (settings, projector.batch_size))
    return {
        "events": projector.head(),
        "read_decode_events_per_s": round(child["raw"]),
        "rebuild_events_per_s": round(child["rate"]),
        "ratio": round(child["rate"] / child["raw"], 2),
        "rebuild_s": round(child["seconds"], 1),
        "rebuild_peak_rss_mb": round(child["peak_mb"]),
        **{f"rebuild_{name}_alone_s": round(seconds, 1) for name, seconds in child["own"].items()},
    }


def simulated_store(stack: ExitStack, store: str, batch: int) -> tuple[Settings, Projector]:
    """A new store of its own (closed with ``stack``) on a simulated clock from 2023, its read models set up."""
    folder = stack.enter_context(tempfile.TemporaryDirectory())
    settings = stack.enter_context(store_settings(store, Path(folder)))
    app = build_app(settings, SimulatedClock(datetime(2023, 1, 1, 1, tzinfo=UTC)))
    app.init_store("simulation", "示例镇", "demo", "admin")
    stack.callback(app.close)
    projector = Projector(app, build_read_store(settings), batch_size=batch)
    stack.callback(projector.store.close)
    projector.setup()
    return settings, projector


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated event counts")
    parser.add_argument("--store", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results, query_sets = [], []
    with ExitStack() as stack:
        for size in sizes:  # one store per size, all kept open for the interleaved latency phase
            settings, projector = simulated_store(stack, args.store, args.batch)
            app = projector.app
            maker = HistoryMaker(app, args.seed)
            started = time.perf_counter()
            maker.make(size)
            result = {"generate_s": round(time.perf_counter() - started, 1), **measure_rebuild(projector, settings)}
            print(json.dumps(result), flush=True)
            results.append(result)
            query_sets.append(query_set(projector, maker))
        for result, measured in zip(results, latencies(query_sets, args.repeat), strict=True):
            result.update(measured)
    for line in verdicts(args.store, results):
        print(line, flush=True)
    print(json.dumps({"store": args.store, "machine": platform.platform(), "python": platform.python_version(),
                      "results": results}, indent=2))


REBUILD_TARGET = 0.5  # of the read+decode rate
PEAK_RSS_LIMIT_MB = 500  # for a rebuild of 1 000 000 events
GROWTH_TARGET = 1 / 1.5  # small p95 / large p95


def verdicts(store: str, results: list[dict[str, Any]]) -> list[str]:
    """One line per target: the rebuild at each size, its peak memory, each query's p95 growth."""
    lines = [
        Figure("rebuild", store, f"rebuild vs read+decode, {r['events']} ev", r["rebuild_events_per_s"],
               r["read_decode_events_per_s"], REBUILD_TARGET, unit="ev/s").line()
        for r in results
    ]
    for r in results:
        for name in OWN_REBUILDS:
            if f"rebuild_{name}_alone_s" in r:
                alone = r[f"rebuild_{name}_alone_s"]
                lines.append(f"rebuild  {store:<8} {name} alone, {r['events']} ev: {alone} s "
                             f"({r['events'] / max(alone, 0.01):.0f} ev/s; the whole rebuild {r['rebuild_s']} s)"
                             "  measured (no target)")
    largest = results[-1]
    verdict = "(judged at 1 000 000 events: SIZES=10000,1000000)"
    if largest["events"] >= 1_000_000:
        verdict = "met" if largest["rebuild_peak_rss_mb"] < PEAK_RSS_LIMIT_MB else "MISSED"
    lines.append(f"rebuild  {store:<8} peak RSS {largest['rebuild_peak_rss_mb']} MB at {largest['events']} events"
                 f"  target < {PEAK_RSS_LIMIT_MB} MB at 1 000 000  {verdict}")
    if len(results) > 1:
        small, large = results[0], results[-1]
        lines += [
            Figure("queries", store, f"{name}: p95 {small['events']} / {large['events']} ev",
                   small[name]["p95_ms"], large[name]["p95_ms"], GROWTH_TARGET, unit="ms").line()
            for name, timed in small.items() if isinstance(timed, dict)
        ]
    return lines


if __name__ == "__main__":
    main()
