"""The Account aggregate: access roles, village scope, and what its events never carry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from domain.account import AccessRole, Account
from domain.acts import Act
from domain.errors import InvalidInput, ReasonRequired, StageNotAllowed
from domain.people import Person
from domain.vocabulary import Role, UnitKind

NOW = datetime(2023, 3, 1, 9, tzinfo=UTC)
ACT = Act("admin", NOW, NOW)
VILLAGE = uuid.uuid4()


def cadre_person() -> Person:
    li = Person.enrol("李", "", ACT)
    li.take_role(Role.VILLAGE_CADRE, UnitKind.VILLAGE, VILLAGE, NOW.date(), ACT)
    return li


def test_a_cadre_account_is_scoped_to_one_village_and_others_to_none() -> None:
    with pytest.raises(InvalidInput):
        Account.open("li.cadre", "", AccessRole.VILLAGE_CADRE, None, ACT)
    with pytest.raises(InvalidInput):
        Account.open("wang.office", "", AccessRole.ENVIRONMENT_OFFICE, VILLAGE, ACT)
    cadre = Account.open("li.cadre", "李", AccessRole.VILLAGE_CADRE, VILLAGE, ACT, cadre_person())
    assert cadre.village_id == VILLAGE and cadre.id == Account.id_for("li.cadre")


@pytest.mark.parametrize("username", ["ab", "Upper", "has space", "x" * 33, "-lead"])
def test_usernames_are_short_lowercase_words(username: str) -> None:
    with pytest.raises(InvalidInput):
        Account.open(username, "", AccessRole.INSPECTOR, None, ACT)


def test_access_changes_need_a_reason_and_a_disabled_account_changes_no_more() -> None:
    account = Account.open("li.cadre", "", AccessRole.VILLAGE_CADRE, VILLAGE, ACT, cadre_person())
    with pytest.raises(ReasonRequired):
        account.change_access(AccessRole.INSPECTOR, None, " ", ACT)
    account.change_access(AccessRole.INSPECTOR, None, "调任纪检", ACT)
    assert account.access_role == AccessRole.INSPECTOR and account.village_id is None
    account.disable("离职", ACT)
    with pytest.raises(StageNotAllowed):
        account.record_password_change(ACT)


def test_a_password_change_records_who_changed_it_and_no_secret() -> None:
    account = Account.open("li.cadre", "", AccessRole.VILLAGE_CADRE, VILLAGE, ACT, cadre_person())
    account.record_password_change(Act("li.cadre", NOW, NOW))
    account.record_password_change(ACT)
    changes = [e for e in account.collect_events() if isinstance(e, Account.PasswordChanged)]
    assert [e.by_reset for e in changes] == [False, True]
    assert set(changes[0].__dict__) == {
        "originator_id",
        "originator_version",
        "timestamp",
        "actor",
        "occurred_at",
        "by_reset",
    }
