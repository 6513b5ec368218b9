"""Commands read less but refuse the same: villages remembered once read, holiday notices read by the year."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from domain.errors import CalendarYearUnknown, InvalidInput, NotFound
from domain.vocabulary import Category, Source, UnitKind
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest


def register(app: Taizhang, village: uuid.UUID, group: uuid.UUID | None = None) -> uuid.UUID:
    return app.register_problem(
        Source.TOWNSHIP_PATROL, Category.PLASTIC_LITTER, village, "村口", "塑料袋散落", "clerk", group_id=group
    ).id


def test_a_group_added_by_another_process_is_seen_by_one_that_read_the_village_before(settings, clock) -> None:
    here = build_app(settings, clock)
    here.init_store("simulation", "示例镇", "demo", "admin")
    village = here.register_village("东沟村", "v01", "admin").id
    register(here, village)  # this process has now read (and remembers) the village without groups
    elsewhere = build_app(settings, clock)
    (_, group) = elsewhere.add_group(village, "一组", "admin")
    problem = register(here, village, group)
    assert here.problem(problem).group_id == group
    here.assign_problem(problem, DeadlineRequest(working_days=3), "clerk", unit_kind=UnitKind.GROUP, unit_id=group)
    assert here.problem(problem).unit_id == group
    with pytest.raises(InvalidInput):
        register(here, village, uuid.uuid4())
    with pytest.raises(NotFound):
        register(here, uuid.uuid4())
    elsewhere.close()
    here.close()


def test_a_deadline_that_runs_into_next_year_uses_next_years_notice(settings) -> None:
    app = build_app(settings, SimulatedClock(datetime(2030, 12, 20, 1, tzinfo=UTC)))
    app.init_store("simulation", "示例镇", "demo", "admin")
    village = app.register_village("东沟村", "v01", "admin").id
    first, second = register(app, village), register(app, village)
    app.record_holiday_notice(2030, [date(2030, 12, 25)], [], "国办发明电〔2029〕X号", "clerk")
    # Within 2030 the count needs only 2030's notice: Fri 20 Dec + 23, 24, 26, 27 (25th off).
    app.assign_problem(first, DeadlineRequest(working_days=4), "clerk")
    assert app.problem(first).deadline.due == date(2030, 12, 27)
    with pytest.raises(CalendarYearUnknown) as refusal:
        app.assign_problem(second, DeadlineRequest(working_days=8), "clerk")
    assert "2031" in str(refusal.value)
    app.record_holiday_notice(2031, [date(2031, 1, 1), date(2031, 1, 2)], [], "国办发明电〔2030〕X号", "clerk")
    # 23, 24, 26, 27, 30, 31 Dec; 1 and 2 Jan off; Fri 3 and Mon 6 Jan.
    app.assign_problem(second, DeadlineRequest(working_days=8), "clerk")
    assert app.problem(second).deadline.due == date(2031, 1, 6)
    app.close()
