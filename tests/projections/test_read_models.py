"""The ledger, counts, overdue and provenance on both stores, current and as of a past moment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.acts import Evidence, Resources
from domain.vocabulary import Category, Source, VoidKind
from projections import queries
from projections.provenance import overdue_ref, problem_ref, provenance
from projections.runner import Projector
from projections.snapshot import Period
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest

PHOTO = Evidence("a" * 64)
MARCH = Period.days(date(2023, 3, 1), date(2023, 3, 31))


def closed_problem(app: Taizhang, clock: SimulatedClock, village_id, due: date):
    pid = app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, village_id, "村口", "垃圾", "clerk").id
    app.assign_problem(pid, DeadlineRequest(due=due), "clerk")
    clock.advance(days=1)
    app.report_rectification(pid, "已清运", [PHOTO], Resources(12, 2, Decimal("3.5")), "cadre")
    app.pass_verification(pid, "clerk")
    app.close_problem(pid, "clerk")
    return pid


def test_the_ledger_shows_each_problem_with_its_stages(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    pid = closed_problem(app, clock, village, date(2023, 3, 10))
    projector.catch_up()
    page = queries.ledger(projector.store, where={"village_id": str(village)})
    assert page.total == 1
    row = page.rows[0]
    assert row["problem_id"] == str(pid) and row["stage"] == "closed" and row["closed_on_time"] is True
    assert row["closed_deadline"] == "2023-03-10" and row["tonnes_cleared"] == Decimal("3.5")
    assert row["registered_at"] and row["assigned_at"] and row["verified_at"] and row["closed_at"]
    counted = queries.counts(projector.store, ["village_id", "stage"], MARCH)
    assert [(r.key["stage"], r.count, r.labour_person_times) for r in counted.rows] == [("closed", 1, 12)]
    close_times = queries.time_to_close(projector.store, ["category"])
    assert close_times.rows[0].count == 1 and 0.99 < close_times.rows[0].median_days < 1.01


def test_a_late_entry_and_a_correction_recorded_after_as_of_leave_the_as_of_answer_unchanged(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    first = app.register_problem(Source.TOWNSHIP_PATROL, Category.FIVE_PILES, village, "一组", "柴堆", "clerk").id
    clock.advance(days=1)
    then = clock.now()
    clock.advance(days=10)
    # Found on 2 March, recorded on 12 March; and the first registration voided as a mistake.
    app.register_problem(
        Source.TOWNSHIP_PATROL, Category.FIVE_PILES, village, "二组", "粪堆", "clerk", occurred_at=then
    )
    app.void_problem(first, VoidKind.MISTAKE, "重复巡查误登", "clerk")
    projector.catch_up()
    past = queries.counts(projector.store, ["stage"], MARCH, as_of=then)
    assert [(r.key["stage"], r.count) for r in past.rows] == [("registered", 1)]
    now = queries.counts(projector.store, ["stage"], MARCH)
    assert [(r.key["stage"], r.count) for r in now.rows] == [("registered", 1)]  # the voided one is not counted
    with_voided = queries.counts(projector.store, ["stage"], MARCH, include_voided=True)
    assert [(r.key["stage"], r.count) for r in with_voided.rows] == [("registered", 1), ("voided", 1)]
    assert queries.ledger(projector.store, as_of=then).total == 1
    # The past answer's provenance lists only what was recorded by then.
    events = provenance(projector.store, past.rows[0].ref).events
    assert [e.event_type for e in events] == ["Problem.Registered"] and events[0].aggregate_id == str(first)


def test_counts_take_the_problems_the_summary_takes_voided_only_when_asked_and_closed_only_while_closed(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    kept = closed_problem(app, clock, village, date(2023, 3, 10))
    reopened = closed_problem(app, clock, village, date(2023, 3, 10))
    app.reopen_problem(reopened, "复查又见垃圾", DeadlineRequest(due=date(2023, 3, 20)), "clerk")
    mistaken = app.register_problem(Source.SATELLITE, Category.RUINED_WALLS, village, "三组", "残墙", "clerk").id
    app.void_problem(mistaken, VoidKind.MISTAKE, "误登", "clerk")
    projector.catch_up()

    def counted(**asked) -> list[tuple[str, int]]:
        found = queries.counts(projector.store, ["stage"], MARCH, **asked)
        return [(r.key["stage"], r.count) for r in found.rows]

    assert counted() == [("closed", 1), ("reopened", 1)]
    assert counted(include_voided=True) == [("closed", 1), ("reopened", 1), ("voided", 1)]
    assert counted(where={"stage": ["voided"]}) == [("voided", 1)]
    assert counted(basis="voided") == [("voided", 1)]
    assert counted(where={"stage": ["reopened", "registered"]}) == [("reopened", 1)]
    # By closing: the reopened problem is not closed until it is closed again.
    closing = queries.counts(projector.store, ["stage"], MARCH, basis="closed")
    assert [(r.key["stage"], r.count) for r in closing.rows] == [("closed", 1)]
    assert [e.aggregate_id for e in provenance(projector.store, closing.rows[0].ref).events] == [str(kept)] * 5


def test_overdue_is_judged_on_the_occurred_day_and_the_deadline_day_is_on_time(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    pid = app.register_problem(Source.SATELLITE, Category.RUINED_WALLS, village, "三组", "残墙", "clerk").id
    app.assign_problem(pid, DeadlineRequest(due=date(2023, 3, 3)), "clerk")
    clock.advance(days=5)  # 6 March
    app.report_rectification(pid, "已拆除", [PHOTO], Resources(buildings_demolished=1), "cadre")
    app.pass_verification(pid, "clerk")
    app.close_problem(pid, "clerk")
    projector.catch_up()
    overdue_on = lambda day: [r["problem_id"] for r in queries.overdue(projector.store, day).rows]  # noqa: E731
    assert overdue_on(date(2023, 3, 3)) == []
    assert overdue_on(date(2023, 3, 4)) == [str(pid)] == overdue_on(date(2023, 3, 5))
    assert overdue_on(date(2023, 3, 6)) == []
    closed = queries.ledger(projector.store).rows[0]
    assert closed["closed_on_time"] is False and closed["closed_deadline"] == "2023-03-03"
    behind = provenance(projector.store, overdue_ref(date(2023, 3, 4)))
    assert [e.event_type for e in behind.events] == ["Problem.Registered", "Problem.Assigned"]
    whole = provenance(projector.store, problem_ref(str(pid)))
    assert [e.version for e in whole.events] == [1, 2, 3, 4, 5] and whole.events[0].actor == "clerk"


def test_the_background_runner_lets_a_query_wait_for_a_command(app: Taizhang, projector: Projector) -> None:
    projector.start(poll_interval=0.01)
    village = app.register_village("东沟村", "v01", "admin").id
    outcome = app.register_problem(Source.PUBLIC_REPORT, Category.GARBAGE_BURNING, village, "村口", "焚烧", "clerk")
    assert projector.wait_for(outcome.position, timeout=10)
    assert queries.ledger(projector.store).rows[0]["problem_id"] == str(outcome.id)
    projector.stop()
    assert projector.wait_for(outcome.position + 1_000, timeout=0.05) is False


def test_two_runners_at_once_project_every_event_exactly_once(app: Taizhang, projector: Projector) -> None:
    import threading

    from projections.rebuild import rebuild
    from tests.projections.helpers import contents

    village = app.register_village("东沟村", "v01", "admin").id
    for n in range(30):
        app.register_problem(Source.PUBLIC_REPORT, Category.PLASTIC_LITTER, village, f"{n}号", "塑料袋", "clerk")
    other = Projector(app, projector.store.clone(), batch_size=5)
    threads = [threading.Thread(target=p.catch_up) for p in (projector, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    both = contents(projector)
    rebuild(projector)
    assert contents(projector) == both
    other.store.close()
    assert queries.ledger(projector.store).total == 30
