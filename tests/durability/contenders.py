"""Writers that race on the same problem: all read version v, then all try to write version v+1."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from domain.errors import ConcurrentChange
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.commands.problems import DeadlineRequest
from taizhang.settings import Settings


def due(round_: int, writer: int) -> date:
    """Each round's dates are later than every earlier round's, so every extension is a valid one."""
    return date.today() + timedelta(days=60 + 20 * round_ + writer)


BARRIER_SECONDS = 60


def contend(app: Taizhang, problem_id: uuid.UUID, writer: int, rounds: int, barrier: Any, results: Any) -> None:
    for round_ in range(rounds):
        barrier.wait(BARRIER_SECONDS)
        seen = app.problem(problem_id).version
        barrier.wait(BARRIER_SECONDS)  # everyone has read the same version before anyone writes
        try:
            outcome = app.extend_deadline(
                problem_id, DeadlineRequest(due=due(round_, writer)), f"round {round_} writer {writer}",
                "leader", f"writer-{writer}", expected_version=seen,
            )
            results.put((round_, writer, "won", seen, outcome.version))
        except ConcurrentChange:
            results.put((round_, writer, "conflict", seen, None))


def contend_in_process(
    settings: dict[str, Any], problem_id: str, writer: int, rounds: int, barrier: Any, results: Any, start_up: Any
) -> None:
    """In a child process: any failure is sent to the parent (and breaks the barrier) instead of hanging it.

    Start-up is serialised: on PostgreSQL, applications starting at the same instant race in
    ``CREATE TABLE IF NOT EXISTS`` and one may fail with "tuple concurrently updated" (a start-up
    matter reported to the lead, not the write conflict this test is about).
    """
    try:
        with start_up:
            app = build_app(Settings(**settings))
        try:
            contend(app, uuid.UUID(problem_id), writer, rounds, barrier, results)
        finally:
            app.close()
    except BaseException as error:
        barrier.abort()
        results.put((-1, writer, "error", repr(error), None))
        raise
