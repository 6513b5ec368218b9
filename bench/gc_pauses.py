"""The garbage collector's pauses while the heavy pages are served, with gc.freeze on and off.

    python -m bench.gc_pauses [--requests 100]

The API runs in this process (FastAPI's TestClient) on the demo township, so ``gc.callbacks`` time every
collection: how many there were of each generation, their total and longest pause, while the
rankings, the overview and the summary are each asked ``--requests`` times. The pages benchmark
(``bench.pages_bench``) measures the tail over HTTP; this says how much of it is the collector's.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_api
from bench.harness import Figure, report
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings

PAGES = {"rankings": "/web/rankings?month=2023-06", "overview": "/web/overview",
         "summary": "/summary?from=2023-01-01&to=2023-12-31"}


class Pauses:
    def __init__(self) -> None:
        self.started = 0.0
        self.seen: dict[int, list[float]] = {0: [], 1: [], 2: []}

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.seen[info["generation"]].append(time.perf_counter() - self.started)

    def summary(self) -> dict[str, Any]:
        return {f"gen{g}": {"count": len(p), "total_ms": round(sum(p) * 1000, 1),
                            "longest_ms": round(max(p, default=0) * 1000, 1)} for g, p in self.seen.items()}


def served(folder: Path, freeze: bool, requests: int) -> dict[str, Any]:
    settings = Settings(store="sqlite", data_dir=folder, gc_freeze=freeze)
    with TestClient(create_api(settings)) as client:
        answer = client.post("/auth/token", data={"username": "liu.qiang", "password": "demo-2023"})
        token = answer.json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Cookie": f"taizhang_session={token}"}
        for path in PAGES.values():  # warm
            assert client.get(path, headers=headers).status_code == 200
        pauses = Pauses()
        gc.callbacks.append(pauses)
        try:
            for _ in range(requests):
                for path in PAGES.values():
                    client.get(path, headers=headers)
        finally:
            gc.callbacks.remove(pauses)
        return {"tracked_objects": len(gc.get_objects()), "frozen": gc.get_freeze_count(), **pauses.summary()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        load_demo(Settings(store="sqlite", data_dir=folder / "demo"))
        found = {}
        for freeze in (False, True):
            copy = folder / f"demo-{freeze}"
            shutil.copytree(folder / "demo", copy)
            gc.unfreeze()
            gc.collect()
            found[f"gc.freeze {'on' if freeze else 'off'}"] = served(copy, freeze, args.requests)
    on, off = found["gc.freeze on"], found["gc.freeze off"]
    figures = [
        Figure("gc", "sqlite", "longest collection, gc.freeze on vs off",
               max(on[g]["longest_ms"] for g in ("gen0", "gen1", "gen2")) / 1000,
               max(off[g]["longest_ms"] for g in ("gen0", "gen1", "gen2")) / 1000, 1.0, unit="s", reference=True),
        Figure("gc", "sqlite", "all collections' time, gc.freeze on vs off",
               sum(on[g]["total_ms"] for g in ("gen0", "gen1", "gen2")) / 1000,
               sum(off[g]["total_ms"] for g in ("gen0", "gen1", "gen2")) / 1000, 1.0, unit="s", reference=True),
    ]
    report("gc", figures, {"requests_per_page": args.requests, "collections": found})


if __name__ == "__main__":
    main()
