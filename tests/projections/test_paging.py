"""Answers kept cheap at scale stay exact: the ledger's running total as of any position, overdue a page at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.errors import InvalidInput
from domain.vocabulary import Category, Source, Stage, VoidKind
from projections import queries
from projections.provenance import overdue_ref, provenance
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest


def register(app: Taizhang, village_id, n: int):
    return app.register_problem(list(Source)[n % 3], list(Category)[n % 4], village_id, "村口", "垃圾", "clerk").id


def test_the_whole_ledgers_total_as_of_every_position_equals_a_count_of_its_rows(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    problems = []
    for n in range(6):
        clock.advance(hours=5)
        problems.append(register(app, village, n))
        app.assign_problem(problems[-1], DeadlineRequest(due=clock.now().date() + timedelta(days=3)), "clerk")
    app.void_problem(problems[2], VoidKind.MISTAKE, "误登", "clerk")
    projector.catch_up()
    every_stage = {"stage": [s.value for s in Stage]}  # a filter that keeps every row, so the rows are counted
    totals = []
    for position in range(projector.head() + 1):
        cheap = queries.ledger(projector.store, as_of=position).total
        counted = queries.ledger(projector.store, where=every_stage, as_of=position).total
        assert cheap == counted
        totals.append(cheap)
    assert totals[0] == 0 and totals[-1] == 6 and totals == sorted(totals)


def test_overdue_comes_a_page_at_a_time_longest_overdue_first_as_the_whole_list_would(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    start = clock.now().date()
    for n in range(7):
        pid = register(app, village, n)
        app.assign_problem(pid, DeadlineRequest(due=start + timedelta(days=n % 4)), "clerk")
    done = register(app, village, 9)
    app.assign_problem(done, DeadlineRequest(due=start), "clerk")
    clock.advance(days=10)
    app.void_problem(done, VoidKind.MISTAKE, "误登", "clerk")
    app.register_village("西沟村", "v02", "admin")  # a last event that leaves the ledger as it was
    projector.catch_up()
    today = clock.now().date()
    whole = queries.overdue(projector.store, today).rows
    assert len(whole) == 7 and [r["deadline"] for r in whole] == sorted(r["deadline"] for r in whole)
    paged = [
        r for offset in range(0, 8, 3) for r in queries.overdue(projector.store, today, limit=3, offset=offset).rows
    ]
    assert [r["problem_id"] for r in paged] == [r["problem_id"] for r in whole]
    # Judged as of the position before the last (the general versions-in-force path), the same list.
    as_of_head = queries.overdue(projector.store, today, as_of=projector.head() - 1).rows
    assert [r["problem_id"] for r in as_of_head] == [r["problem_id"] for r in whole]
    before = queries.overdue(projector.store, start + timedelta(days=1)).rows
    assert {r["deadline"] for r in before} == {start.isoformat()} and len(before) == 3  # the voided one was open then
    behind_today = provenance(projector.store, overdue_ref(today))  # the current-rows path, expanded
    assert behind_today.problems == 7 and behind_today.total_events == 14
    with pytest.raises(InvalidInput):
        queries.overdue(projector.store, today, limit=0)
    assert date.fromisoformat(whole[0]["deadline"]) == start
