"""Bulk import of an exported history against eventsourcing's batched save of the same events.

    python -m bench.import_bench [--stores sqlite,postgres] [--events 20000] [--repeat 3] [--batch 1000] [--profile]

A deterministic history (``tests.support.history``, seed 1) is grown on a scratch SQLite store and exported
with ``export_history``. The product is ``import_history`` of that file into an empty store: read
the file, check every line (JSON, positions, versions, recorded times never going back, every state
decoded as reading it back will), record the Import, insert everything in one transaction.

The target's limit is eventsourcing's batched save of the same events: the application's event
store putting the very same domain events (already in memory), ``--batch`` at a time, into an empty
store of the same kind — what ``Application.save`` does with the pending events of many aggregates:
encode each with the application's mapper and insert them in one transaction. A stricter reference
is printed beside it: the recorder inserting the already-encoded stored events, which leaves out
the encoding as well. Each repetition uses fresh stores for all three, in rotating order.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent

from bench.harness import Figure, available_stores, fresh_store, profiled, report
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.history import export_history, import_history
from tests.support.history import HistoryMaker

TARGET = 0.7


def exported_history(folder: Path, events: int, seed: int) -> tuple[Path, list[StoredEvent]]:
    """A history of at least ``events`` events as an export file, and its stored events as read back."""
    with fresh_store("sqlite", folder, "source") as settings:
        app = build_app(settings, SimulatedClock(datetime(2023, 1, 1, 1, tzinfo=UTC)))
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


# The generated history starts on 2023-01-01 and, at a million events, runs nine years on — past
# today's date; the import refuses a history recorded later than its own clock, so the importing
# store's clock stands after any history the bench makes.
AFTER_ANY_HISTORY = datetime(2100, 1, 1, tzinfo=UTC)


def import_once(store: str, folder: Path, name: str, path: Path) -> float:
    with fresh_store(store, folder, name) as settings:
        app = build_app(settings, SimulatedClock(AFTER_ANY_HISTORY))
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


def save_once(store: str, folder: Path, name: str, stored: list[StoredEvent], batch: int) -> float:
    """Seconds the event store takes to put the domain events of ``stored``, decoded beforehand untimed.

    Each batch is decoded just before it is put (outside the timer), so that a million-event run
    does not hold a million domain events at once.
    """
    elapsed = 0.0
    with fresh_store(store, folder, name) as settings:
        app = build_app(settings)
        for first in range(0, len(stored), batch):
            events: list[DomainEventProtocol] = [app.mapper.to_domain_event(e) for e in stored[first:first + batch]]
            started = time.perf_counter()
            app.events.put(events)
            elapsed += time.perf_counter() - started
        app.close()
    return elapsed


def measure(store: str, folder: Path, path: Path, stored: list[StoredEvent], repeat: int, batch: int,
            profile: bool) -> list[Figure]:
    seconds = {"import": 0.0, "save": 0.0, "insert": 0.0}
    for turn in range(repeat):
        order = ["import", "save", "insert"]
        for what in order[turn % 3:] + order[:turn % 3]:
            if what == "import":
                seconds[what] += import_once(store, folder, f"import-{store}-{turn}", path)
            elif what == "save":
                seconds[what] += save_once(store, folder, f"save-{store}-{turn}", stored, batch)
            else:
                seconds[what] += insert_once(store, folder, f"insert-{store}-{turn}", stored, batch)
    if profile:
        print(f"--- profile of one import_history on {store} ---")
        print(profiled(lambda: import_once(store, folder, f"profile-{store}", path)))
    events = len(stored) * repeat
    details = {"events": len(stored), "repeat": repeat, **{f"{what}_s": round(s, 2) for what, s in seconds.items()}}
    rate = {what: events / s for what, s in seconds.items()}
    return [
        Figure("import", store, f"import_history vs batched save x{batch}", rate["import"], rate["save"], TARGET,
               unit="ev/s", details=details),
        Figure("import", store, f"import_history vs insert of encoded x{batch}", rate["import"], rate["insert"],
               TARGET, unit="ev/s", details=details, reference=True),
    ]


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
            for figure in measure(store, folder, path, stored, args.repeat, args.batch, args.profile):
                figures.append(figure)
                print(figure.line(), flush=True)
    report("import", figures, {"events": args.events, "batch": args.batch})


if __name__ == "__main__":
    main()
