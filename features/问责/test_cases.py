"""Steps of accountability cases (问责): triggers, opening against the posts then held, each step to closing or
escalation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.account import AccessRole
from domain.acts import Resources
from domain.cases.case import CASE_STAGE_LABELS, ESCALATION_LABELS
from domain.cases.triggers import TRIGGER_LABELS, Trigger
from domain.flags.flag import FLAG_KIND_LABELS
from domain.vocabulary import Category, Source, UnitKind
from features.conftest import CLERK
from features.support import DAY, NAME, Attempt, Names, attempt, day, photo, quoted_names
from projections.flags import FlagQueries
from projections.runner import Projector
from taizhang import cases_desk
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from taizhang.inspection import review_flag

scenarios("问责")

KINDS = {label: kind for kind, label in TRIGGER_LABELS.items()}
ESCALATIONS = {label: kind for kind, label in ESCALATION_LABELS.items()}


@dataclass
class Desk:
    """The triggers the inspector saw and the case the scenario is about."""

    triggers: list[Trigger] = field(default_factory=list)
    trigger: Trigger | None = None
    case: uuid.UUID | None = None


@given(parsers.re(rf"“(?P<village>[^”]+)”有(?P<count>\d+)个问题截止于(?P<due>{DAY})仍未整改"))
def overdue_problems(app: Taizhang, names: Names, village: str, count: str, due: str) -> None:
    for n in range(int(count)):
        pid = app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, names.villages[village],
                                   f"{n + 1}号点", "路边堆放垃圾", CLERK, evidence=[photo(f"{n}.jpg")]).id
        app.assign_problem(pid, DeadlineRequest(due=day(due)), CLERK, unit_kind=UnitKind.VILLAGE,
                           unit_id=names.villages[village])


def fired(projector: Projector[Taizhang]) -> list[Trigger]:
    projector.catch_up()
    return cases_desk.fired(projector.app, projector.store)


@when("纪检人员查看问责触发", target_fixture="desk")
def looking(projector: Projector[Taizhang]) -> Desk:
    return Desk(fired(projector))


@then(parsers.re(r"有一项“(?P<label>[^”]+)”触发，涉及(?P<who>.+)"))
def trigger_about(app: Taizhang, desk: Desk, label: str, who: str) -> None:
    [trigger] = [t for t in desk.triggers if t.kind == KINDS[label]]
    named = {r["name"] for r in cases_desk.respondents(app, trigger)}
    assert set(who.split("和")) <= named, named
    desk.trigger = trigger


@then(parsers.re(r"该触发写明“(?P<text>[^”]+)”"))
def trigger_says(desk: Desk, text: str) -> None:
    assert desk.trigger is not None and text in desk.trigger.reason, desk.trigger


@when(parsers.re(rf"纪检人员(?P<inspector>{NAME})对“(?P<label>[^”]+)”立案"), target_fixture="desk")
def opening(projector: Projector[Taizhang], clock: SimulatedClock, inspector: str, label: str) -> Desk:
    [trigger] = [t for t in fired(projector) if t.kind == KINDS[label]]
    clock.advance(hours=1)
    outcome = cases_desk.open_case(projector.app, projector.store, trigger.key, inspector)
    return Desk([trigger], trigger, outcome.id)


@when(parsers.re(rf"(?P<who>{NAME})登记约谈，参加人(?P<attendees>(?:“[^”]+”)+)，记录“(?P<minutes>[^”]+)”"))
def interviewing(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str, attendees: str, minutes: str) -> None:
    assert desk.case is not None
    clock.advance(hours=1)
    app.hold_interview(desk.case, clock.now().date(), quoted_names(attendees), minutes, [], who)


@when(parsers.re(rf"(?P<who>{NAME})登记整改承诺“(?P<what>[^”]+)”，(?P<due>{DAY})前完成"))
def committing(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str, what: str, due: str) -> None:
    assert desk.case is not None
    clock.advance(hours=1)
    app.make_commitment(desk.case, what, day(due), who)


@when(parsers.re(rf"(?P<who>{NAME})登记回访核查：(?P<met>已兑现|未兑现)"))
def following_up(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str, met: str) -> None:
    assert desk.case is not None
    clock.advance(days=16)
    app.check_follow_up(desk.case, met == "已兑现", "回访核查现场", who)


@when(parsers.re(rf"(?:纪检人员)?(?P<who>{NAME})结案"), target_fixture="attempt")
def closing(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str) -> Attempt:
    assert desk.case is not None
    clock.advance(hours=1)
    case = desk.case
    return attempt(app, lambda: app.close_case(case, "整改到位，予以结案", who))


@when(parsers.re(rf"(?P<who>{NAME})将案件升级为(?P<to>通报批评|移送县级问责)，理由“(?P<reason>[^”]+)”"))
def escalating(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str, to: str, reason: str) -> None:
    assert desk.case is not None
    clock.advance(days=1)
    app.escalate_case(desk.case, ESCALATIONS[to], reason, who)


@then(parsers.re(r"案件为“(?P<stage>[^”]+)”"))
def case_stage(app: Taizhang, desk: Desk, stage: str) -> None:
    assert desk.case is not None
    assert CASE_STAGE_LABELS[app.case(desk.case).stage] == stage


@then(parsers.re(r"问责触发中不再有“(?P<label>[^”]+)”"))
def no_longer_fired(projector: Projector[Taizhang], label: str) -> None:
    assert [t for t in fired(projector) if t.kind == KINDS[label]] == []


@pytest.fixture
def usernames() -> dict[str, str]:
    """The accounts of the scenario's people, by their names."""
    return {}


@given(parsers.re(rf"(?P<person>{NAME})有账号“(?P<username>[^”]+)”"))
def has_account(app: Taizhang, names: Names, usernames: dict[str, str], person: str, username: str) -> None:
    app.open_account(username, AccessRole.VILLAGE_CADRE, CLERK, names.villages[next(iter(names.villages))],
                     person, names.people[person])
    usernames[person] = username


@given(parsers.re(rf"“(?P<village>[^”]+)”有(?P<count>\d+)个问题的整改都用了同一张照片，由(?P<person>{NAME})上报"))
def same_photo(app: Taizhang, clock: SimulatedClock, names: Names, usernames: dict[str, str], village: str,
               count: str, person: str) -> None:
    username = usernames[person]
    for n in range(int(count)):
        pid = app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, names.villages[village],
                                   f"照片{n + 1}号点", "路边堆放垃圾", CLERK, evidence=[photo(f"发现{n}.jpg")]).id
        app.assign_problem(pid, DeadlineRequest(working_days=10), CLERK, unit_kind=UnitKind.VILLAGE,
                           unit_id=names.villages[village])
        clock.advance(hours=2)
        app.report_rectification(pid, "已清理", [photo("同一张.jpg")], Resources(), username)


@then(parsers.re(r"没有“(?P<label>[^”]+)”触发"))
def no_trigger(desk: Desk, label: str) -> None:
    assert [t for t in desk.triggers if t.kind == KINDS[label]] == []


@when(parsers.re(rf"纪检人员(?P<inspector>{NAME})核实了“(?P<label>[^”]+)”疑点"))
def confirming(projector: Projector[Taizhang], clock: SimulatedClock, inspector: str, label: str) -> None:
    projector.catch_up()
    kind = {v: k for k, v in FLAG_KIND_LABELS.items()}[label]
    [flag] = [f for f in FlagQueries(projector.store).flags()[0] if f.kind == kind]
    clock.advance(hours=1)
    review_flag(projector.app, projector.store, flag.key, "confirmed", "现场核实，两处整改照片为同一张", inspector)
