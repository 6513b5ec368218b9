"""Year-end assessment on the villages answered for, frozen once the year is closed; bulletins regenerate exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from domain.assessment.errors import PeriodNotClosed
from domain.assessment.values import Month
from domain.errors import AlreadyExists
from domain.vocabulary import Role, UnitKind
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from tests.assessment.township import found, patrol, township


def test_a_cadre_who_moved_villages_is_assessed_on_each_for_their_months(app: Taizhang, clock: SimulatedClock) -> None:
    t = township(app)
    _, first = app.take_role(t.contact, Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, t.east, date(2023, 1, 1), "admin")
    app.end_role(t.contact, first, date(2023, 2, 28), "调任西岭村", "admin")
    app.take_role(t.contact, Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, t.west, date(2023, 3, 1), "admin")
    clock.set(datetime(2023, 3, 25, tzinfo=UTC))
    for day in (date(2023, 1, 10), date(2023, 1, 17), date(2023, 2, 7), date(2023, 2, 14)):
        patrol(app, t, day)  # east ranked first in Jan and Feb (west has no patrols: unranked)
    for day in (date(2023, 3, 7), date(2023, 3, 14)):
        patrol(app, t, day, t.west, False)  # west ranked first in March
    clock.set(datetime(2023, 4, 2, tzinfo=UTC))
    for month in (1, 2, 3):
        app.close_month(Month(2023, month), "office")
    [assessment] = [a for a in app.year_end_assessment(2023) if a.person_name == "王建国"]
    assert [(str(e.month), e.village_name, e.rank) for e in assessment.entries] == [
        ("2023-01", "东沟村", 1), ("2023-02", "东沟村", 1), ("2023-03", "西岭村", 1),
    ]
    assert assessment.points == D("10.00") and assessment.rule_version_ids == ("2023-01",)
    assert "2023-04" in assessment.months_not_closed


def test_a_published_bulletin_regenerates_byte_for_byte_after_later_changes(
    app: Taizhang, clock: SimulatedClock
) -> None:
    t = township(app)
    clock.set(datetime(2023, 3, 25, tzinfo=UTC))
    ids = [patrol(app, t, date(2023, m, d), None, True, found("bins")).id for m in (1, 2, 3) for d in (6, 13)]
    clock.set(datetime(2023, 4, 2, tzinfo=UTC))
    for month in (1, 2, 3):
        app.close_month(Month(2023, month), "office")
    _, text = app.publish_bulletin(2023, 1, "office", {})
    assert "第一季度通报" in text and "东沟村" in text and "李娟 90.00 分 优秀" in text
    app.correct_patrol(ids[0], [], "复核", "office")
    app.register_village("南湾村", "v03", "admin")
    regenerated = app.regenerate_bulletin(2023, 1)
    assert regenerated.encode() == text.encode()
    from domain.assessment.bulletin import bulletin_sha256

    assert bulletin_sha256(regenerated) == app.bulletin(2023, 1).text_sha256


def test_the_year_end_assessment_is_frozen_once_every_month_is_closed_and_regenerates_after_late_entries(
    app: Taizhang, clock: SimulatedClock
) -> None:
    t = township(app)
    _, contact_role = app.take_role(
        t.contact, Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, t.east, date(2023, 1, 1), "admin"
    )
    clock.set(datetime(2023, 3, 25, tzinfo=UTC))
    patrol(app, t, date(2023, 1, 10))
    patrol(app, t, date(2023, 1, 17))  # east first in January; unranked (too few patrols) in every other month
    clock.set(datetime(2024, 1, 3, tzinfo=UTC))
    for month in range(1, 12):
        app.close_month(Month(2023, month), "office")
    before = app.recorder.max_notification_id()
    with pytest.raises(PeriodNotClosed, match="2023-12"):
        app.freeze_year_end(2023, "office")
    assert app.recorder.max_notification_id() == before
    app.close_month(Month(2023, 12), "office")
    app.freeze_year_end(2023, "office")
    frozen = app.year_end_record(2023)
    assert frozen.content_digest() == frozen.digest
    [contact] = [a for a in frozen.assessments if a["person_name"] == "王建国"]
    assert contact["points"] == "6.33" and len(contact["entries"]) == 12  # (10 + 11 × 6) / 12
    with pytest.raises(AlreadyExists):
        app.freeze_year_end(2023, "office")
    # a late entry: the contact's assignment is found to have ended in June
    app.end_role(t.contact, contact_role, date(2023, 6, 30), "补录：7 月起调往县里", "admin")
    [now] = [a for a in app.year_end_assessment(2023) if a.person_name == "王建国"]
    assert len(now.entries) == 6 and now.points == D("6.67")  # (10 + 5 × 6) / 6
    assert [a.as_record() for a in app.regenerate_year_end(2023)] == app.year_end_record(2023).assessments
