"""The application every feature runs on, and the steps that more than one feature speaks.

Features run on a temporary SQLite store by default (fast); set TAIZHANG_FEATURES_STORE=postgres to
run the same scenarios on the PostgreSQL test server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from domain.errors import DomainError
from domain.local_time import CHINA
from domain.organisation import Village
from domain.people import Person
from domain.vocabulary import UnitKind
from features.support import (
    CATEGORIES,
    DAY,
    NAME,
    ROLES,
    SOURCES,
    STAGES,
    Attempt,
    Names,
    day,
    end_of,
    log_position,
    morning_of,
    photo,
    quoted_names,
    refusal_titled,
)
from features.support import (
    attempt as attempt_command,
)
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from tests.stores import store_settings

FEATURE_STORE = os.environ.get("TAIZHANG_FEATURES_STORE", "sqlite")
CLERK = "王芳"


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def clock() -> SimulatedClock:
    # Every scenario's story starts on or after New Year 2023; "今天是" only moves forward.
    return SimulatedClock(datetime(2023, 1, 1, 8, 0, tzinfo=CHINA))


@pytest.fixture
def app(clock: SimulatedClock, tmp_path: Path) -> Iterator[Taizhang]:
    """Created at the first step that needs it, so the store is initialised on the scenario's first day."""
    with store_settings(FEATURE_STORE, tmp_path) as settings:
        application = build_app(settings, clock)
        application.init_store("simulation", "示例镇", "shili", "system:features")
        yield application
        application.close()


@pytest.fixture
def names() -> Names:
    return Names()


@pytest.fixture
def attempt() -> Attempt | None:
    """No command tried yet; a 当 step replaces this with what it tried."""
    return None


@pytest.fixture
def problem(attempt: Attempt | None) -> uuid.UUID:
    """The problem the scenario is about: the one a 假如 step registered, else the one the 当 step touched."""
    assert attempt is not None, "no problem was registered in this scenario"
    return attempt.succeeded().id


# --- time and places -----------------------------------------------------------------------


@given(parsers.re(rf"今天是(?P<today>{DAY})"))
def today_is(clock: SimulatedClock, today: str) -> None:
    moment = end_of(day(today))
    assert moment >= clock.now(), "a scenario's days only move forward, as the record's clock does"
    clock.set(moment)


@given(parsers.re(r"镇上有“(?P<village>[^”]+)”(?:，下设(?P<groups>.+))?"))
def village_exists(app: Taizhang, names: Names, village: str, groups: str | None) -> None:
    code = f"v{len(names.villages) + 1:02d}"
    village_id = app.register_village(village, code, CLERK).id
    names.villages[village] = village_id
    for group in quoted_names(groups or ""):
        app.add_group(village_id, group, CLERK)


def village_named(app: Taizhang, names: Names, village: str) -> Village:
    return app.get(Village, names.villages[village], "村")


def group_named(app: Taizhang, names: Names, village: str, group: str) -> uuid.UUID:
    groups = village_named(app, names, village).groups
    return next(group_id for group_id, name in groups.items() if name == group)


# --- people and the roles they hold ------------------------------------------------------


@given(parsers.re(r"登记了人员“(?P<person>[^”]+)”"))
def person_enrolled(app: Taizhang, names: Names, person: str) -> None:
    names.people[person] = app.enrol_person(person, "", CLERK).id


# “东沟村”的包村干部 / “东沟村”“一组”的保洁员
UNIT = r"“(?P<village>[^”]+)”(?:“(?P<group>[^”]+)”)?的(?P<role>[\u4e00-\u9fff]+?)"
TAKING = rf"(?P<person>{NAME})自(?P<start>{DAY})起任{UNIT}(?:，片区“(?P<area>[^”]+)”)?"
ENDING = rf"(?P<person>{NAME})在{UNIT}任职于(?P<end>{DAY})结束，原因“(?P<reason>[^”]*)”"


def unit_of(app: Taizhang, names: Names, village: str, group: str | None) -> tuple[UnitKind, uuid.UUID]:
    if group:
        return UnitKind.GROUP, group_named(app, names, village, group)
    return UnitKind.VILLAGE, names.villages[village]


def take_role(app: Taizhang, names: Names, person: str, village: str, group: str | None, role: str, start: str,
              area: str | None):
    unit_kind, unit_id = unit_of(app, names, village, group)
    return app.take_role(names.people[person], ROLES[role], unit_kind, unit_id, day(start), CLERK, area or "")[0]


def end_role(app: Taizhang, names: Names, person: str, village: str, group: str | None, role: str, end: str,
             reason: str):
    _, unit_id = unit_of(app, names, village, group)
    held = app.get(Person, names.people[person], "人员").assignments
    number = next(a.number for a in reversed(held) if a.role == ROLES[role] and a.unit_id == unit_id)
    return app.end_role(names.people[person], number, day(end), reason, CLERK)


@given(parsers.re(TAKING))
def role_held(app: Taizhang, names: Names, person: str, start: str, village: str, group: str | None, role: str,
              area: str | None) -> None:
    take_role(app, names, person, village, group, role, start, area)


@given(parsers.re(rf"(?P<actor>{NAME})已登记{ENDING}"))
def role_ended(app: Taizhang, names: Names, actor: str, person: str, village: str, group: str | None, role: str,
               end: str, reason: str) -> None:
    end_role(app, names, person, village, group, role, end, reason)



# --- registering and assigning a problem ---------------------------------------------------

PROBLEM = (
    rf"来源为(?P<source>[^、]+)、类别为(?P<category>.+?)的问题，地点“(?P<place>[^”]+)”(?:，发生于(?P<occurred>{DAY}))?"
)


def register(app: Taizhang, names: Names, actor: str, source: str, category: str, place: str,
             occurred: str | None, village: str | None = None, group: str | None = None) -> uuid.UUID:
    village = village or next(iter(names.villages))
    village_id = names.villages[village]
    group_id = group_named(app, names, village, group) if group else None
    outcome = app.register_problem(
        SOURCES[source], CATEGORIES[category], village_id, place, f"{place}发现{category}问题", actor,
        occurred_at=morning_of(occurred) if occurred else None, evidence=[photo(f"{place}.jpg")], group_id=group_id,
    )
    names.problems[place] = outcome.id
    return outcome.id


@given(parsers.re(rf"有一个{PROBLEM}"), target_fixture="problem")
def a_problem(app: Taizhang, names: Names, source: str, category: str, place: str, occurred: str | None) -> uuid.UUID:
    return register(app, names, CLERK, source, category, place, occurred)


@when(parsers.re(rf"(?P<actor>{NAME})登记{PROBLEM}(?:，属于“(?P<group>[^”]+)”)?"), target_fixture="attempt")
def registering(app: Taizhang, names: Names, actor: str, source: str, category: str, place: str,
                occurred: str | None, group: str | None) -> Attempt:
    return attempt_command(
        app, lambda: app.problem(register(app, names, actor, source, category, place, occurred, group=group))
    )


ASSIGNMENT = (
    r"交办给“(?P<village>[^”]+)”(?:的“(?P<group>[^”]+)”)?，"
    rf"(?:截止于(?P<due>{DAY})|(?P<working_days>\d+)个工作日内整改)(?:，发生于(?P<occurred>{DAY}))?"
)


def deadline_request(due: str | None, working_days: str | None) -> DeadlineRequest:
    if due:
        return DeadlineRequest(due=day(due))
    return DeadlineRequest(working_days=int(working_days or 0))


def assign(app: Taizhang, names: Names, problem_id: uuid.UUID, actor: str, village: str, group: str | None,
           due: str | None, working_days: str | None, occurred: str | None, expected_version: int | None = None):
    unit_kind, unit_id = UnitKind.VILLAGE, names.villages[village]
    if group:
        unit_kind, unit_id = UnitKind.GROUP, group_named(app, names, village, group)
    return app.assign_problem(
        problem_id, deadline_request(due, working_days), actor,
        occurred_at=morning_of(occurred) if occurred else None, unit_kind=unit_kind, unit_id=unit_id,
        expected_version=expected_version,
    )


@given(parsers.re(rf"(?P<actor>{NAME})已将该问题{ASSIGNMENT}"))
def assigned(app: Taizhang, names: Names, problem: uuid.UUID, actor: str, village: str, group: str | None,
             due: str | None, working_days: str | None, occurred: str | None) -> None:
    assign(app, names, problem, actor, village, group, due, working_days, occurred)


@when(parsers.re(rf"(?P<actor>{NAME})将(?P<which>该问题|一个不存在的问题){ASSIGNMENT}"), target_fixture="attempt")
def assigning(app: Taizhang, names: Names, request: pytest.FixtureRequest, actor: str, which: str, village: str,
              group: str | None, due: str | None, working_days: str | None, occurred: str | None) -> Attempt:
    problem_id = uuid.uuid4() if which == "一个不存在的问题" else request.getfixturevalue("problem")
    return attempt_command(
        app, lambda: assign(app, names, problem_id, actor, village, group, due, working_days, occurred)
    )


@given(parsers.re(rf"(?P<person>{NAME})打开了该问题"))
def opened(app: Taizhang, names: Names, problem: uuid.UUID, person: str) -> None:
    names.seen_versions[person] = app.problem(problem).version


@when(parsers.re(rf"(?P<actor>{NAME})按他看到的版本将该问题{ASSIGNMENT}"), target_fixture="attempt")
def assigning_stale(app: Taizhang, names: Names, problem: uuid.UUID, actor: str, village: str, group: str | None,
                    due: str | None, working_days: str | None, occurred: str | None) -> Attempt:
    seen = names.seen_versions[actor]
    return attempt_command(
        app, lambda: assign(app, names, problem, actor, village, group, due, working_days, occurred, seen)
    )


# --- outcomes --------------------------------------------------------------------------------


@then(parsers.re(r"操作被拒绝：(?P<title>.+)"))
def refused(attempt: Attempt | None, title: str) -> None:
    """The refusal named as the township names it (each refusal's ``title``), and exactly that refusal."""
    assert attempt is not None, "no command was tried"
    assert attempt.error is not None, f"the command was accepted ({attempt.outcome}), expected a refusal: {title}"
    attempt.refusal_expected = True
    expected = refusal_titled(title)
    assert type(attempt.error) is expected, f"refused with {type(attempt.error).__name__}: {attempt.error}"
    assert isinstance(attempt.error, DomainError) and attempt.error.zh and attempt.error.en


@then(parsers.re(r"提示写明“(?P<text>.+)”"))
def refusal_says(attempt: Attempt, text: str) -> None:
    assert attempt.error is not None
    assert text in attempt.error.zh, f"the message was: {attempt.error.zh}"


@then("台账没有写入任何内容")
def nothing_written(app: Taizhang, attempt: Attempt) -> None:
    assert log_position(app) == attempt.position_before


def settled(attempt: Attempt | None) -> None:
    """State is read only after the 当 step succeeded, or after its refusal was expected."""
    if attempt is not None:
        attempt.succeeded()


@then(parsers.re(r"问题(?:仍)?处于“(?P<stage>[^”]+)”阶段"))
def problem_stage(app: Taizhang, attempt: Attempt | None, problem: uuid.UUID, stage: str) -> None:
    settled(attempt)
    assert app.problem(problem).stage == STAGES[stage]


@then(parsers.re(rf"截止日期是(?P<due>{DAY})"))
def deadline_is(app: Taizhang, attempt: Attempt | None, problem: uuid.UUID, due: str) -> None:
    settled(attempt)
    deadline = app.problem(problem).deadline
    assert deadline is not None and deadline.due == day(due)


@then(parsers.re(r"期限记为(?P<working_days>\d+)个工作日"))
def deadline_in_working_days(app: Taizhang, attempt: Attempt | None, problem: uuid.UUID, working_days: str) -> None:
    settled(attempt)
    deadline = app.problem(problem).deadline
    assert deadline is not None and deadline.working_days == int(working_days)

