"""Run one ``taizhang`` command in this interpreter, for the command-line benchmark (``bench.cli_bench``).

    python -m bench.cli_probe modules OUT -- ARGS...     run the command; write the modules it loaded to OUT
    python -m bench.cli_probe work OUT MODULES -- ARGS... import MODULES first, then time only the command

``modules`` answers what a command loads, in the order it loaded it. ``work`` answers what the command
costs once everything it loads is already imported: its store opened, caught up, queried and printed.
Started by ``python -m``, so ``bench`` itself is loaded; it imports nothing of the product's own.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
import time
from pathlib import Path


def run(args: list[str]) -> None:
    from taizhang.cli.root import main

    sys.argv = ["taizhang", *args]
    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):
        main()


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    split = sys.argv.index("--")
    args = sys.argv[split + 1:]
    if mode == "modules":
        before = set(sys.modules)
        run(args)
        out.write_text(json.dumps([name for name in sys.modules if name not in before]))
    elif mode == "work":
        for name in json.loads(Path(sys.argv[3]).read_text()):
            with contextlib.suppress(Exception):
                importlib.import_module(name)
        started = time.perf_counter()
        run(args)
        out.write_text(json.dumps(time.perf_counter() - started))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
