"""Steps of accounts naming their person: two cleaners share a name, each account sees only its own."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, scenarios, then, when

from domain.account import AccessRole, Account
from domain.acts import Evidence
from domain.assessment.patrol import Finding
from domain.assessment.values import Month
from domain.vocabulary import Role, UnitKind
from features.support import DAY, NAME, Attempt, Names, attempt, day
from taizhang.access.caller import Caller
from taizhang.access.own_rows import own_rating
from taizhang.application import Taizhang
from tests.assessment.rulebooks import rules_2023

scenarios("账号")

ADMIN = "镇管理员"
VILLAGE_CLEANER = r"“(?P<village>[^”]+)”的李娟"
PHOTO = Evidence("d" * 64, "巡查.jpg", "image/jpeg")


def cleaner_key(village: str) -> str:
    return f"李娟@{village}"


@given(parsers.re(r"“(?P<first>[^”]+)”和“(?P<second>[^”]+)”各有一名保洁员，都叫“李娟”"))
def two_namesakes(app: Taizhang, names: Names, first: str, second: str) -> None:
    for village in (first, second):
        person = app.enrol_person("李娟", "", ADMIN).id
        app.take_role(person, Role.CLEANER, UnitKind.VILLAGE, names.villages[village], date(2023, 1, 1), ADMIN)
        names.people[cleaner_key(village)] = person


def open_cleaner(app: Taizhang, names: Names, username: str, person_key: str | None):
    person = names.people[person_key] if person_key else None
    return app.open_account(username, AccessRole.CLEANER, ADMIN, person_id=person)


@given(parsers.re(rf"镇管理员已为{VILLAGE_CLEANER}开通保洁员账号“(?P<username>[^”]+)”"))
def cleaner_account_opened(app: Taizhang, names: Names, village: str, username: str) -> None:
    open_cleaner(app, names, username, cleaner_key(village))


@when(parsers.re(rf"镇管理员为{VILLAGE_CLEANER}开通保洁员账号“(?P<username>[^”]+)”"), target_fixture="attempt")
def opening_for_cleaner(app: Taizhang, names: Names, village: str, username: str) -> Attempt:
    return attempt(app, lambda: open_cleaner(app, names, username, cleaner_key(village)))


@when(parsers.re(rf"镇管理员为(?P<person>{NAME})开通保洁员账号“(?P<username>[^”]+)”"), target_fixture="attempt")
def opening_for_person(app: Taizhang, names: Names, person: str, username: str) -> Attempt:
    return attempt(app, lambda: open_cleaner(app, names, username, person))


@when(parsers.re(r"镇管理员开通保洁员账号“(?P<username>[^”]+)”，不关联人员"), target_fixture="attempt")
def opening_unlinked(app: Taizhang, names: Names, username: str) -> Attempt:
    return attempt(app, lambda: open_cleaner(app, names, username, None))


@when(parsers.re(rf"镇管理员将账号“(?P<username>[^”]+)”改为关联{VILLAGE_CLEANER}，原因“(?P<reason>[^”]*)”"),
      target_fixture="attempt")
def relinking(app: Taizhang, names: Names, username: str, village: str, reason: str) -> Attempt:
    return attempt(app, lambda: app.link_account_person(username, names.people[cleaner_key(village)], reason, ADMIN))


@then(parsers.re(rf"账号“(?P<username>[^”]+)”关联的是{VILLAGE_CLEANER}"))
def linked_to(app: Taizhang, names: Names, attempt: Attempt | None, username: str, village: str) -> None:
    if attempt is not None:
        attempt.succeeded()
    assert app.account(username).person_id == names.people[cleaner_key(village)]


@then(parsers.re(rf"账号“(?P<username>[^”]+)”的记录写明由(?P<actor>[\u4e00-\u9fff]+?)于(?P<on>{DAY})改正，原因“(?P<reason>[^”]*)”"))
def relink_recorded(app: Taizhang, username: str, actor: str, on: str, reason: str) -> None:
    events = list(app.repository.event_store.get(Account.id_for(username)))
    linked = [e for e in events if isinstance(e, Account.PersonLinked)]
    assert [(e.actor, e.reason) for e in linked] == [(actor, reason)]
    assert linked[0].timestamp.astimezone(app.local_zone).date() == day(on)


@given(parsers.re(
    r"2月份两名李娟的责任区各巡查一次，“(?P<first>[^”]+)”的李娟被扣(?P<a>\d+)分，“(?P<second>[^”]+)”的李娟被扣(?P<b>\d+)分"
))
def namesakes_patrolled(app: Taizhang, names: Names, first: str, a: str, second: str, b: str) -> None:
    app.adopt_rules(rules_2023(), ADMIN)
    inspector = app.enrol_person("周巡查", "", ADMIN).id
    for village, deducted in ((first, a), (second, b)):
        findings = [Finding("piles", int(deducted) // 10, (PHOTO,))]  # 门前五堆: 10 points a finding
        app.record_patrol(date(2023, 2, 10), names.villages[village], inspector, findings, ADMIN,
                          cleaner_id=names.people[cleaner_key(village)])


@then(parsers.re(r"账号“(?P<username>[^”]+)”看到的2月评比只有一行，得分(?P<score>[\d.]+)"))
def own_ratings(app: Taizhang, username: str, score: str) -> None:
    caller = Caller.of(app.account(username))
    ratings = [r.as_record() for r in app.month_figures(Month(2023, 2)).ratings]
    assert len(ratings) == 2
    seen = [r for r in ratings if own_rating(caller, r)]
    assert [(r["cleaner_id"], r["score"]) for r in seen] == [(str(caller.person_id), score)]
