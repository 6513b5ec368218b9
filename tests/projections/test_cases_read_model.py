"""Accountability cases are a read model like the others: caught up in small batches they equal a rebuild, as of
any position each case stands at the step it had reached then, and each case names the events behind it. The
same body on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from domain.cases.case import AccountabilityCase
from domain.cases.triggers import Trigger, TriggerKind
from domain.errors import InvalidInput, NotFound
from projections.cases import CaseQueries
from projections.rebuild import rebuild
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from tests.projections.helpers import contents

SECRETARY = {"person_id": "00000000-0000-0000-0000-00000000000a", "name": "潘晓", "role": "village_secretary"}


def trigger(n: int) -> Trigger:
    return Trigger(f"overdue:2023-03-{10 + n}:v{n}", TriggerKind.OVERDUE, None, date(2023, 3, 1),
                   f"第 {n} 村 3 个问题逾期", (f"p{n}",))


def two_cases(app: Taizhang, clock: SimulatedClock) -> list[int]:
    """One case carried to its closing by a second inspector, another escalated twice; the head after each step."""
    marks = []

    def mark() -> None:
        clock.advance(hours=2)
        marks.append(app.recorder.max_notification_id() or 0)

    first = app.open_case(trigger(1), [SECRETARY], "inspector").id
    mark()
    second = app.open_case(trigger(2), [SECRETARY], "inspector").id
    mark()
    app.hold_interview(first, date(2023, 3, 1), ["潘晓"], "约谈村支部书记", [], "inspector")
    mark()
    app.make_commitment(first, "十日内整改到位", date(2023, 3, 20), "inspector")
    mark()
    app.escalate_case(second, "notice_criticism", "拒不整改", "inspector")
    mark()
    app.check_follow_up(first, True, "回访已整改", "inspector")
    mark()
    app.close_case(first, "承诺兑现，结案", "inspector2")
    mark()
    app.escalate_case(second, "county", "通报后仍未整改", "inspector")
    mark()
    return marks


def stages(queries: CaseQueries, as_of: int | None = None) -> list[str]:
    return [c.stage_text for c in queries.cases(as_of)[0]]


def test_each_case_as_of_each_position(app: Taizhang, clock: SimulatedClock, projector: Projector) -> None:
    marks = two_cases(app, clock)
    projector.catch_up()
    queries = CaseQueries(projector.store)
    assert stages(queries, 0) == []
    assert stages(queries, marks[0]) == ["已立案"]
    # newest first: the second case opened, then the first
    assert stages(queries, marks[2]) == ["已立案", "已约谈"]
    assert stages(queries, marks[4]) == ["已升级处理（通报批评）", "已承诺整改"]
    assert stages(queries, marks[6]) == ["已升级处理（通报批评）", "已结案"]
    assert stages(queries) == ["已升级处理（通报批评）（移送县级问责）", "已结案"]
    assert queries.open_by_village() == {}  # neither case names a village
    page = queries.page(limit=1, offset=1)
    assert page.total == 2 and [c.stage_text for c in page.cases] == ["已结案"]
    assert [c.stage_text for c in queries.cases(open_only=True)[0]] == ["已升级处理（通报批评）（移送县级问责）"]
    assert [c.stage_text for c in queries.cases(marks[5], open_only=True)[0]] == [
        "已升级处理（通报批评）", "已回访核查"]

    first, snap = queries.case(AccountabilityCase.id_for(trigger(1).key))
    assert [s.actor for s in first.steps] == ["inspector"] * 4 + ["inspector2"]
    events = queries.events(first.positions, snap)
    assert [e.event_type.removeprefix("AccountabilityCase.") for e in events] == [
        "Opened", "InterviewHeld", "CommitmentMade", "FollowUpChecked", "Closed"]
    assert [e.version for e in events] == [1, 2, 3, 4, 5] and {e.aggregate_id for e in events} == {first.case_id}
    # as of a moment before its closing, the same case cites only the events up to then
    then, snap_then = queries.case(first.case_id, marks[5])
    assert then.stage_text == "已回访核查" and then.positions == first.positions[:4]
    assert snap_then.position == marks[5] and not snap_then.latest
    with pytest.raises(NotFound):
        queries.case(first.case_id, marks[0] - 1)


def test_catching_up_in_small_batches_equals_a_rebuild(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    projector.batch_size = 2
    original = app.record
    app.record = lambda *a, **k: (_outcome := original(*a, **k), projector.catch_up())[0]  # type: ignore[method-assign]
    two_cases(app, clock)
    projector.catch_up()
    incremental = contents(projector)
    assert len(incremental["rm_case_steps"]) == 8  # two openings, four later steps of the first, two escalations
    assert len(incremental["rm_cases"]) == 8  # a version of its case for each
    assert sum(row[2] is None for row in incremental["rm_cases"]) == 2  # one current version per case
    cases = CaseQueries(projector.store).cases()[0]
    projector.batch_size = 1000
    rebuild(projector)
    assert contents(projector) == incremental
    assert CaseQueries(projector.store).cases()[0] == cases
    rebuild(projector, "cases", side_by_side=False)
    assert contents(projector) == incremental


def test_the_cases_read_model_must_exist_before_it_answers(app: Taizhang, projector: Projector) -> None:
    with projector.store.transaction() as tx:
        tx.execute("DELETE FROM rm_tracking WHERE name = 'cases'")
    with pytest.raises(InvalidInput, match="问责案件读模型尚未建立"):
        CaseQueries(projector.store).cases()


def test_the_kept_counts_equal_the_cases_counted_as_of_each_position(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    projector.batch_size = 3  # versions of one count made and ended within a batch and across batches
    east, west = (str(app.register_village(name, code, "clerk").id)
                  for name, code in (("东沟村", "v01"), ("西岭村", "v02")))
    marks = []
    opened = []
    for n, village in enumerate((east, east, west, east)):
        found = Trigger(f"overdue:2023-04-{10 + n}:{village}", TriggerKind.OVERDUE, village, date(2023, 4, 1),
                        f"第 {n} 起逾期", (f"p{n}",))
        opened.append(app.open_case(found, [SECRETARY], "inspector").id)
        clock.advance(hours=1)
        marks.append(app.recorder.max_notification_id() or 0)
    app.escalate_case(opened[1], "notice_criticism", "拒不整改", "inspector")  # escalated: still open
    for case in (opened[0], opened[2]):
        app.hold_interview(case, clock.now().date(), ["潘晓"], "约谈村支部书记", [], "inspector")
        app.make_commitment(case, "十日内整改到位", date(2023, 5, 5), "inspector")
        app.check_follow_up(case, True, "回访已整改", "inspector")
        marks.append(app.recorder.max_notification_id() or 0)
        app.close_case(case, "已整改，结案", "inspector2")
        marks.append(app.recorder.max_notification_id() or 0)
    projector.catch_up()
    queries = CaseQueries(projector.store)
    for mark in [0, *marks, None]:
        cases = queries.cases(mark)[0]
        still_open = [c for c in cases if c.stage_text != "已结案"]
        counted: dict[str, int] = {}
        for c in still_open:
            counted[str(c.village_id)] = counted.get(str(c.village_id), 0) + 1
        assert queries.open_by_village(mark) == counted, mark
        assert queries.page(mark, limit=1).total == len(cases)
        assert queries.page(mark, limit=1, open_only=True).total == len(still_open)
    assert queries.open_by_village() == {east: 2}


def test_a_cases_model_behind_the_moment_asked_answers_where_it_read(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    marks = two_cases(app, clock)
    projector.catch_up()
    rebuild(projector, "cases", side_by_side=False, stop=marks[1])  # the cases' model alone, part way
    queries = CaseQueries(projector.store)
    page = queries.page()
    assert page.snapshot.position == marks[1] < projector.head() and page.total == 2
    assert queries.case(AccountabilityCase.id_for(trigger(1).key))[1].position == marks[1]
