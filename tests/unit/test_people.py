"""What someone was on a given day decides pay and audit."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from domain.acts import Act
from domain.errors import InvalidInput, RoleNotHeld
from domain.people import Person
from domain.vocabulary import Role, UnitKind

NOW = datetime(2023, 12, 31, tzinfo=UTC)
ACT = Act("admin", NOW, NOW)


def test_a_cadre_who_moved_villages_is_found_in_each_for_their_months() -> None:
    east, west = uuid.uuid4(), uuid.uuid4()
    person = Person.enrol("王建国", "13800000000", ACT)
    first = person.take_role(Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, east, date(2023, 1, 1), ACT)
    person.end_role(first, date(2023, 6, 30), "调任", ACT)
    person.take_role(Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, west, date(2023, 7, 1), ACT)
    assert [a.unit_id for a in person.roles_on(date(2023, 3, 1))] == [east]
    assert [a.unit_id for a in person.roles_on(date(2023, 9, 1))] == [west]
    assert person.roles_on(date(2022, 12, 31)) == []


def test_a_role_cannot_be_taken_twice_or_ended_twice() -> None:
    village = uuid.uuid4()
    person = Person.enrol("李娟", "", ACT)
    number = person.take_role(Role.CLEANER, UnitKind.VILLAGE, village, date(2023, 1, 1), ACT, area="一组至三组")
    with pytest.raises(InvalidInput):
        person.take_role(Role.CLEANER, UnitKind.VILLAGE, village, date(2023, 2, 1), ACT)
    person.end_role(number, date(2023, 3, 31), "辞职", ACT)
    with pytest.raises(RoleNotHeld):
        person.end_role(number, date(2023, 4, 30), "辞职", ACT)


def test_a_role_is_held_in_the_right_kind_of_unit() -> None:
    person = Person.enrol("赵刚", "", ACT)
    with pytest.raises(InvalidInput):
        person.take_role(Role.ENVIRONMENT_OFFICE, UnitKind.VILLAGE, uuid.uuid4(), date(2023, 1, 1), ACT)


def test_an_act_may_not_occur_in_the_future() -> None:
    from domain.errors import OccurredInFuture

    with pytest.raises(OccurredInFuture):
        Act("admin", NOW, NOW.replace(year=2024))
