"""The heavy pages' tail under load: p99 against p50 of the rankings, the overview and the summary on the demo.

    python -m bench.pages_bench [--requests 150] [--concurrency 1] [--seconds 60] [--freeze on,off]

A ``taizhang serve`` on the demo township (loaded into a temporary folder), signed in as the demo's
township administrator; ``--concurrency`` keep-alive clients send ``--requests`` requests to each of
``/web/rankings?month=2023-06``, ``/web/overview`` and ``GET /summary`` for the year, round-robin.
Target: each page's p99 at most twice its p50. The server runs once with ``TAIZHANG_GC_FREEZE`` on
(the product's default: what lives as long as the server is out of the garbage collector's full
collections once it has caught up) and once off, on the same store, for the before and after.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.harness import Figure, report
from bench.http_bench import Answer, Client, LoadResult, load, merged
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings
from tests.support.servers import sign_in, start_worker

TARGET = 2.0
ADMIN, PASSWORD = "liu.qiang", "demo-2023"


def pages(headers: dict[str, str]) -> dict[str, Any]:
    token = headers["Authorization"].removeprefix("Bearer ")
    cookie = {"Cookie": f"taizhang_session={token}"}

    def rankings(client: Client, n: int) -> Answer:
        return client.get("/web/rankings?month=2023-06", cookie)

    def overview(client: Client, n: int) -> Answer:
        return client.get("/web/overview", cookie)

    def summary(client: Client, n: int) -> Answer:
        return client.get("/summary?from=2023-01-01&to=2023-12-31", headers)

    return {"rankings": rankings, "overview": overview, "summary": summary}


def measure(folder: Path, freezes: list[bool], args: argparse.Namespace) -> dict[bool, LoadResult]:
    """One server per setting, each on its own copy of the demo, loaded in turns (a burst of load hits all)."""
    workers, parts = {}, {}
    try:
        for freeze in freezes:
            copy = folder / f"demo-{freeze}"
            shutil.copytree(folder / "demo", copy)
            settings = Settings(store="sqlite", data_dir=copy)
            workers[freeze] = start_worker(settings, folder, f"pages-{freeze}", TAIZHANG_GC_FREEZE=str(freeze).lower())
        requests = {freeze: pages(sign_in(worker.url, ADMIN, PASSWORD)) for freeze, worker in workers.items()}
        for freeze, worker in workers.items():
            warm = load([worker.url], requests[freeze], 30, args.seconds, 1)  # caches filled, untimed
            if warm.errors:
                raise RuntimeError(f"pages answered with errors: {warm.errors}")
            parts[freeze] = []
        per_round = max(args.requests * 3 // args.rounds, 3)
        for _ in range(args.rounds):
            for freeze, worker in workers.items():
                parts[freeze].append(load([worker.url], requests[freeze], per_round, args.seconds, args.concurrency))
    finally:
        for worker in workers.values():
            worker.stop()
    return {freeze: merged(got) for freeze, got in parts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=150, help="requests to each page")
    parser.add_argument("--concurrency", type=int, default=1, help="clients at once (2+: pages queue)")
    parser.add_argument("--seconds", type=float, default=60, help="bound on each load phase")
    parser.add_argument("--rounds", type=int, default=3, help="turns of the servers, each a share of the requests")
    parser.add_argument("--freeze", default="on,off", help="gc.freeze on, off or both; the first is the headline")
    args = parser.parse_args()
    freezes = [x.strip() == "on" for x in args.freeze.split(",") if x.strip()]
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        load_demo(Settings(store="sqlite", data_dir=folder / "demo"))
        results = measure(folder, freezes, args)
    for index, freeze in enumerate(freezes):
        result = results[freeze]
        details[f"gc.freeze {'on' if freeze else 'off'}"] = result.summary()
        for page, t in result.latencies.items():
            figures.append(Figure(
                "pages", "sqlite", f"{page} p99 vs p50, gc.freeze {'on' if freeze else 'off'}", t.percentile(99),
                t.percentile(50), TARGET, unit="s", reference=index > 0,
                miss="pauses beyond the collector's (the shared machine's other work, the server's threads); "
                     "next: py-spy the slowest requests"))
    report("pages", figures, {"concurrency": args.concurrency, "requests_per_page": args.requests, "runs": details})


if __name__ == "__main__":
    main()
