"""The ledger fold alone: events in, rows out, no database."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.acts import Act, Evidence, Resources
from domain.problem import Deadline, Problem
from domain.vocabulary import Category, Source, UnitKind
from projections.ledger_fold import fold

T0 = datetime(2023, 3, 1, 1, tzinfo=UTC)
PHOTO = Evidence("b" * 64)


def act(actor: str, hours: float) -> Act:
    moment = T0 + timedelta(hours=hours)
    return Act(actor, moment, moment)


def lifecycle() -> Problem:
    p = Problem.register(
        Source.PUBLIC_REPORT, Category.OLD_GARBAGE, uuid.uuid4(), "河边", "陈年垃圾", [], act("clerk", 0)
    )
    p.assign(UnitKind.VILLAGE, p.village_id, Deadline(date(2023, 3, 3)), act("clerk", 1))
    p.report_rectification("清运", [PHOTO], Resources(5, 1, Decimal("2.5"), 0), act("cadre", 2))
    p.send_back("照片不清", act("clerk", 3))
    p.report_rectification("再次清运", [PHOTO], Resources(3, 0, Decimal("0.75"), 1), act("cadre", 4))
    p.pass_verification(act("clerk", 5))
    p.close(act("clerk", 100))
    return p


def test_the_fold_follows_every_stage_and_freezes_the_closing_result() -> None:
    row = None
    for position, event in enumerate(lifecycle().collect_events(), start=10):
        row = fold(row, event, position)
    assert row is not None
    assert row.stage == "closed" and row.is_open == 0
    assert row.sent_back_count == 1 and row.rectification_count == 2
    assert (row.labour_person_times, row.machinery_unit_times, row.buildings_demolished) == (8, 1, 1)
    assert row.tonnes_cleared == Decimal("3.25")
    assert row.closed_on_time == 0 and row.closed_deadline == "2023-03-03"
    assert row.closed_at.startswith("2023-03-05 05:00") and row.registered_at.startswith("2023-03-01 01:00")
    assert row.valid_from_pos == 16 and row.version == 7 and row.last_actor == "clerk"


def test_the_fold_is_pure() -> None:
    events = lifecycle().collect_events()
    first = fold(None, events[0], 1)
    second = fold(first, events[1], 2)
    assert first.stage == "registered" and second.stage == "assigned"
    assert fold(None, events[0], 1) == first


def test_an_event_of_an_unregistered_problem_is_refused() -> None:
    events = lifecycle().collect_events()
    with pytest.raises(ValueError, match="never registered"):
        fold(None, events[1], 2)
