"""Before/after of the rebuild on one history: make it once, then rebuild it with whichever code is importable.

    python bench/rebuild_once.py make /tmp/ab 100000
    PYTHONPATH=/tmp/old python bench/rebuild_once.py rebuild /tmp/ab before   # an older checkout (git archive)
    PYTHONPATH=. python bench/rebuild_once.py rebuild /tmp/ab after

Run the two rebuilds alternately a few times: on a shared machine the load moves between runs, and
alternating spreads it over both. Each prints the raw read+decode rate, the rebuild rate, their ratio
and the peak resident memory of that process. Uses only APIs the older code also has.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import datetime, timezone
from pathlib import Path


def make(folder: Path, events: int) -> None:
    from bench.history import HistoryMaker
    from taizhang.bootstrap import build_app
    from taizhang.clock import SimulatedClock
    from taizhang.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    app = build_app(Settings(store="sqlite", data_dir=folder), SimulatedClock(datetime(2023, 1, 1, 1, tzinfo=timezone.utc)))
    app.init_store("simulation", "示例镇", "demo", "admin")
    print(HistoryMaker(app, 1).make(events))
    app.close()


def rebuild_once(folder: Path, label: str) -> None:
    from projections.db import ReadStore
    from projections.rebuild import rebuild
    from projections.runner import Projector
    from taizhang.bootstrap import build_app
    from taizhang.settings import Settings

    settings = Settings(store="sqlite", data_dir=folder)
    app = build_app(settings)
    projector = Projector(app, ReadStore.from_settings(settings), batch_size=2000)
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
    started = time.perf_counter()
    rate = rebuild(projector) / (time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"code": label, "events": count, "raw": round(raw), "rebuild": round(rate),
                      "ratio": round(rate / raw, 3), "peak_mb": peak_mb}))
    projector.store.close()
    app.close()


if __name__ == "__main__":
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "make":
        make(folder, int(sys.argv[3]))
    else:
        rebuild_once(folder, sys.argv[3])
