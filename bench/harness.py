"""What the command, import and HTTP benchmarks share: stores to run on, interleaved timing, and the verdict.

Every figure is measured next to its limit in the same run. The machine is shared and noisy, so
the product and its limit are timed in alternating blocks (a burst of load hits both) and the
ratio of the two totals is the figure; absolute rates are printed for context only.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from taizhang.settings import Settings
from tests.stores import postgres_dsn, postgres_schema


def available_stores(asked: str) -> list[str]:
    """The stores named in ``asked`` (comma-separated); PostgreSQL is skipped with a note if none answers."""
    stores = [s.strip() for s in asked.split(",") if s.strip()]
    if "postgres" in stores and postgres_dsn() is None:
        print("note: no PostgreSQL answers (set TAIZHANG_TEST_POSTGRES_DSN); PostgreSQL figures skipped", flush=True)
        stores.remove("postgres")
    return stores


@contextmanager
def fresh_store(kind: str, folder: Path, name: str) -> Iterator[Settings]:
    """An empty store of ``kind``: its own SQLite file under ``folder``, or its own PostgreSQL schema (dropped after).
    """
    if kind == "sqlite":
        (folder / name).mkdir(parents=True, exist_ok=True)
        yield Settings(store="sqlite", data_dir=folder / name)
    elif kind == "postgres":
        with postgres_schema() as settings:
            yield settings.model_copy(update={"data_dir": folder / name})
    else:
        raise ValueError(f"unknown store {kind}")


@dataclass
class Timings:
    """Seconds per operation, gathered over several blocks."""

    seconds: list[float] = field(default_factory=list)

    def time(self, operation: Callable[[], Any]) -> None:
        started = time.perf_counter()
        operation()
        self.seconds.append(time.perf_counter() - started)

    @property
    def rate(self) -> float:
        return len(self.seconds) / sum(self.seconds) if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.seconds)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def summary_ms(self) -> dict[str, float]:
        return {
            "n": len(self.seconds),
            "p50_ms": round(self.percentile(50) * 1000, 2),
            "p95_ms": round(self.percentile(95) * 1000, 2),
            "mean_ms": round(statistics.fmean(self.seconds) * 1000, 2) if self.seconds else 0.0,
        }


@dataclass
class Figure:
    """One measured figure beside its limit: the product's rate, the limit's rate, their ratio, the target."""

    benchmark: str
    store: str
    what: str
    product: float
    limit: float
    target: float
    unit: str = "ops/s"
    details: dict[str, Any] = field(default_factory=dict)
    # A reference figure is printed beside a target's figure for context (a stricter or a different
    # limit); it has no verdict of its own.
    reference: bool = False
    # What a miss is owed (printed under its line when missed): the cause, the limit it meets, the next step.
    miss: str = ""

    @property
    def ratio(self) -> float:
        return self.product / self.limit if self.limit else 0.0

    @property
    def met(self) -> bool:
        if self.unit == "s":  # times: the product's time over the limit's, at most the target
            return self.reference or self.ratio <= self.target
        return self.reference or self.ratio >= self.target

    def line(self) -> str:
        verdict = "(reference, no target)" if self.reference else (
            f"target >= {self.target:.2f}  {'met' if self.met else 'MISSED'}")
        if self.unit == "s":
            verdict = "(reference, no target)" if self.reference else (
                f"target <= {self.target:.2f}  {'met' if self.met else 'MISSED'}")
            return (
                f"{self.benchmark:<8} {self.store:<8} {self.what:<44} product {self.product * 1000:>8.1f} ms"
                f"  limit {self.limit * 1000:>8.1f} ms  ratio {self.ratio:5.2f}  {verdict}"
            ) + (f"\n         why missed: {self.miss}" if self.miss and not self.met else "")
        if self.unit == "ms":
            # A latency figure: the product is the small history's p95, the limit the large one's.
            verdict = f"target <= {1 / self.target:.2f}  {'met' if self.met else 'MISSED'}"
            return (
                f"{self.benchmark:<8} {self.store:<8} {self.what:<44} p95 small {self.product:>8.1f} ms"
                f"  large {self.limit:>8.1f} ms  large/small {1 / self.ratio if self.ratio else 0:5.2f}  {verdict}"
            )
        return (
            f"{self.benchmark:<8} {self.store:<8} {self.what:<44} product {self.product:>9.1f} {self.unit}"
            f"  limit {self.limit:>9.1f} {self.unit}  ratio {self.ratio:5.2f}  {verdict}"
        ) + (f"\n         why missed: {self.miss}" if self.miss and not self.met else "")

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": round(self.ratio, 3), "met": self.met}


def machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(load[0], 2),
    }


def report(benchmark: str, figures: list[Figure], extra: dict[str, Any] | None = None) -> None:
    """Print each figure on a line, then everything as one JSON document (for docs/PERFORMANCE.md)."""
    print(flush=True)
    for figure in figures:
        print(figure.line(), flush=True)
    document = {"benchmark": benchmark, "machine": machine(), "figures": [f.as_json() for f in figures]}
    if extra:
        document.update(extra)
    print(json.dumps(document, ensure_ascii=False, indent=2), flush=True)


def profiled(operation: Callable[[], Any], top: int = 25) -> str:
    """Run ``operation`` under cProfile; answer the ``top`` functions by cumulative time."""
    profile = cProfile.Profile()
    profile.enable()
    operation()
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()
