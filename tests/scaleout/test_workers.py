"""Scale-out on PostgreSQL: two API worker processes and one projection process on one schema.

Commands go concurrently to both workers (neither projects); the separate ``taizhang projections
run`` process must project every event exactly once, and its read models must equal a rebuild.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from projections.rebuild import rebuild
from projections.runner import Projector
from projections.tracking import physical
from taizhang.bootstrap import build_app, build_read_store
from tests.projections.helpers import contents
from tests.stores import postgres_schema
from tests.support.servers import Worker, initialise, sign_in, start_projections, start_worker

pytestmark = pytest.mark.postgres
ADMIN, PASSWORD = "county-admin", "scale-out-2023"
CLIENTS, PROBLEMS_EACH = 4, 10


def send_commands(workers: list[Worker], headers: dict[str, str], village: str, client: int,
                  failures: list[str]) -> None:
    """Register problems through one worker and assign each through the other, alternating per client."""
    body = {"source": "township_patrol", "category": "plastic_litter", "village_id": village,
            "place": f"{client}号路口", "description": "塑料袋散落"}
    with httpx.Client(timeout=30) as http:
        for n in range(PROBLEMS_EACH):
            first, other = workers[(client + n) % 2], workers[(client + n + 1) % 2]
            registered = http.post(f"{first.url}/problems", json=body, headers=headers)
            if registered.status_code != 201:
                failures.append(f"register {registered.status_code} {registered.text}")
                continue
            problem = registered.json()["id"]
            assigned = http.post(f"{other.url}/problems/{problem}/assign",
                                 json={"deadline": {"due": "2031-06-30"}}, headers={**headers, "If-Match": '"1"'})
            if assigned.status_code != 200:
                failures.append(f"assign {assigned.status_code} {assigned.text}")


def test_two_workers_and_one_projection_process_project_every_event_once(tmp_path: Path) -> None:
    with postgres_schema() as base:
        settings = base.model_copy(update={"data_dir": tmp_path})
        initialise(settings, ADMIN, PASSWORD)
        started: list = []
        try:
            workers = [start_worker(settings, tmp_path, f"api-{i}", run_projections=False) for i in range(2)]
            started += workers
            started.append(start_projections(settings, tmp_path))
            headers = sign_in(workers[0].url, ADMIN, PASSWORD)  # the token is good on every worker
            village = httpx.post(f"{workers[1].url}/villages", json={"name": "东沟村", "code": "v01"},
                                 headers=headers, timeout=30)
            assert village.status_code == 201, village.text
            failures: list[str] = []
            clients = [
                threading.Thread(target=send_commands, args=(workers, headers, village.json()["id"], c, failures))
                for c in range(CLIENTS)
            ]
            for thread in clients:
                thread.start()
            for thread in clients:
                thread.join(60)
            assert failures == []

            app = build_app(settings)
            projector = Projector(app, build_read_store(settings))
            try:
                deadline = time.monotonic() + 30
                while projector.position() < projector.head() and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert projector.position() == projector.head(), started[-1].log_tail()
                for process in started:
                    process.stop()

                log = app.recorder.select_notifications(start=None, limit=10_000)
                # village + 2 × (register + assign) per problem, after init's store mark, township and account
                assert len([n for n in log if n.topic.startswith("domain.problem:")]) == 2 * CLIENTS * PROBLEMS_EACH
                with projector.store.reading() as tx:
                    generation = next(t.generation for t in projector.tracks() if t.name == "event_index")
                    table = physical("rm_events", generation)
                    rows = tx.all(f"SELECT position, COUNT(*) FROM {table} GROUP BY position ORDER BY position")
                assert rows == [(n.id, 1) for n in log]  # every position once, none missing, none extra

                projected = contents(projector)
                rebuild(projector)
                assert contents(projector) == projected
            finally:
                projector.store.close()
                app.close()
        finally:
            for process in started:
                process.stop()
