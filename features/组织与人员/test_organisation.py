"""Steps of the organisation: villages, groups, people and the roles they hold over dates."""

from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when

from domain.organisation import Village
from domain.people import Person
from domain.vocabulary import Category, Source
from features.conftest import ENDING, TAKING, UNIT, end_role, group_named, take_role, unit_of, village_named
from features.support import DAY, NAME, ROLES, Attempt, Names, attempt, day, photo, quoted_names
from taizhang.application import Taizhang

scenarios("组织与人员")


# --- villages and groups ---------------------------------------------------------------------

VILLAGE_REGISTRATION = r"登记“(?P<village>[^”]+)”，编码“(?P<code>[^”]+)”"


def register_village(app: Taizhang, names: Names, actor: str, village: str, code: str):
    outcome = app.register_village(village, code, actor)
    names.villages[village] = outcome.id
    return outcome


@given(parsers.re(rf"(?P<actor>{NAME})已{VILLAGE_REGISTRATION}"))
def village_registered(app: Taizhang, names: Names, actor: str, village: str, code: str) -> None:
    register_village(app, names, actor, village, code)


@when(parsers.re(rf"(?P<actor>{NAME}){VILLAGE_REGISTRATION}"), target_fixture="attempt")
def registering_village(app: Taizhang, names: Names, actor: str, village: str, code: str) -> Attempt:
    return attempt(app, lambda: register_village(app, names, actor, village, code))


@then(parsers.re(r"镇上有(?P<count>\d+)个村"))
def village_count(app: Taizhang, names: Names, attempt: Attempt, count: str) -> None:
    attempt.succeeded()
    township_id = app.township().id
    on_record = [app.get(Village, village_id, "村") for village_id in names.villages.values()]
    assert len([v for v in on_record if v.township_id == township_id]) == int(count)


@then(parsers.re(r"“(?P<village>[^”]+)”的编码是“(?P<code>[^”]+)”"))
def village_code(app: Taizhang, names: Names, village: str, code: str) -> None:
    assert village_named(app, names, village).code == code


@when(parsers.re(rf"(?P<actor>{NAME})给“(?P<village>[^”]+)”增加“(?P<group>[^”]+)”"), target_fixture="attempt")
def adding_group(app: Taizhang, names: Names, actor: str, village: str, group: str) -> Attempt:
    return attempt(app, lambda: app.add_group(names.villages[village], group, actor)[0])


@then(parsers.re(r"“(?P<village>[^”]+)”的村民小组是(?P<groups>.+)"))
def groups_of(app: Taizhang, names: Names, attempt: Attempt, village: str, groups: str) -> None:
    attempt.succeeded()
    assert list(village_named(app, names, village).groups.values()) == quoted_names(groups)


@when(
    parsers.re(
        rf"(?P<actor>{NAME})在“(?P<village>[^”]+)”登记问题，地点“(?P<place>[^”]+)”，属于“(?P<other>[^”]+)”的“(?P<group>[^”]+)”"
    ),
    target_fixture="attempt",
)
def registering_in_other_villages_group(app: Taizhang, names: Names, actor: str, village: str, place: str,
                                        other: str, group: str) -> Attempt:
    group_id = group_named(app, names, other, group)
    return attempt(app, lambda: app.register_problem(
        Source.TOWNSHIP_PATROL, Category.PLASTIC_LITTER, names.villages[village], place, "路口有白色垃圾", actor,
        evidence=[photo("路口.jpg")], group_id=group_id,
    ))


# --- people and roles ------------------------------------------------------------------------


@when(parsers.re(rf"(?P<actor>{NAME})登记{TAKING}"), target_fixture="attempt")
def taking_role(app: Taizhang, names: Names, actor: str, person: str, start: str, village: str, group: str | None,
                role: str, area: str | None) -> Attempt:
    return attempt(app, lambda: take_role(app, names, person, village, group, role, start, area))


@when(parsers.re(rf"(?P<actor>{NAME})登记{ENDING}"), target_fixture="attempt")
def ending_role(app: Taizhang, names: Names, actor: str, person: str, village: str, group: str | None, role: str,
                end: str, reason: str) -> Attempt:
    return attempt(app, lambda: end_role(app, names, person, village, group, role, end, reason))


@then(parsers.re(rf"(?P<person>{NAME})在(?P<on>{DAY})(?P<held>是|不是){UNIT}(?:，片区“(?P<area>[^”]+)”)?"))
def role_on(app: Taizhang, names: Names, attempt: Attempt, person: str, on: str, held: str, village: str,
            group: str | None, role: str, area: str | None) -> None:
    attempt.succeeded()
    _, unit_id = unit_of(app, names, village, group)
    roles = app.get(Person, names.people[person], "人员").roles_on(day(on))
    matching = [a for a in roles if a.role == ROLES[role] and a.unit_id == unit_id]
    assert bool(matching) is (held == "是"), f"{person} on {on}: {roles}"
    if area:
        assert matching[0].area == area


@then(parsers.re(rf"(?P<person>{NAME})在(?P<on>{DAY})担任(?P<count>\d+)个角色"))
def role_count(app: Taizhang, names: Names, attempt: Attempt, person: str, on: str, count: str) -> None:
    attempt.succeeded()
    assert len(app.get(Person, names.people[person], "人员").roles_on(day(on))) == int(count)


