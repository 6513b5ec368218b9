"""The red flags are a read model like the others: caught up in small batches they equal a rebuild, as of any
moment they are the flags of the record then (with the thresholds then in force), and a review stays from its
position on. The same body on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from domain.acts import Evidence, Resources
from domain.flags.thresholds import FlagThresholds
from domain.vocabulary import Category, Source
from projections.flags import FlagFilter, FlagQueries
from projections.rebuild import rebuild
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from taizhang.demo.rulebook import RULES_2023, RULES_JULY_2023
from taizhang.inspection import review_flag
from tests.projections.helpers import contents


def photo(name: str) -> Evidence:
    return Evidence(uuid.uuid5(uuid.NAMESPACE_URL, name).hex * 2, f"{name}.jpg", "image/jpeg")


def a_spring_of_flags(app: Taizhang, clock: SimulatedClock) -> list[int]:
    """A reused photo, a problem extended three times; then a rule version that allows five extensions."""
    marks = []
    app.adopt_rules(RULES_2023, "clerk")
    village = app.register_village("东沟村", "v01", "clerk").id
    problems = [
        app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, village, f"{n} 号点", "路边堆放垃圾",
                             "clerk", evidence=[photo(f"before-{n}")]).id
        for n in range(2)
    ]
    for pid in problems:
        app.assign_problem(pid, DeadlineRequest(working_days=5), "clerk")
    clock.advance(days=1)
    for pid in problems:
        app.report_rectification(pid, "已清运", [photo("after")], Resources(), "cadre")
    marks.append(app.recorder.max_notification_id() or 0)
    for n in range(3):
        clock.advance(days=2)
        app.extend_deadline(problems[0], DeadlineRequest(working_days=10 + 5 * n), "雨天", "leader", "clerk")
    marks.append(app.recorder.max_notification_id() or 0)
    clock.advance(days=120)
    app.adopt_rules(replace(RULES_JULY_2023, red_flags=FlagThresholds(max_extensions=5)), "clerk")
    marks.append(app.recorder.max_notification_id() or 0)
    return marks


def kinds(queries: FlagQueries, as_of: int | None = None) -> list[str]:
    return sorted(f.kind.value for f in queries.flags(as_of, today=SPRING_YEAR_END)[0])


# The record's clock stands in 2023: "latest" asks for the flags of its year, not of the calendar's.
SPRING_YEAR_END = date(2023, 12, 31)


def test_flags_as_of_each_moment_under_the_thresholds_then(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    marks = a_spring_of_flags(app, clock)
    projector.catch_up()
    queries = FlagQueries(projector.store)
    assert kinds(queries, marks[0]) == ["reused_evidence"]
    assert kinds(queries, marks[1]) == ["repeated_extensions", "reused_evidence"]
    # July's rules allow five extensions: today's list drops the flag, the list as of spring still has it
    assert kinds(queries) == ["reused_evidence"]
    assert kinds(queries, marks[1]) == ["repeated_extensions", "reused_evidence"]
    [reused], snap = queries.flags(only=FlagFilter(kind="reused_evidence"), today=SPRING_YEAR_END)
    assert "2 个不同问题引用" in reused.reason and reused.people == ("cadre",)
    events = queries.events(reused.positions, snap)
    assert [e.event_type for e in events] == ["Problem.RectificationReported"] * 2


def test_a_dismissed_flag_stays_dismissed_from_that_moment(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    a_spring_of_flags(app, clock)
    projector.catch_up()
    queries = FlagQueries(projector.store)
    [reused], _ = queries.flags(today=SPRING_YEAR_END)
    before = app.recorder.max_notification_id() or 0
    clock.advance(hours=1)
    review_flag(app, projector.store, reused.key, "dismissed", "同一批次整改，现场核实照片为同一地点拍摄", "inspector")
    projector.catch_up()
    clock.advance(days=3)
    # the same photo cited once more: the flag's numbers grow, its review stands
    village = app.register_village("西岭村", "v02", "clerk").id
    third = app.register_problem(Source.PUBLIC_REPORT, Category.GARBAGE_BURNING, village, "河边", "焚烧垃圾",
                                 "clerk").id
    app.assign_problem(third, DeadlineRequest(working_days=5), "clerk")
    app.report_rectification(third, "已处理", [photo("after")], Resources(), "cadre")
    projector.catch_up()
    [now], _ = queries.flags(today=SPRING_YEAR_END)
    assert "3 个不同问题引用" in now.reason
    assert now.status == "dismissed" and now.review is not None and now.review.reviewer == "inspector"
    [then], _ = queries.flags(before, today=SPRING_YEAR_END)
    assert then.status == "open"
    assert queries.flags(only=FlagFilter(status="open"), today=SPRING_YEAR_END)[0] == []


def test_catching_up_in_small_batches_equals_a_rebuild(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    projector.batch_size = 2
    original = app.record
    app.record = lambda *a, **k: (_outcome := original(*a, **k), projector.catch_up())[0]  # type: ignore[method-assign]
    a_spring_of_flags(app, clock)
    clock.advance(hours=1)
    projector.catch_up()
    incremental = contents(projector)
    assert len(incremental["rm_flag_facts"]) == 11  # two adoptions, two problems of three steps, three extensions
    flags = FlagQueries(projector.store).flags(today=SPRING_YEAR_END)[0]
    projector.batch_size = 1000
    rebuild(projector)
    assert contents(projector) == incremental
    assert FlagQueries(projector.store).flags(today=SPRING_YEAR_END)[0] == flags
