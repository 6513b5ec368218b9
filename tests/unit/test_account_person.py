"""An account names its person: required for cleaners and village cadres, refused for the wrong person."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from domain.account import AccessRole, Account
from domain.acts import Act
from domain.errors import InvalidInput, PersonRequired, ReasonRequired, RoleNotHeld, StageNotAllowed
from domain.people import Person
from domain.vocabulary import Role, UnitKind

NOW = datetime(2023, 3, 1, 9, tzinfo=UTC)
ACT = Act("admin", NOW, NOW)
VILLAGE = uuid.uuid4()


def person(name: str, *roles: Role) -> Person:
    someone = Person.enrol(name, "", ACT)
    for role in roles:
        kind = UnitKind.TOWNSHIP if role == Role.ENVIRONMENT_OFFICE else UnitKind.VILLAGE
        someone.take_role(role, kind, VILLAGE, date(2023, 1, 1), ACT)
    return someone


@pytest.mark.parametrize("role, village", [(AccessRole.CLEANER, None), (AccessRole.VILLAGE_CADRE, VILLAGE)])
def test_cleaner_and_cadre_accounts_must_name_their_person(role: AccessRole, village: uuid.UUID | None) -> None:
    with pytest.raises(PersonRequired) as refused:
        Account.open("chen.liang", "陈亮", role, village, ACT)
    assert "人员" in refused.value.zh and "person" in refused.value.en


def test_other_accounts_may_name_a_person_or_not() -> None:
    assert Account.open("wang.office", "", AccessRole.ENVIRONMENT_OFFICE, None, ACT).person_id is None
    clerk = person("王芳", Role.ENVIRONMENT_OFFICE)
    named = Account.open("wang.fang", "", AccessRole.ENVIRONMENT_OFFICE, None, ACT, clerk)
    assert named.person_id == clerk.id and named.display_name == "王芳"


def test_a_cleaner_account_names_someone_recorded_as_a_cleaner() -> None:
    cadre = person("李娟", Role.VILLAGE_CADRE)
    with pytest.raises(RoleNotHeld) as refused:
        Account.open("li.juan", "", AccessRole.CLEANER, None, ACT, cadre)
    assert "李娟" in refused.value.zh and "保洁员" in refused.value.zh
    cleaner = person("李娟", Role.CLEANER)
    account = Account.open("li.juan", "", AccessRole.CLEANER, None, ACT, cleaner)
    opened = account.collect_events()[0]
    assert isinstance(opened, Account.Opened) and opened.person_id == cleaner.id


def test_relinking_records_who_when_and_why_and_refuses_the_same_person_or_no_reason() -> None:
    first, namesake = person("李娟", Role.CLEANER), person("李娟", Role.CLEANER)
    account = Account.open("li.juan", "", AccessRole.CLEANER, None, ACT, first)
    later = Act("director", NOW.replace(day=5), NOW.replace(day=5))
    with pytest.raises(ReasonRequired):
        account.link_person(namesake, "  ", later)
    with pytest.raises(InvalidInput):
        account.link_person(first, "核对", later)
    account.link_person(namesake, "开户时选错了同名人员", later)
    linked = account.collect_events()[-1]
    assert isinstance(linked, Account.PersonLinked)
    assert (linked.person_id, linked.actor, linked.timestamp, linked.reason) == (
        namesake.id, "director", later.recorded_at, "开户时选错了同名人员")
    assert account.person_id == namesake.id


def test_a_disabled_account_is_linked_to_no_one_and_access_needing_a_person_needs_one() -> None:
    office = Account.open("wang.office", "", AccessRole.ENVIRONMENT_OFFICE, None, ACT)
    with pytest.raises(PersonRequired):
        office.change_access(AccessRole.CLEANER, None, "转为保洁员", ACT)
    cleaner = person("陈亮", Role.CLEANER)
    office.link_person(cleaner, "补登本人", ACT)
    office.change_access(AccessRole.CLEANER, None, "转为保洁员", ACT, cleaner)
    assert office.access_role == AccessRole.CLEANER
    office.disable("离职", ACT)
    with pytest.raises(StageNotAllowed):
        office.link_person(person("赵敏", Role.CLEANER), "换人", ACT)


def test_an_account_opened_before_accounts_named_people_reads_as_unlinked() -> None:
    account = Account.open("old.cadre", "", AccessRole.INSPECTOR, None, ACT)
    state = {k: v for k, v in vars(account.collect_events()[0]).items() if k != "person_id"}
    replayed = Account.Opened(**state).mutate(None)
    assert replayed is not None and replayed.person_id is None and replayed.username == "old.cadre"
