"""Steps of the problem ledger (问题台账): register, extend, rectify, verify, close, reopen, void."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

from domain.acts import Resources
from domain.local_time import CHINA
from domain.problem import Problem
from domain.vocabulary import CATEGORY_LABELS, SOURCE_LABELS, Category, Source, UnitKind, VoidKind
from features.conftest import deadline_request, village_named
from features.support import (
    CATEGORIES,
    DAY,
    NAME,
    SOURCES,
    STAGES,
    Attempt,
    Names,
    attempt,
    day,
    morning_of,
    photo,
)
from taizhang.application import Taizhang

scenarios("问题台账")

VOID_KINDS = {"重复登记": VoidKind.DUPLICATE, "误登记": VoidKind.MISTAKE}
OCCURRED = rf"(?:，发生于(?P<occurred>{DAY}))?"
RESOURCE_FIELDS = {
    "劳动力": "labour_person_times",
    "机械": "machinery_unit_times",
    "垃圾": "tonnes_cleared",
    "拆除": "buildings_demolished",
}


def occurred_at(occurred: str | None):
    return morning_of(occurred) if occurred else None


def events_of(app: Taizhang, problem_id: uuid.UUID, kind: type) -> list[Any]:
    return [event for event in app.events.get(problem_id) if isinstance(event, kind)]


# --- registration ----------------------------------------------------------------------------


@when(
    parsers.re(rf"(?P<actor>{NAME})在不存在的村登记来源为(?P<source>[^、]+)、类别为(?P<category>.+?)的问题，地点“(?P<place>[^”]+)”"),
    target_fixture="attempt",
)
def registering_in_unknown_village(app: Taizhang, actor: str, source: str, category: str, place: str) -> Attempt:
    return attempt(app, lambda: app.register_problem(
        SOURCES[source], CATEGORIES[category], uuid.uuid4(), place, "不存在的村", actor, evidence=[photo("x.jpg")]
    ))


@then(parsers.re(r"问题的来源是(?P<source>[^，]+)，类别是(?P<category>.+)"))
def source_and_category(app: Taizhang, problem: uuid.UUID, source: str, category: str) -> None:
    registered = app.problem(problem)
    assert SOURCE_LABELS[Source(registered.source)] == source
    assert CATEGORY_LABELS[Category(registered.category)] == category


@then(parsers.re(rf"问题附有(?P<count>\d+)份证据，登记人是(?P<actor>{NAME})"))
def registration_evidence(app: Taizhang, problem: uuid.UUID, count: str, actor: str) -> None:
    (registered,) = events_of(app, problem, Problem.Registered)
    assert len(registered.evidence) == int(count)
    assert registered.actor == actor


@then(parsers.re(rf"问题发生于(?P<occurred>{DAY})，登记于(?P<recorded>{DAY})"))
def two_times(app: Taizhang, problem: uuid.UUID, occurred: str, recorded: str) -> None:
    (registered,) = events_of(app, problem, Problem.Registered)
    assert registered.occurred_at.astimezone(CHINA).date() == day(occurred)
    assert registered.timestamp.astimezone(CHINA).date() == day(recorded)


@then(parsers.re(r"问题属于“(?P<village>[^”]+)”的“(?P<group>[^”]+)”"))
def problem_in_group(app: Taizhang, names: Names, problem: uuid.UUID, village: str, group: str) -> None:
    found = app.problem(problem)
    assert found.village_id == names.villages[village]
    assert village_named(app, names, village).groups[found.group_id] == group


@then(parsers.re(r"责任单位是“(?P<village>[^”]+)”(?:的“(?P<group>[^”]+)”)?"))
def responsible_unit(app: Taizhang, names: Names, problem: uuid.UUID, village: str, group: str | None) -> None:
    found = app.problem(problem)
    if group:
        assert found.unit_kind == UnitKind.GROUP
        assert village_named(app, names, village).groups[found.unit_id] == group
    else:
        assert (found.unit_kind, found.unit_id) == (UnitKind.VILLAGE, names.villages[village])


# --- extension -------------------------------------------------------------------------------

EXTENSION = (
    rf"(?P<actor>{NAME})将该问题的(?:截止日期延至(?P<due>{DAY})|期限延为(?P<working_days>\d+)个工作日)，"
    r"原因“(?P<reason>[^”]*)”，批准人“(?P<approver>[^”]*)”"
)


@when(parsers.re(EXTENSION), target_fixture="attempt")
def extending(app: Taizhang, problem: uuid.UUID, actor: str, due: str | None, working_days: str | None,
              reason: str, approver: str) -> Attempt:
    return attempt(app, lambda: app.extend_deadline(
        problem, deadline_request(due, working_days), reason, approver, actor
    ))


@then(parsers.re(r"该问题延期过(?P<count>\d+)次，最近一次的原因是“(?P<reason>[^”]+)”，批准人是“(?P<approver>[^”]+)”"))
def extensions(app: Taizhang, attempt: Attempt, problem: uuid.UUID, count: str, reason: str, approver: str) -> None:
    attempt.succeeded()
    extended = events_of(app, problem, Problem.DeadlineExtended)
    assert app.problem(problem).extension_count == len(extended) == int(count)
    assert (extended[-1].reason, extended[-1].approver) == (reason, approver)


# --- rectification and verification -----------------------------------------------------------


def resources_from(table: list[list[str]]) -> Resources:
    amounts: dict[str, Any] = {}
    for label, amount, _unit in table:
        field = RESOURCE_FIELDS[label]
        amounts[field] = Decimal(amount) if field == "tonnes_cleared" else int(amount)
    return Resources(**amounts)


@when(parsers.re(rf"(?P<actor>{NAME})上报整改“(?P<description>[^”]+)”，附(?P<count>\d+)份证据，投入："),
      target_fixture="attempt")
def reporting(app: Taizhang, problem: uuid.UUID, actor: str, description: str, count: str,
              datatable: list[list[str]]) -> Attempt:
    evidence = [photo(f"整改后{n}.jpg") for n in range(int(count))]
    return attempt(
        app, lambda: app.report_rectification(problem, description, evidence, resources_from(datatable), actor)
    )


@given(parsers.re(rf"(?P<actor>{NAME})已上报整改{OCCURRED}"))
def reported(app: Taizhang, problem: uuid.UUID, actor: str, occurred: str | None) -> None:
    app.report_rectification(
        problem, "已清理完毕", [photo("整改后.jpg")], Resources(labour_person_times=4, machinery_unit_times=1), actor,
        occurred_at=occurred_at(occurred),
    )


@then(parsers.re(rf"整改由(?P<actor>{NAME})上报，附(?P<count>\d+)份证据"))
def rectification_reporter(app: Taizhang, attempt: Attempt, problem: uuid.UUID, actor: str, count: str) -> None:
    attempt.succeeded()
    (report,) = events_of(app, problem, Problem.RectificationReported)
    assert report.actor == actor == app.problem(problem).rectification_reporter
    assert len(report.evidence) == int(count)


@then(parsers.re(
    r"记录的投入为劳动力(?P<labour>\d+)人次、机械(?P<machinery>\d+)台次、垃圾(?P<tonnes>[\d.]+)吨、拆除(?P<demolished>\d+)处"
))
def recorded_resources(app: Taizhang, problem: uuid.UUID, labour: str, machinery: str, tonnes: str,
                       demolished: str) -> None:
    (report,) = events_of(app, problem, Problem.RectificationReported)
    assert report.resources == {
        "labour_person_times": int(labour),
        "machinery_unit_times": int(machinery),
        "tonnes_cleared": Decimal(tonnes),
        "buildings_demolished": int(demolished),
    }


@when(parsers.re(rf"(?P<actor>{NAME})验收通过"), target_fixture="attempt")
def passing(app: Taizhang, problem: uuid.UUID, actor: str) -> Attempt:
    return attempt(app, lambda: app.pass_verification(problem, actor))


@given(parsers.re(rf"(?P<actor>{NAME})已验收通过{OCCURRED}"))
def passed(app: Taizhang, problem: uuid.UUID, actor: str, occurred: str | None) -> None:
    app.pass_verification(problem, actor, occurred_at=occurred_at(occurred))


@when(parsers.re(rf"(?P<actor>{NAME})退回整改，原因“(?P<reason>[^”]*)”"), target_fixture="attempt")
def sending_back(app: Taizhang, problem: uuid.UUID, actor: str, reason: str) -> Attempt:
    return attempt(app, lambda: app.send_back(problem, reason, actor))


@given(parsers.re(rf"(?P<actor>{NAME})已退回整改，原因“(?P<reason>[^”]+)”"))
def sent_back(app: Taizhang, problem: uuid.UUID, actor: str, reason: str) -> None:
    app.send_back(problem, reason, actor)


COUNTERS = {"被退回过": "sent_back_count", "上报过": "rectification_count", "被重新打开过": "reopen_count"}


@then(parsers.re(r"该问题(?P<what>被退回过|上报过|被重新打开过)(?P<count>\d+)次(?:整改)?"))
def counted(app: Taizhang, attempt: Attempt | None, problem: uuid.UUID, what: str, count: str) -> None:
    if attempt is not None:
        attempt.succeeded()
    assert getattr(app.problem(problem), COUNTERS[what]) == int(count)


# --- closing and overdue ----------------------------------------------------------------------


@when(parsers.re(rf"(?P<actor>{NAME})销号{OCCURRED}"), target_fixture="attempt")
def closing(app: Taizhang, problem: uuid.UUID, actor: str, occurred: str | None) -> Attempt:
    return attempt(app, lambda: app.close_problem(problem, actor, occurred_at=occurred_at(occurred)))


@given(parsers.re(rf"(?P<actor>{NAME})已销号"))
def closed(app: Taizhang, problem: uuid.UUID, actor: str) -> None:
    app.close_problem(problem, actor)


@then(parsers.re(r"销号记为(?P<timeliness>按期|逾期)完成"))
def closed_timeliness(app: Taizhang, attempt: Attempt, problem: uuid.UUID, timeliness: str) -> None:
    attempt.succeeded()
    (closing_event,) = events_of(app, problem, Problem.Closed)
    assert closing_event.on_time is (timeliness == "按期")
    assert app.problem(problem).closed_on_time is (timeliness == "按期")


@then(parsers.re(rf"该问题在(?P<on>{DAY})(?P<state>未|已)逾期"))
def overdue(app: Taizhang, problem: uuid.UUID, on: str, state: str) -> None:
    assert app.problem(problem).is_overdue_on(day(on)) is (state == "已")


# --- reopening --------------------------------------------------------------------------------

REOPENING = (
    r"重新打开该问题，原因“(?P<reason>[^”]*)”，"
    rf"(?:截止于(?P<due>{DAY})|(?P<working_days>\d+)个工作日内整改)"
)


@when(parsers.re(rf"(?P<actor>{NAME}){REOPENING}"), target_fixture="attempt")
def reopening(app: Taizhang, problem: uuid.UUID, actor: str, reason: str, due: str | None,
              working_days: str | None) -> Attempt:
    return attempt(app, lambda: app.reopen_problem(problem, reason, deadline_request(due, working_days), actor))


@given(parsers.re(rf"(?P<actor>{NAME})已{REOPENING}"))
def reopened(app: Taizhang, problem: uuid.UUID, actor: str, reason: str, due: str | None,
             working_days: str | None) -> None:
    app.reopen_problem(problem, reason, deadline_request(due, working_days), actor)


# --- voiding ----------------------------------------------------------------------------------

VOIDING = (
    r"以(?P<kind>重复登记|误登记)作废该问题"
    r"(?:，原问题是“(?P<original>[^”]+)”的问题|，(?P<no_original>未指明原问题)|，(?P<unknown>原问题不存在))?"
    r"，原因“(?P<reason>[^”]*)”"
)


def original_of(names: Names, original: str | None, unknown: str | None) -> uuid.UUID | None:
    if unknown:
        return uuid.uuid4()
    return names.problems[original] if original else None


@when(parsers.re(rf"(?P<actor>{NAME}){VOIDING}"), target_fixture="attempt")
def voiding(app: Taizhang, names: Names, problem: uuid.UUID, actor: str, kind: str, original: str | None,
            no_original: str | None, unknown: str | None, reason: str) -> Attempt:
    original_id = original_of(names, original, unknown)
    return attempt(app, lambda: app.void_problem(problem, VOID_KINDS[kind], reason, actor, original_id=original_id))


@given(parsers.re(rf"(?P<actor>{NAME})已{VOIDING}"))
def voided(app: Taizhang, names: Names, problem: uuid.UUID, actor: str, kind: str, original: str | None,
           no_original: str | None, unknown: str | None, reason: str) -> None:
    app.void_problem(problem, VOID_KINDS[kind], reason, actor, original_id=original_of(names, original, unknown))


@then(parsers.re(r"该问题作废为(?P<kind>重复登记|误登记)(?:，指向“(?P<original>[^”]+)”的问题)?"))
def void_kind(app: Taizhang, names: Names, attempt: Attempt, problem: uuid.UUID, kind: str,
              original: str | None) -> None:
    attempt.succeeded()
    found = app.problem(problem)
    assert found.void_kind == VOID_KINDS[kind]
    assert found.original_id == (names.problems[original] if original else None)


@then(parsers.re(r"“(?P<place>[^”]+)”的问题仍处于“(?P<stage>[^”]+)”阶段"))
def other_problem_stage(app: Taizhang, names: Names, place: str, stage: str) -> None:
    assert app.problem(names.problems[place]).stage == STAGES[stage]


@then(parsers.re(r"作废的问题仍可查到，地点“(?P<place>[^”]+)”"))
def voided_still_there(app: Taizhang, problem: uuid.UUID, place: str) -> None:
    found = app.problem(problem)
    assert found.place == place
    assert len(list(app.events.get(problem))) == found.version
