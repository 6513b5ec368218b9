"""Bulk import of an exported history against eventsourcing's batched insert of the same stored events.

    python -m bench.import_bench [--stores sqlite,postgres] [--events 20000] [--repeat 3] [--batch 1000] [--profile]

A deterministic history (``bench.history``, seed 1) is grown on a scratch SQLite store and exported
with ``export_history``. The product is ``import_history`` of that file into an empty store: read
the file, check every line (JSON, positions, versions, recorded times never going back), record the
Import, insert everything in one transaction. The limit is the library's own recorder inserting the
very same stored events (already in memory) into an empty store of the same kind, ``--batch`` at a
time. Each repetition uses fresh stores for both, in alternating order.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from eventsourcing.persistence import StoredEvent

from bench.harness import Figure, available_stores, fresh_store, profiled, report
from bench.history import HistoryMaker
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.history import export_history, import_history

TARGET = 0.7


def exported_history(folder: Path, events: int, seed: int) -> tuple[Path, list[StoredEvent]]:
    """A history of at least ``events`` events as an export file, and its stored events as read back."""
    with fresh_store("sqlite", folder, "source") as settings:
        app = build_app(settings, SimulatedClock(datetime(2023, 1, 1, 1, tzinfo=timezone.utc)))
        app.init_store("simulation", "示例镇", "demo", "admin")
        HistoryMaker(app, seed).make(events)
        path = folder / "history.jsonl"
        export_history(app, path)
        stored: list[StoredEvent] = []
        start = None
        while batch := app.recorder.select_notifications(start=start, limit=1000, inclusive_of_start=False):
            stored += [StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in batch]
            start = batch[-1].id
        app.close()
    return path, stored


def import_once(store: str, folder: Path, name: str, path: Path) -> float:
    with fresh_store(store, folder, name) as settings:
        app = build_app(settings)
        started = time.perf_counter()
        import_history(app, path, "system:bench")
        elapsed = time.perf_counter() - started
        app.close()
    return elapsed


def insert_once(store: str, folder: Path, name: str, stored: list[StoredEvent], batch: int) -> float:
    with fresh_store(store, folder, name) as settings:
        app = build_app(settings)
        started = time.perf_counter()
        for first in range(0, len(stored), batch):
            app.recorder.insert_events(stored[first:first + batch])
        elapsed = time.perf_counter() - started
        app.close()
    return elapsed


def measure(store: str, folder: Path, path: Path, stored: list[StoredEvent], repeat: int, batch: int,
            profile: bool) -> Figure:
    imported, inserted = 0.0, 0.0
    for turn in range(repeat):
        order = ["import", "insert"] if turn % 2 == 0 else ["insert", "import"]
        for what in order:
            if what == "import":
                imported += import_once(store, folder, f"import-{store}-{turn}", path)
            else:
                inserted += insert_once(store, folder, f"insert-{store}-{turn}", stored, batch)
    if profile:
        print(f"--- profile of one import_history on {store} ---")
        print(profiled(lambda: import_once(store, folder, f"profile-{store}", path)))
    events = len(stored) * repeat
    return Figure(
        "import", store, f"import_history vs insert_events x{batch}", events / imported, events / inserted, TARGET,
        unit="ev/s", details={"events": len(stored), "repeat": repeat, "import_s": round(imported, 2),
                              "insert_s": round(inserted, 2)},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=1000, help="events per insert_events call in the limit")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    figures = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        path, stored = exported_history(folder, args.events, args.seed)
        print(f"history of {len(stored)} events exported in {time.perf_counter() - started:.1f} s", flush=True)
        for store in available_stores(args.stores):
            figures.append(measure(store, folder, path, stored, args.repeat, args.batch, args.profile))
            print(figures[-1].line(), flush=True)
    report("import", figures, {"events": args.events, "batch": args.batch})


if __name__ == "__main__":
    main()
