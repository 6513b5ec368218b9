"""Before/after of the rebuild and of the history import on one history, with whichever code is importable.

    python bench/rebuild_once.py make /tmp/ab 100000                 # a SQLite store with tests.support.history, seed 1
    python bench/rebuild_once.py export /tmp/ab /tmp/ab.jsonl         # its export file
    python bench/rebuild_once.py load postgres:ab_bench /tmp/ab.jsonl # the same history in a PostgreSQL schema
    PYTHONPATH=/tmp/old python bench/rebuild_once.py rebuild /tmp/ab before   # an older checkout (git archive)
    PYTHONPATH=. python bench/rebuild_once.py rebuild postgres:ab_bench after
    PYTHONPATH=. python bench/rebuild_once.py import /tmp/ab.jsonl after      # into a fresh SQLite store
    PYTHONPATH=. python bench/rebuild_once.py profile /tmp/ab after           # CPU seconds of one rebuild, per part

A store is a SQLite data folder or ``postgres:SCHEMA`` on the test server (tests/stores.py; ``load``
creates the schema, replacing one of that name; drop it yourself when done). Run the old and new code
alternately a few times: on a shared machine the load moves between runs, and alternating spreads it
over both. ``rebuild`` prints the raw read+decode rate, the rebuild rate, their ratio and the peak
resident memory of that process; ``import`` the time, CPU time and peak memory of one import_history.
Uses only APIs the older code also has.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def settings_for(store: str):
    from taizhang.settings import Settings

    if not store.startswith("postgres:"):
        return Settings(store="sqlite", data_dir=Path(store))
    from tests.stores import DEFAULT_DSN

    return Settings(store="postgres", postgres_dsn=DEFAULT_DSN, postgres_schema=store.split(":", 1)[1],
                    postgres_dbname="test", data_dir=Path(tempfile.gettempdir()) / "rebuild_once")


def make(folder: Path, events: int) -> None:
    from taizhang.bootstrap import build_app
    from taizhang.clock import SimulatedClock
    from taizhang.settings import Settings
    from tests.support.history import HistoryMaker

    folder.mkdir(parents=True, exist_ok=True)
    app = build_app(Settings(store="sqlite", data_dir=folder), SimulatedClock(datetime(2023, 1, 1, 1, tzinfo=UTC)))
    app.init_store("simulation", "示例镇", "demo", "admin")
    print(HistoryMaker(app, 1).make(events))
    app.close()


def export(store: str, path: Path) -> None:
    from taizhang.bootstrap import build_app
    from taizhang.history import export_history

    app = build_app(settings_for(store))
    print(export_history(app, path))
    app.close()


def load(store: str, path: Path) -> None:
    import psycopg

    from tests.stores import DEFAULT_DSN

    schema = store.split(":", 1)[1]
    with psycopg.connect(DEFAULT_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    import_once(store, path, "load")


def import_once(store: str, path: Path, label: str) -> None:
    from taizhang.bootstrap import build_app
    from taizhang.clock import SimulatedClock
    from taizhang.history import import_history

    fresh = None
    if not store.startswith("postgres:"):
        fresh = Path(tempfile.mkdtemp(prefix="import_once_"))
        store = str(fresh)
    app = build_app(settings_for(store), SimulatedClock(datetime(2100, 1, 1, tzinfo=UTC)))
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = import_history(app, path, "system:bench")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"code": label, "events": outcome.position, "import_s": round(wall, 1), "cpu_s": round(cpu, 1),
                      "events_per_s": round(outcome.position / wall),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
    app.close()
    if fresh is not None:
        shutil.rmtree(fresh)


def rebuild_once(store: str, label: str) -> None:
    from projections.rebuild import rebuild
    from projections.runner import Projector
    from taizhang.bootstrap import build_app, build_read_store

    settings = settings_for(store)
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings), batch_size=2000)
    projector.setup()
    position, count, started = 0, 0, time.perf_counter()
    while True:
        notifications = app.recorder.select_notifications(position, 2000, inclusive_of_start=False)
        if not notifications:
            break
        for n in notifications:
            app.mapper.to_domain_event(n)
        count, position = count + len(notifications), notifications[-1].id
    raw = count / (time.perf_counter() - started)
    started, cpu = time.perf_counter(), time.process_time()
    applied = rebuild(projector)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"code": label, "events": count, "raw": round(raw), "rebuild": round(applied / elapsed),
                      "ratio": round(applied / elapsed / raw, 3), "rebuild_cpu_s": round(cpu, 1), "peak_mb": peak_mb}))
    projector.store.close()
    app.close()


def profile_once(store: str, label: str) -> None:
    """One rebuild with CPU timers around reading, decoding, each model's ``apply`` (its inserts included,
    also shown apart as ``inserts``) and the swap: where a rebuild's time goes, model by model.

    Each part is the CPU time of the thread that ran it; ``cpu_s`` is the whole process's."""
    from projections import rebuild as rebuild_module
    from projections.db import Tx
    from projections.rebuild import rebuild
    from projections.runner import Projector
    from taizhang.bootstrap import build_app, build_read_store

    settings = settings_for(store)
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings), batch_size=2000)
    projector.setup()
    spent: dict[str, float] = {}

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            started = time.thread_time()  # the calling thread's: a rebuild may read ahead in a second thread
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.thread_time() - started
        return wrapper

    for model in projector.models.values():
        model.apply = timed(model.name, model.apply)
    app.recorder.select_notifications = timed("reading", app.recorder.select_notifications)
    app.mapper.to_domain_event = timed("decoding", app.mapper.to_domain_event)
    Tx.insert = timed("inserts", Tx.insert)
    Tx.executemany = timed("inserts", Tx.executemany)
    rebuild_module._swap = timed("swap", rebuild_module._swap)
    started, cpu = time.perf_counter(), time.process_time()
    applied = rebuild(projector)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    parts = {name: round(seconds, 2) for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1])}
    print(json.dumps({"code": label, "events": applied, "rebuild_s": round(elapsed, 1), "cpu_s": round(cpu, 2),
                      "cpu_by_part": parts}))
    projector.store.close()
    app.close()


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "make":
        make(Path(sys.argv[2]), int(sys.argv[3]))
    elif command == "export":
        export(sys.argv[2], Path(sys.argv[3]))
    elif command == "load":
        load(sys.argv[2], Path(sys.argv[3]))
    elif command == "import":
        import_once("sqlite", Path(sys.argv[2]), sys.argv[3])
    elif command == "profile":
        profile_once(sys.argv[2], sys.argv[3])
    else:
        rebuild_once(sys.argv[2], sys.argv[3])
