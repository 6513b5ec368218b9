"""PostgreSQL: the writer's backend terminated mid-transaction loses nothing acknowledged and leaves
nothing half-written; the Merkle root of what survived equals a fresh computation."""

from __future__ import annotations

import random
import subprocess
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from taizhang.audit import keys
from taizhang.audit.merkle import root_of
from taizhang.audit.service import read_events
from taizhang.audit.stores import audit_service
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.durability import crash
from tests.durability.crash import Ledger, check_batches
from tests.stores import postgres_schema

pytestmark = pytest.mark.postgres


def terminate_backend_when_busy(dsn: str, application: str, terminated_states: list[str]) -> None:
    """Wait until the writer's backend is inside a statement or a transaction, then terminate it."""
    with psycopg.connect(dsn, autocommit=True) as db:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            row = db.execute(
                "SELECT pid, state FROM pg_stat_activity "
                "WHERE application_name = %s AND state <> 'idle' AND pid <> pg_backend_pid()",
                (application,),
            ).fetchone()
            if row:
                db.execute("SELECT pg_terminate_backend(%s)", (row[0],))
                terminated_states.append(row[1])
                return
    raise AssertionError("the writer's backend was never busy")


def stored(settings: Settings) -> list[tuple[int, bytes]]:
    with psycopg.connect(settings.postgres_dsn) as db:
        return db.execute(
            f'SELECT notification_id, state FROM "{settings.postgres_schema}".taizhang_events ORDER BY notification_id'
        ).fetchall()


def test_terminated_backends_lose_nothing_acknowledged(tmp_path: Path) -> None:
    with postgres_schema() as settings:
        app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
        app.init_store("simulation", "示例镇", "demo", "admin")
        app.close()
        keys.generate(tmp_path / "keys")
        application = f"taizhang-writer-{uuid.uuid4().hex[:8]}"
        rng, ledger, states, last = random.Random(11), Ledger(batch_size=4), [], 0
        store_args = ["postgres", settings.postgres_dsn, settings.postgres_schema, settings.postgres_dbname]

        def terminate(writer: subprocess.Popen[str]) -> None:
            terminate_backend_when_busy(settings.postgres_dsn, application, states)
            # The library reconnects and the writer would carry on: stop it once its answer is in.
            time.sleep(0.2)
            writer.kill()

        for _ in range(8):
            crash.run_and_kill(store_args, ledger, rng, 0.3, kill=terminate, extra_env={"PGAPPNAME": application})
            rows = stored(settings)
            positions = [p for p, _ in rows]
            assert positions == sorted(set(positions)) and positions[-1] >= last
            last = positions[-1]
            check_batches(rows, ledger)
            app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
            audit = audit_service(app, settings, tmp_path / "keys")
            checkpoint = audit.checkpoint()
            assert checkpoint.tree_size == len(rows)
            assert checkpoint.root_hash == root_of(event.leaf() for event in read_events(app))
            app.close()
            for extra in crash.AFTER_KILL_CHECKS:
                extra(settings)
        assert len(states) == 8 and ledger.acknowledged
        print('terminated in states', states)
