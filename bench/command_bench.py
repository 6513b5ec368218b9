"""One durable command through the application against a bare eventsourcing save of a one-event aggregate.

    python -m bench.command_bench [--stores sqlite,postgres] [--rounds 40] [--block 5] [--profile]

The limit is what the library itself does on the same store settings (the same DurableSQLiteFactory
with synchronous=FULL, or the same PostgreSQL server): an ``Application.save`` of a fresh trivial
aggregate with one event, by its own application on the same store. The product is ``Taizhang.register_problem``
(look up the village, check it, build and save the problem) and, reported beside it,
``assign_problem`` (read the problem, resolve a deadline in working days on the calendar, save).
Blocks of each alternate so load bursts on this shared machine hit both.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

from bench.harness import Figure, Timings, available_stores, fresh_store, profiled, report
from domain.vocabulary import Category, Source
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, persistence_env
from taizhang.commands.problems import DeadlineRequest
from taizhang.settings import Settings

TARGET = 0.7


class Marker(Aggregate):
    """The smallest aggregate the library can save: one Created event, no attributes."""


class BareApplication(Application):
    name = "bare"


def bare_application(settings: Settings) -> BareApplication:
    return BareApplication(env=persistence_env(settings))


def township(settings: Settings) -> tuple[Taizhang, Any]:
    app = build_app(settings)
    app.init_store("real", "基准镇", "bench", "system:bench")
    village = app.register_village("基准村", "b01", "system:bench").id
    return app, village


class Commands:
    """The commands measured, each a zero-argument operation (so the timing loop is the same for all)."""

    def __init__(self, app: Taizhang, village: Any) -> None:
        self.app = app
        self.village = village
        self.registered: list[Any] = []

    def register(self) -> None:
        outcome = self.app.register_problem(
            Source.TOWNSHIP_PATROL, Category.PLASTIC_LITTER, self.village, "村口桥下", "堆放生活垃圾两袋", "镇环境办-李"
        )
        self.registered.append(outcome.id)

    def assign(self) -> None:
        self.app.assign_problem(self.registered.pop(0), DeadlineRequest(working_days=3), "镇环境办-李")


def measure(store: str, folder: Path, rounds: int, block: int, profile: bool) -> list[Figure]:
    with fresh_store(store, folder, "app") as settings:
        app, village = township(settings)
        bare = bare_application(settings)  # the same file (SQLite) or schema (PostgreSQL), its own application
        commands = Commands(app, village)
        timings = {"bare": Timings(), "register": Timings(), "assign": Timings()}
        operations: dict[str, Callable[[], None]] = {
            "bare": lambda: bare.save(Marker()),
            "register": commands.register,
            "assign": commands.assign,
        }
        for operation in operations.values():  # warm caches and connections, untimed
            for _ in range(5):
                operation()
        for _ in range(rounds * block):  # problems for the assignments to work on, untimed
            commands.register()
        names = list(operations)
        for turn in range(rounds):
            for name in names[turn % len(names):] + names[: turn % len(names)]:  # rotate who goes first
                for _ in range(block):
                    timings[name].time(operations[name])
        if profile:
            def twice() -> None:
                for _ in range(block):
                    commands.register()
                    commands.assign()

            print(f"--- profile of {block} register_problem + assign_problem on {store} ---")
            print(profiled(twice))
        app.close()
        bare.close()
    limit = timings["bare"].rate
    details = {name: t.summary_ms() for name, t in timings.items()}
    return [
        Figure("command", store, "register_problem vs bare one-event save", timings["register"].rate, limit, TARGET,
               details=details),
        # The target names a one-event command; assigning also reads the problem and the calendar first.
        Figure("command", store, "assign_problem vs bare one-event save", timings["assign"].rate, limit, TARGET,
               details={}, reference=True),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=40, help="alternations of product and limit blocks")
    parser.add_argument("--block", type=int, default=5, help="operations per block")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the command path afterwards")
    args = parser.parse_args()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        for store in available_stores(args.stores):
            figures += measure(store, Path(folder), args.rounds, args.block, args.profile)
            print(figures[-2].line(), flush=True)
    report("command", figures, {"rounds": args.rounds, "block": args.block})


if __name__ == "__main__":
    main()
