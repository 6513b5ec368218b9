"""Before/after of the summary's figures on the same stores, old and new query code taking turns.

    git show <commit>:projections/figures.py > /tmp/figures_before.py
    python -m bench.summary_ab --before /tmp/figures_before.py [--small 10000 --large 100000 --repeat 20]

The machine is shared and its load moves latencies several-fold between runs, so comparing two runs
of ``bench.summary_bench`` says little. Here one process builds the two stores of that bench (the same
campaign history, small and large) and times ``campaign_figures`` — every figure of the summary — of
the code before (loaded from the file given) and of the current code, call by call in turn.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.harness import fresh_store
from bench.projections_bench import latencies
from bench.summary_bench import summaries
from projections import figures
from taizhang.summary import figures as summary_module
from tests.support.history import campaign_township


def load_module(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("figures_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def with_code(queries: dict[str, Callable[[], Any]], code: Any) -> dict[str, Callable[[], Any]]:
    """The same summary questions answered by ``code``'s ``campaign_figures``."""

    def answered(question: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            previous = summary_module.campaign_figures
            summary_module.campaign_figures = code.campaign_figures
            try:
                return question()
            finally:
                summary_module.campaign_figures = previous

        return run

    return {name: answered(question) for name, question in queries.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="projections/figures.py of the code before")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    before = load_module(args.before)
    sets, labels, moment = [], [], None
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for name, size in (("small", args.small), ("large", args.large)):
            settings = stack.enter_context(fresh_store("sqlite", folder, name))
            app, projector, maker = campaign_township(stack, settings)
            maker.make(args.small)
            moment = moment or maker.now
            maker.make(size - maker.events)
            projector.catch_up()
            questions = summaries(projector.store, maker, moment)
            for label, code in (("before", before), ("after", figures)):
                sets.append(with_code(questions, code))
                labels.append(f"{label} {app.recorder.max_notification_id()} ev")
        for name in sets[0]:
            answers = {
                label: {c: str(f.value) for c, f in s[name]().figures.items()}
                for label, s in zip(labels, sets, strict=True)
            }
            assert answers[labels[0]] == answers[labels[1]] and answers[labels[2]] == answers[labels[3]], name
        measured = latencies(sets, args.repeat)
    print(json.dumps(dict(zip(labels, measured, strict=True)), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
