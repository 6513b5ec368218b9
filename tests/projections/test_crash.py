"""A projection process killed (SIGKILL) in the middle of a batch resumes to exactly a clean rebuild."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from projections.rebuild import rebuild
from projections.runner import Projector, default_models
from taizhang.application import Taizhang
from taizhang.settings import Settings
from tests.projections.helpers import contents
from tests.support.history import HistoryMaker

# A runner whose ledger pauses after writing each batch's rows, before the commit: the kill lands there.
SLOW_RUNNER = """
import time
from projections.ledger import ProblemLedger
from projections.runner import Projector, default_models
from taizhang.bootstrap import build_app, build_read_store
from taizhang.settings import Settings

class PausingLedger(ProblemLedger):
    def apply(self, tx, generation, batch, since, until):
        super().apply(tx, generation, batch, since, until)
        print("rows written, not committed", flush=True)
        time.sleep(0.2)

settings = Settings()
app = build_app(settings)
models = [PausingLedger() if isinstance(m, ProblemLedger) else m for m in default_models()]
Projector(app, build_read_store(settings), models, batch_size=50).run_forever(0.01)
"""


def environment(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "TAIZHANG_STORE": settings.store}
    if settings.store == "sqlite":
        env["TAIZHANG_SQLITE_PATH"] = str(settings.sqlite_file)
    else:
        env.update(
            TAIZHANG_POSTGRES_DSN=settings.postgres_dsn or "",
            TAIZHANG_POSTGRES_SCHEMA=settings.postgres_schema,
            TAIZHANG_POSTGRES_DBNAME=settings.postgres_dbname,
        )
    return env


def test_a_runner_killed_mid_batch_resumes_to_a_clean_rebuild(
    app: Taizhang, settings: Settings, projector: Projector
) -> None:
    HistoryMaker(app, seed=7, villages=4).make(1500)
    head = projector.head()
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_RUNNER], env=environment(settings), stdout=subprocess.PIPE,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout is not None
        for _ in range(3):  # let a few batches commit, then kill inside the fourth
            process.stdout.readline()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(10)
    time.sleep(0.1)
    reached = projector.position()
    assert 0 < reached < head, "the kill must land part-way through the log"
    projector.batch_size = 500
    projector.catch_up()
    resumed = contents(projector)
    rebuild(projector)
    assert contents(projector) == resumed
    assert resumed["positions"] == sorted((m.name, head) for m in default_models())
