"""Kill a writer process at a random moment, then check what survived against what it acknowledged."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Ledger:
    """Everything acknowledged so far, across all rounds."""

    batch_size: int
    acknowledged: dict[int, str] = field(default_factory=dict)  # position → sha256 of state
    batches: set[int] = field(default_factory=set)
    next_batch: int = 0
    max_acknowledged: int = 0
    kills: int = 0

    def take(self, output: str) -> None:
        """Record complete acknowledgement lines; a line cut short by the kill was never acknowledged."""
        for line in output.splitlines(keepends=True):
            if not line.endswith("\n") or not line.startswith("{"):
                continue
            ack = json.loads(line)
            positions = [p for p, _ in ack["events"]]
            assert positions == sorted(positions) and min(positions) > self.max_acknowledged, (
                f"batch {ack['batch']} got positions {positions}, not after {self.max_acknowledged}"
            )
            self.max_acknowledged = max(positions)
            self.acknowledged.update(dict(ack["events"]))
            self.batches.add(ack["batch"])
            self.next_batch = max(self.next_batch, ack["batch"] + 1)


def writer_command(store_args: list[str], ledger: Ledger) -> list[str]:
    # Batch numbers of a killed writer's unacknowledged batches are never reused: skip ahead.
    ledger.next_batch += 1000
    return [
        sys.executable,
        "-m",
        "tests.durability.writer",
        *store_args,
        str(ledger.next_batch),
        str(ledger.batch_size),
    ]


def run_and_kill(
    store_args: list[str], ledger: Ledger, rng: random.Random, max_delay: float,
    kill: Callable[[subprocess.Popen[str]], None] | None = None,
    extra_env: dict[str, str] | None = None,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra_env or {})}
    writer = subprocess.Popen(
        writer_command(store_args, ledger), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stderr is not None
    ready = writer.stdout.readline()
    assert ready == "READY\n", f"writer did not start: {ready!r} {writer.stderr.read()}"
    # Read the acknowledgements while the writer runs: a fast writer fills the pipe's buffer within a
    # fraction of a second and then waits on it, idle, and a kill would only ever find it waiting.
    output: list[str] = []
    readers = [threading.Thread(target=lambda: output.append(writer.stdout.read()), daemon=True),  # type: ignore[union-attr]
               threading.Thread(target=writer.stderr.read, daemon=True)]
    for reader in readers:
        reader.start()
    time.sleep(rng.uniform(0, max_delay))
    if kill is None:
        os.kill(writer.pid, signal.SIGKILL)
    else:
        kill(writer)
    writer.wait(timeout=30)
    for reader in readers:
        reader.join(timeout=30)
    ledger.take("".join(output))
    ledger.kills += 1


def check_batches(rows: list[tuple[int, bytes]], ledger: Ledger) -> None:
    """Every acknowledged event present and byte-identical; every batch stored whole or not at all."""
    import hashlib

    stored = {position: hashlib.sha256(state).hexdigest() for position, state in rows}
    lost = [p for p in ledger.acknowledged if p not in stored]
    assert not lost, f"acknowledged events lost at positions {lost[:10]}"
    changed = [p for p, sha in ledger.acknowledged.items() if stored[p] != sha]
    assert not changed, f"acknowledged events changed at positions {changed[:10]}"
    per_batch: dict[str, int] = {}
    for _, state in rows:
        name = json.loads(state).get("name", "")
        if name.startswith("b") and "-" in name:
            batch = name.split("-")[0]
            per_batch[batch] = per_batch.get(batch, 0) + 1
    partial = {b: n for b, n in per_batch.items() if n != ledger.batch_size}
    assert not partial, f"batches stored in part: {partial}"
    acknowledged = {f"b{b}" for b in ledger.batches}
    assert acknowledged <= set(per_batch)


AfterKill = Callable[[object], None]


def projections_resume_to_a_rebuild(settings: object) -> None:
    """The read models, caught up from where the last round left them, equal a rebuild from scratch."""
    from projections.rebuild import rebuild
    from projections.runner import Projector
    from taizhang.bootstrap import build_app, build_read_store
    from tests.projections.helpers import contents

    app = build_app(settings)  # type: ignore[arg-type]
    projector = Projector(app, build_read_store(settings))  # type: ignore[arg-type]
    try:
        projector.setup()
        projector.catch_up()
        resumed = contents(projector)
        rebuild(projector)
        assert contents(projector) == resumed, "read models caught up after a kill differ from a rebuild"
    finally:
        projector.store.close()
        app.close()


AFTER_KILL_CHECKS: list[AfterKill] = [projections_resume_to_a_rebuild]
"""Further checks run on the store's Settings after each kill."""
