"""Many writers on the same problem at once, as threads and as processes, on SQLite and PostgreSQL:
exactly one wins each version, the others are told of the conflict, nothing is lost."""

from __future__ import annotations

import multiprocessing
import queue
import threading
import uuid
from collections import Counter

from domain.problem import Problem
from domain.vocabulary import Category, Source
from taizhang.application import Taizhang
from taizhang.commands.problems import DeadlineRequest
from taizhang.settings import Settings
from tests.durability.contenders import contend, contend_in_process


def assigned_problem(app: Taizhang) -> uuid.UUID:
    village = app.register_village("东沟村", "v01", "admin")
    problem = app.register_problem(
        Source.TOWNSHIP_PATROL, Category.PLASTIC_LITTER, village.id, "村口", "白色垃圾", "clerk"
    )
    app.assign_problem(problem.id, DeadlineRequest(working_days=5), "clerk")
    return problem.id


def check_outcomes(
    app: Taizhang, pid: uuid.UUID, start_version: int, results: list[tuple], writers: int, rounds: int
) -> None:
    assert len(results) == writers * rounds
    winners = Counter(r[0] for r in results if r[2] == "won")
    assert winners == Counter(dict.fromkeys(range(rounds), 1)), "exactly one writer wins each round"
    won_versions = sorted(r[4] for r in results if r[2] == "won")
    assert won_versions == list(range(start_version + 1, start_version + rounds + 1))
    problem = app.problem(pid)
    assert problem.version == start_version + rounds
    history = [e for e in app.repository.event_store.get(pid) if isinstance(e, Problem.DeadlineExtended)]
    winners_by_round = {r[0]: r[1] for r in results if r[2] == "won"}
    assert [e.reason for e in history] == [f"round {n} writer {winners_by_round[n]}" for n in range(rounds)]


def test_threads_race_on_one_problem(app: Taizhang) -> None:
    pid = assigned_problem(app)
    start = app.problem(pid).version
    writers, rounds = 8, 10
    barrier, results = threading.Barrier(writers), queue.Queue()
    threads = [threading.Thread(target=contend, args=(app, pid, k, rounds, barrier, results)) for k in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    check_outcomes(app, pid, start, [results.get_nowait() for _ in range(results.qsize())], writers, rounds)


def test_processes_race_on_one_problem(app: Taizhang, settings: Settings) -> None:
    pid = assigned_problem(app)
    start = app.problem(pid).version
    writers, rounds = 4, 6
    context = multiprocessing.get_context("spawn")
    barrier, results, start_up = context.Barrier(writers), context.Queue(), context.Lock()
    fields = settings.model_dump(mode="json", exclude_unset=False)
    processes = [
        context.Process(target=contend_in_process, args=(fields, str(pid), k, rounds, barrier, results, start_up))
        for k in range(writers)
    ]
    for p in processes:
        p.start()
    collected = []
    while len(collected) < writers * rounds:
        outcome = results.get(timeout=180)
        assert outcome[2] != "error", f"writer {outcome[1]} failed: {outcome[3]}"
        collected.append(outcome)
    for p in processes:
        p.join(60)
        assert p.exitcode == 0
    check_outcomes(app, pid, start, collected, writers, rounds)
