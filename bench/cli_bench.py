"""The command line as a user waits for it: start-up, the previous release, and each command beside its floor.

    python -m bench.cli_bench [--rounds 5] [--previous 16f17dd]

Three kinds of figure, every one measured in this run, the product and its limit taking turns:

- ``taizhang --help`` against ``python -c "import typer, rich"``: the help needs nothing else (≤ 1.5 ×).
- ``summary``, ``rankings`` and ``projections status`` on the demo against the same commands of the
  previous release (``git archive`` of ``--previous`` into a temporary folder, run by this venv's
  interpreter with that folder first on ``sys.path``, on a demo store its own code loaded): ≤ 0.5 ×.
- Each query and recording command against its floor: a fresh interpreter importing only the
  third-party and standard modules the command loads (psycopg and its pool left out: SQLite does not
  need them), plus the command's own work (timed in an interpreter that already imported everything
  it loads: ``bench.cli_probe``). What is left over is our own modules' import (the domain's event
  classes, the read models' code) and anything loaded needlessly: ≤ 1.3 ×.

Wall times are medians of ``--rounds`` runs each (fresh processes; the first run of each, warming the
disk cache, is not counted). The recording command runs on a copy of the demo.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import Figure, report

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FIRST_PARTY = ("taizhang", "domain", "projections", "api", "web", "bench", "tests", "features")
NOT_NEEDED_ON_SQLITE = ("psycopg", "psycopg_pool", "psycopg_binary", "psycopg_c", "eventsourcing.postgres")
HELP_TARGET, PREVIOUS_TARGET, FLOOR_TARGET = 1.5, 0.5, 1.3

COMPARED = {  # the commands timed against the previous release
    "summary": ["summary", "--from", "2023-01-01", "--to", "2023-12-31"],
    "rankings": ["rankings", "2023-06"],
    "projections status": ["projections", "status"],
}
QUERIES = {  # the commands timed against their floor (the recording one on a copy of the demo)
    **COMPARED,
    "ratings": ["ratings", "2023-06"],
    "pay-sheet": ["pay-sheet", "cleaner_bonus", "2023-06"],
    "coverage": ["coverage", "--on", "2023-06-30"],
    "villages list": ["villages", "list"],
    "problems register": ["problems", "register", "--source", "township_patrol", "--category", "plastic_litter",
                          "--village", "donggou", "--place", "村口桥下", "--description", "两袋生活垃圾",
                          "--actor", "wang.fang", "-q"],
}
ENTRY = {"current": "from taizhang.cli.root import main", "previous": "from taizhang.cli import main"}


class Release:
    """One release's command line: the code on ``sys.path`` (this checkout or an archived one) and its demo store."""

    def __init__(self, name: str, code: Path, demo: Path) -> None:
        self.name, self.code, self.demo = name, code, demo

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.code)}

    def argv(self, args: list[str], data: Path | None = None) -> list[str]:
        code = f"import sys; {ENTRY[self.name]}; sys.argv = ['taizhang', *sys.argv[1:]]; main()"
        return [PYTHON, "-c", code, *args, "--data", str(data or self.demo)]

    def run(self, args: list[str], data: Path | None = None) -> float:
        return wall(self.argv(args, data), self.env())


def wall(argv: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds from start to exit of a fresh process (run from a neutral folder, so no checkout shadows another)."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv[3:6]} failed ({done.returncode}): {done.stderr[-600:]}")
    return took


def medians(runs: dict[str, Any], rounds: int) -> dict[str, float]:
    """Each operation run once to warm up, then ``rounds`` times in turn; the median seconds of each."""
    for operation in runs.values():
        operation()
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, operation in runs.items():
            seconds[name].append(operation())
    return {name: statistics.median(values) for name, values in seconds.items()}


def help_figure(rounds: int) -> Figure:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = medians({
        "help": lambda: wall([PYTHON, "-c", f"{ENTRY['current']}; import sys; sys.argv = ['taizhang', '--help']; "
                              "main()"], env),
        "floor": lambda: wall([PYTHON, "-c", "import typer, rich"], env),
    }, rounds)
    return Figure("cli", "-", "taizhang --help vs import typer, rich", times["help"], times["floor"], HELP_TARGET,
                  unit="s", miss="the root imports more than typer and rich; next: see python -X importtime")


def previous_figures(current: Release, previous: Release, rounds: int) -> list[Figure]:
    runs = {}
    for name, args in COMPARED.items():
        runs[f"{name} current"] = lambda args=args: current.run(args)
        runs[f"{name} previous"] = lambda args=args: previous.run(args)
    times = medians(runs, rounds)
    return [Figure("cli", "sqlite", f"{name} vs the previous release", times[f"{name} current"],
                   times[f"{name} previous"], PREVIOUS_TARGET, unit="s",
                   miss="start-up is the floor below plus our own modules' import; see the floor figures")
            for name in COMPARED]


def loaded_modules(release: Release, args: list[str], data: Path, folder: Path) -> list[str]:
    out = folder / "modules.json"
    subprocess.run([PYTHON, "-m", "bench.cli_probe", "modules", str(out), "--", *args, "--data", str(data)],
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, check=True, capture_output=True)
    return list(json.loads(out.read_text()))


def needed(modules: list[str]) -> list[str]:
    """What the command's floor imports: the standard and third-party modules it loads, less what SQLite never needs."""
    def top(name: str) -> str:
        return name.split(".")[0]

    return [m for m in modules if top(m) not in FIRST_PARTY and top(m) != "__main__"
            and not any(m == x or m.startswith(x + ".") for x in NOT_NEEDED_ON_SQLITE)]


IMPORTING = ("import importlib, json, sys\nfor m in json.load(open(sys.argv[1])):\n"
             "    try: importlib.import_module(m)\n    except Exception: pass\n")
"""A fresh interpreter importing a list of modules, as the floor does."""


def worked(args: list[str], data: Path, everything: Path, folder: Path) -> float:
    """Seconds the command takes in an interpreter that has already imported everything it loads."""
    out = folder / "work.json"
    subprocess.run([PYTHON, "-m", "bench.cli_probe", "work", str(out), str(everything), "--", *args, "--data",
                    str(data)], env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, check=True, capture_output=True)
    return float(json.loads(out.read_text()))


def floor_figure(current: Release, name: str, args: list[str], data: Path, rounds: int,
                 folder: Path) -> tuple[Figure, dict[str, Any]]:
    modules = loaded_modules(current, args, data, folder)
    listing, everything = folder / "floor.json", folder / "everything.json"
    listing.write_text(json.dumps(needed(modules)))
    everything.write_text(json.dumps(modules))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = medians({
        "command": lambda: current.run(args, data),
        "floor imports": lambda: wall([PYTHON, "-c", IMPORTING, str(listing)], env),
        "work": lambda: worked(args, data, everything, folder),
    }, rounds)
    ours = [m for m in modules if m.split(".")[0] in FIRST_PARTY]
    details = {"command_s": round(times["command"], 3), "floor_imports_s": round(times["floor imports"], 3),
               "work_s": round(times["work"], 3), "modules_loaded": len(modules), "our_modules": len(ours),
               "not_needed_loaded": [m for m in modules if m not in needed(modules) and m not in ours]}
    figure = Figure("cli", "sqlite", f"{name} vs its imports' floor + work", times["command"],
                    times["floor imports"] + times["work"], FLOOR_TARGET, unit="s",
                    miss=f"{len(ours)} of our own modules imported at start (the domain's event classes, the read "
                         "models' code); next: load fewer at start-up")
    return figure, details


def floor_figures(current: Release, rounds: int, folder: Path) -> tuple[list[Figure], dict[str, Any]]:
    figures, details = [], {}
    copy = folder / "demo-copy"
    shutil.copytree(current.demo, copy)
    for name, args in QUERIES.items():
        figure, details[name] = floor_figure(current, name, args, copy if name == "problems register" else current.demo,
                                             rounds, folder)
        print(figure.line(), flush=True)
        figures.append(figure)
    return figures, details


def archived(commit: str, folder: Path) -> Path:
    """The previous release's code, as ``git archive`` gives it (no worktree is registered)."""
    target = folder / "previous"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="runs of each process, after one to warm up")
    parser.add_argument("--previous", default="16f17dd", help="the commit of the previous release")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        current = Release("current", ROOT, folder / "demo-current")
        previous = Release("previous", archived(args.previous, folder), folder / "demo-previous")
        for release in (current, previous):
            wall(release.argv(["demo"], release.demo), release.env())
        figures = [help_figure(args.rounds)]
        print(figures[-1].line(), flush=True)
        figures += previous_figures(current, previous, args.rounds)
        for figure in figures[1:]:
            print(figure.line(), flush=True)
        floors, details = floor_figures(current, args.rounds, folder)
        figures += floors
    report("cli", figures, {"previous": args.previous, "rounds": args.rounds, "commands": details,
                            "seconds": round(time.perf_counter() - started, 1)})


if __name__ == "__main__":
    main()
