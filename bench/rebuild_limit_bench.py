"""The rebuild against what no rebuild can beat on SQLite: reading and decoding the events plus writing its rows.

    python -m bench.rebuild_limit_bench [--events 20000] [--rounds 2] [--profile]

The target of issue 3 compares a full rebuild with reading and decoding the events alone (≥ 0.5 ×);
but a rebuild must also write its read models, and on SQLite writing those rows costs more than
reading the events. So beside that ratio this measures the store's own limit: the rows the rebuild
left (every ``rm_*`` table of the current generation, read into memory beforehand) written into an
empty SQLite file with the same settings (WAL, ``synchronous=NORMAL``) by ``executemany`` of prepared
tuples, the tables' indexes created after the rows, one commit — SQLite's work with next to no
Python. The limit of a rebuild is read+decode time plus that writing time; target: the rebuild
≥ 0.7 × that limit's rate. Read, rebuild and write take turns ``--rounds`` times; medians compared.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.harness import Figure, profiled, report
from bench.projections_bench import raw_read_rate
from projections.rebuild import rebuild
from projections.runner import Projector
from taizhang.bootstrap import build_app, build_read_store, persistence_env
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.support.history import HistoryMaker

TARGET = 0.7
ISSUE_TARGET = 0.5


def read_model_tables(path: str) -> list[tuple[str, str, list[str], list[tuple[Any, ...]]]]:
    """Each read model table of the newest generation: its CREATE, its indexes' CREATEs and its rows."""
    connection = sqlite3.connect(path)
    try:
        names = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                 if re.fullmatch(r"rm_.+_g\d+", n)]
        newest = max(int(n.rsplit("_g", 1)[1]) for n in names)
        tables = []
        for name in (n for n in names if n.endswith(f"_g{newest}")):
            (create,) = connection.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
            indexes = [sql for (sql,) in connection.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (name,))]
            rows = connection.execute(f"SELECT * FROM {name}").fetchall()
            tables.append((create, name, indexes, rows))
        return tables
    finally:
        connection.close()


def write_rows(folder: Path, tables: list[tuple[str, str, list[str], list[tuple[Any, ...]]]], turn: int) -> float:
    """Seconds for SQLite to write ``tables`` into an empty file: schema, executemany, indexes, one commit."""
    path = folder / f"limit-{turn}.sqlite"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    connection.execute("BEGIN")
    for create, name, indexes, rows in tables:
        connection.execute(create)
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            connection.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
        for index in indexes:
            connection.execute(index)
    connection.execute("COMMIT")
    took = time.perf_counter() - started
    connection.close()
    path.unlink()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one more rebuild")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        settings = Settings(store="sqlite", data_dir=folder / "store")
        settings.data_dir.mkdir()
        app = build_app(settings, SimulatedClock(datetime(2023, 1, 1, 1, tzinfo=UTC)))
        app.init_store("simulation", "示例镇", "demo", "admin")
        projector = Projector(app, build_read_store(settings))
        projector.setup()
        HistoryMaker(app, 1).make(args.events)
        events = projector.head()
        times: dict[str, list[float]] = {"read+decode": [], "rebuild": [], "write rows": []}
        for turn in range(args.rounds):
            times["read+decode"].append(events / raw_read_rate(projector))
            started = time.perf_counter()
            rebuild(projector)
            times["rebuild"].append(time.perf_counter() - started)
            tables = read_model_tables(persistence_env(settings)["SQLITE_DBNAME"])
            times["write rows"].append(write_rows(folder, tables, turn))
        if args.profile:
            print(profiled(lambda: rebuild(projector), top=30))
        projector.store.close()
        app.close()
    seconds = {name: statistics.median(values) for name, values in times.items()}
    rows = sum(len(t[3]) for t in tables)
    limit = seconds["read+decode"] + seconds["write rows"]
    figures = [
        Figure("rebuild", "sqlite", f"rebuild vs read+decode + SQLite writing its rows, {events} ev",
               events / seconds["rebuild"], events / limit, TARGET, unit="ev/s",
               miss="the rebuild's Python between reading and writing (folding, building rows); next: --profile"),
        Figure("rebuild", "sqlite", f"rebuild vs read+decode alone (issue's target {ISSUE_TARGET}), {events} ev",
               events / seconds["rebuild"], events / seconds["read+decode"], ISSUE_TARGET, unit="ev/s",
               reference=True),
    ]
    report("rebuild", figures, {"events": events, "rows_written": rows, "tables": len(tables),
                                "seconds": {k: round(v, 3) for k, v in seconds.items()}, "rounds": args.rounds})


if __name__ == "__main__":
    main()
