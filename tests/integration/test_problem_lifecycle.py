"""The whole problem lifecycle, the same body on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.acts import Evidence, Resources
from domain.errors import (
    CalendarYearUnknown,
    ConcurrentChange,
    NotFound,
    OccurredInFuture,
    SelfVerificationForbidden,
    StageNotAllowed,
)
from domain.vocabulary import Category, Source, Stage, VoidKind
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest

PHOTO = Evidence("a" * 64, "after.jpg", "image/jpeg")


def registered(app: Taizhang) -> tuple[uuid.UUID, uuid.UUID]:
    village = app.register_village("东沟村", "v01", "admin")
    problem = app.register_problem(
        Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, village.id, "村口", "路边堆放生活垃圾", "clerk", evidence=[PHOTO]
    )
    return village.id, problem.id


def test_a_problem_goes_from_registration_to_closing(app: Taizhang, clock: SimulatedClock) -> None:
    _, pid = registered(app)
    app.assign_problem(pid, DeadlineRequest(working_days=5), "clerk")
    assert app.problem(pid).deadline.due == date(2023, 3, 8)
    clock.advance(days=2)
    app.extend_deadline(pid, DeadlineRequest(due=date(2023, 3, 15)), "雨天无法清运", "leader", "clerk")
    clock.advance(days=1)
    resources = Resources(labour_person_times=12, machinery_unit_times=2, tonnes_cleared=Decimal("3.5"))
    app.report_rectification(pid, "已清运", [PHOTO], resources, "cadre")
    clock.advance(hours=2)
    app.pass_verification(pid, "clerk")
    outcome = app.close_problem(pid, "clerk")
    problem = app.problem(pid)
    assert problem.stage == Stage.CLOSED
    assert problem.closed_on_time is True
    assert outcome.version == 6 and outcome.position > 0
    app.reopen_problem(pid, "复查发现反弹", DeadlineRequest(working_days=3), "clerk")
    assert app.problem(pid).reopen_count == 1


def test_the_rectifier_may_not_verify_their_own_work(app: Taizhang) -> None:
    _, pid = registered(app)
    app.assign_problem(pid, DeadlineRequest(working_days=5), "clerk")
    app.report_rectification(pid, "已清运", [PHOTO], Resources(), "cadre")
    with pytest.raises(SelfVerificationForbidden):
        app.pass_verification(pid, "cadre")
    app.send_back(pid, "照片看不清", "clerk")
    assert app.problem(pid).stage == Stage.ASSIGNED


def test_refusals_leave_nothing_written(app: Taizhang, clock: SimulatedClock) -> None:
    _, pid = registered(app)
    before = app.recorder.max_notification_id()
    with pytest.raises(StageNotAllowed):
        app.close_problem(pid, "clerk")
    with pytest.raises(OccurredInFuture):
        app.assign_problem(pid, DeadlineRequest(working_days=5), "clerk", occurred_at=clock.now() + timedelta(days=1))
    with pytest.raises(NotFound):
        app.assign_problem(uuid.uuid4(), DeadlineRequest(working_days=5), "clerk")
    assert app.recorder.max_notification_id() == before


def test_a_stale_version_is_a_conflict(app: Taizhang) -> None:
    _, pid = registered(app)
    with pytest.raises(ConcurrentChange):
        app.assign_problem(pid, DeadlineRequest(working_days=5), "clerk", expected_version=0)


def test_concurrent_writers_conflict_instead_of_overwriting(settings, clock: SimulatedClock) -> None:
    first = build_app(settings, clock)
    first.init_store("simulation", "示例镇", "demo", "admin")
    _, pid = registered(first)
    second = build_app(settings, clock)
    a, b = first.problem(pid), second.problem(pid)
    a.assign(*_village_unit(a), deadline=_deadline(), act=first.act("clerk"))
    b.assign(*_village_unit(b), deadline=_deadline(), act=second.act("clerk2"))
    first.record(a)
    with pytest.raises(ConcurrentChange):
        second.record(b)
    assert first.problem(pid).version == 2
    first.close()
    second.close()


def test_a_working_day_deadline_in_an_unannounced_year_is_refused(settings) -> None:
    clock = SimulatedClock(datetime(2030, 12, 20, 1, tzinfo=UTC))
    app = build_app(settings, clock)
    app.init_store("simulation", "示例镇", "demo", "admin")
    _, pid = registered(app)
    with pytest.raises(CalendarYearUnknown) as refusal:
        app.assign_problem(pid, DeadlineRequest(working_days=5), "clerk")
    assert "2030" in str(refusal.value)
    app.record_holiday_notice(2030, [date(2030, 12, 25)], [], "国办发明电〔2029〕X号", "clerk")
    app.record_holiday_notice(2031, [date(2031, 1, 1)], [], "国办发明电〔2030〕X号", "clerk")
    app.assign_problem(pid, DeadlineRequest(working_days=5), "clerk")
    # 20 Dec 2030 is a Friday: 23, 24, 26, 27 Dec (25th a holiday), 30 Dec.
    assert app.problem(pid).deadline.due == date(2030, 12, 30)
    app.close()


def test_a_duplicate_is_voided_with_a_link_never_deleted(app: Taizhang) -> None:
    vid, original = registered(app)
    dup = app.register_problem(Source.COUNTY_FEEDBACK, Category.INFORMAL_DUMP, vid, "村口", "同一处", "clerk").id
    app.void_problem(dup, VoidKind.DUPLICATE, "与航拍点重复", "clerk", original_id=original)
    voided = app.problem(dup)
    assert voided.stage == Stage.VOIDED and voided.original_id == original


def _village_unit(problem):
    from domain.vocabulary import UnitKind

    return UnitKind.VILLAGE, problem.village_id


def _deadline():
    from domain.problem import Deadline

    return Deadline(date(2023, 3, 31))
