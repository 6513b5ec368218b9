"""SIGKILL a writer at random moments on SQLite: nothing acknowledged is lost, nothing half-written.

Tens of kills in the default run; ``make crash-long`` runs hundreds (marked slow).
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from taizhang.audit import keys
from taizhang.audit.merkle import root_of
from taizhang.audit.service import read_events
from taizhang.audit.stores import audit_service
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.durability.crash import AFTER_KILL_CHECKS, Ledger, check_batches, run_and_kill


def check_after_kill(settings: Settings, key_folder: Path, ledger: Ledger, previous_max: int) -> int:
    with sqlite3.connect(settings.sqlite_file) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = db.execute("SELECT rowid, state FROM stored_events ORDER BY rowid").fetchall()
    positions = [p for p, _ in rows]
    assert positions == sorted(set(positions))
    assert positions[-1] >= previous_max, "positions went backwards"
    check_batches(rows, ledger)

    app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
    try:
        audit = audit_service(app, settings, key_folder)
        checkpoint = audit.checkpoint()  # grown from the stored right edge of the last checkpoint
        assert checkpoint.tree_size == len(rows)
        assert checkpoint.root_hash == root_of(event.leaf() for event in read_events(app))
        assert audit.verify().ok
    finally:
        app.close()
    for extra in AFTER_KILL_CHECKS:
        extra(settings)
    return positions[-1]


def crash_rounds(tmp_path: Path, rounds: int, seed: int) -> Ledger:
    settings = Settings(store="sqlite", data_dir=tmp_path)
    app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
    app.init_store("simulation", "示例镇", "demo", "admin")
    app.close()
    keys.generate(tmp_path / "keys")
    rng = random.Random(seed)
    ledger = Ledger(batch_size=4)
    last = 0
    for _ in range(rounds):
        run_and_kill(["sqlite", str(settings.sqlite_file)], ledger, rng, max_delay=0.25)
        last = check_after_kill(settings, tmp_path / "keys", ledger, last)
    assert ledger.acknowledged, "the writer never got a batch acknowledged: the test proved nothing"
    return ledger


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    ledger = crash_rounds(tmp_path, rounds=20, seed=7)
    assert ledger.kills == 20


@pytest.mark.slow
def test_sigkill_hundreds_of_times(tmp_path: Path) -> None:
    ledger = crash_rounds(tmp_path, rounds=300, seed=2026)
    assert ledger.kills == 300
