"""Steps of campaign work (工作记录): work records and their corrections, toilet surveys, sewage stations."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.indicators import BY_CODE, CATALOGUE
from domain.local_time import CHINA
from domain.people import Person
from domain.work import SewageStation, ToiletSurvey, WorkRecord
from features.conftest import CLERK
from features.support import DAY, NAME, Attempt, Names, attempt, day, morning_of, photo
from taizhang.application import Taizhang

scenarios("工作记录")

INDICATORS = {indicator.name: indicator.code for indicator in CATALOGUE}

# 登记“东沟村”的修建无害化卫生厕所40座，发生于2023年5月8日，附2份证据 / 登记全镇的……
WORK = (
    r"登记(?:“(?P<village>[^”]+)”|全镇)的(?P<indicator>.+?)(?P<quantity>\d+(?:\.\d+)?)(?P<unit>[^\d，]+?)"
    rf"(?:，发生于(?P<occurred>{DAY}))?(?:，附(?P<count>\d+)份证据)?"
)


def indicator_code(name: str, unit: str) -> str:
    code = INDICATORS[name]
    assert BY_CODE[code].unit == unit, f"{name} is counted in {BY_CODE[code].unit}, not {unit}"
    return code


def record_work(app: Taizhang, names: Names, actor: str, village: str | None, indicator: str, quantity: str,
                unit: str, occurred: str | None, count: str | None):
    village_id = (names.villages.get(village) or uuid.uuid4()) if village else None
    return app.record_work(
        indicator_code(indicator, unit),
        Decimal(quantity),
        actor,
        village_id=village_id,
        place=f"{village or '全镇'}",
        note=f"{indicator}",
        evidence=[photo(f"验收表{n}.jpg") for n in range(int(count or 0))],
        occurred_at=morning_of(occurred) if occurred else None,
    )


@pytest.fixture
def work_record(attempt: Attempt | None) -> uuid.UUID:
    """The record the scenario is about: the one a 假如 step entered, else the one the 当 step entered."""
    assert attempt is not None, "no work was recorded in this scenario"
    return attempt.succeeded().id


@given(parsers.re(rf"(?P<actor>{NAME})已{WORK}"), target_fixture="work_record")
def work_recorded(app: Taizhang, names: Names, actor: str, village: str | None, indicator: str, quantity: str,
                  unit: str, occurred: str | None, count: str | None) -> uuid.UUID:
    return record_work(app, names, actor, village, indicator, quantity, unit, occurred, count).id


@when(parsers.re(rf"(?P<actor>{NAME}){WORK}"), target_fixture="attempt")
def recording_work(app: Taizhang, names: Names, actor: str, village: str | None, indicator: str, quantity: str,
                   unit: str, occurred: str | None, count: str | None) -> Attempt:
    return attempt(app, lambda: record_work(app, names, actor, village, indicator, quantity, unit, occurred, count))


def recorded(app: Taizhang, record_id: uuid.UUID) -> WorkRecord:
    return app.get(WorkRecord, record_id, "工作记录")


def events_of(app: Taizhang, aggregate_id: uuid.UUID, kind: type) -> list[Any]:
    return [event for event in app.events.get(aggregate_id) if isinstance(event, kind)]


@then(parsers.re(
    r"该工作记录为(?:“(?P<village>[^”]+)”|全镇)的(?P<indicator>.+?)(?P<quantity>\d+(?:\.\d+)?)(?P<unit>[^\d，]+)"
))
def work_is(app: Taizhang, names: Names, work_record: uuid.UUID, village: str | None, indicator: str,
            quantity: str, unit: str) -> None:
    record = recorded(app, work_record)
    assert record.indicator == indicator_code(indicator, unit)
    assert record.quantity == Decimal(quantity)
    assert record.village_id == (names.villages[village] if village else None)


@then(parsers.re(rf"该工作记录附(?P<count>\d+)份证据，登记人是(?P<actor>{NAME})"))
def work_evidence(app: Taizhang, work_record: uuid.UUID, count: str, actor: str) -> None:
    (entry,) = events_of(app, work_record, WorkRecord.Recorded)
    assert len(entry.evidence) == int(count) and entry.actor == actor


@then(parsers.re(rf"该工作发生于(?P<occurred>{DAY})，登记于(?P<recorded_on>{DAY})"))
def work_times(app: Taizhang, work_record: uuid.UUID, occurred: str, recorded_on: str) -> None:
    (entry,) = events_of(app, work_record, WorkRecord.Recorded)
    assert entry.occurred_at.astimezone(CHINA).date() == day(occurred)
    assert entry.timestamp.astimezone(CHINA).date() == day(recorded_on)


def township_total(app: Taizhang, code: str, as_of: datetime | None = None) -> Decimal:
    """Every record's latest quantity unless withdrawn, as the record stood before ``as_of`` (docs/FIGURES.md)."""
    quantities: dict[uuid.UUID, Decimal | None] = {}
    for notification in app.recorder.select_notifications(start=None, limit=10_000):
        event = app.mapper.to_domain_event(notification)
        if as_of is not None and event.timestamp >= as_of:
            break
        if (isinstance(event, WorkRecord.Recorded) and event.indicator == code) or (
            isinstance(event, WorkRecord.Corrected) and event.originator_id in quantities
        ):
            quantities[event.originator_id] = event.quantity
        elif isinstance(event, WorkRecord.Withdrawn) and event.originator_id in quantities:
            quantities[event.originator_id] = None
    return sum((q for q in quantities.values() if q is not None), Decimal(0))


@then(parsers.re(
    rf"(?:按(?P<as_of>{DAY})的台账，)?全镇(?P<indicator>.+?)合计(?P<quantity>\d+(?:\.\d+)?)(?P<unit>[^\d，]+)"
))
def total_is(app: Taizhang, attempt: Attempt | None, as_of: str | None, indicator: str, quantity: str,
             unit: str) -> None:
    if attempt is not None:
        attempt.succeeded()
    moment = datetime.combine(day(as_of), datetime.min.time(), CHINA) if as_of else None
    assert township_total(app, indicator_code(indicator, unit), moment) == Decimal(quantity)


# --- corrections and withdrawals ----------------------------------------------------------------------

CORRECTION = r"将该工作记录更正为(?P<quantity>\d+(?:\.\d+)?)，原因“(?P<reason>[^”]*)”"
WITHDRAWAL = r"撤销该工作记录，原因“(?P<reason>[^”]*)”"


@when(parsers.re(rf"(?P<actor>{NAME}){CORRECTION}"), target_fixture="attempt")
def correcting(app: Taizhang, work_record: uuid.UUID, actor: str, quantity: str, reason: str) -> Attempt:
    return attempt(app, lambda: app.correct_work(work_record, Decimal(quantity), reason, actor))


@when(parsers.re(rf"(?P<actor>{NAME}){WITHDRAWAL}"), target_fixture="attempt")
def withdrawing(app: Taizhang, work_record: uuid.UUID, actor: str, reason: str) -> Attempt:
    return attempt(app, lambda: app.withdraw_work(work_record, reason, actor))


@given(parsers.re(rf"(?P<actor>{NAME})已{WITHDRAWAL}"))
def withdrawn(app: Taizhang, work_record: uuid.UUID, actor: str, reason: str) -> None:
    app.withdraw_work(work_record, reason, actor)


@then(parsers.re(r"该工作记录的数量为(?P<quantity>\d+(?:\.\d+)?)"))
def quantity_is(app: Taizhang, work_record: uuid.UUID, quantity: str) -> None:
    assert recorded(app, work_record).quantity == Decimal(quantity)


@then(parsers.re(r"更正记下了原数量(?P<previous>\d+(?:\.\d+)?)和原因“(?P<reason>[^”]+)”"))
def correction_kept(app: Taizhang, work_record: uuid.UUID, previous: str, reason: str) -> None:
    (correction,) = events_of(app, work_record, WorkRecord.Corrected)
    assert correction.previous_quantity == Decimal(previous) and correction.reason == reason
    assert events_of(app, work_record, WorkRecord.Recorded)[0].quantity == Decimal(previous)


@then(parsers.re(r"该工作记录已撤销，原因“(?P<reason>[^”]+)”"))
def is_withdrawn(app: Taizhang, attempt: Attempt, work_record: uuid.UUID, reason: str) -> None:
    attempt.succeeded()
    assert recorded(app, work_record).withdrawn
    (withdrawal,) = events_of(app, work_record, WorkRecord.Withdrawn)
    assert withdrawal.reason == reason


# --- toilet survey --------------------------------------------------------------------------------------

SURVEY = (
    r"登记“(?P<village>[^”]+)”的改厕摸底：农户(?P<households>-?\d+)户，已改(?P<renovated>-?\d+)户，"
    r"待改(?P<pending>-?\d+)户(?:，原因“(?P<reason>[^”]*)”)?"
)


def survey(app: Taizhang, names: Names, actor: str, village: str, households: str, renovated: str, pending: str,
           reason: str | None):
    return app.survey_toilets(names.villages[village], int(households), int(renovated), int(pending), actor,
                              reason=reason or "")


@given(parsers.re(rf"(?P<actor>{NAME})已{SURVEY}"))
def surveyed(app: Taizhang, names: Names, actor: str, village: str, households: str, renovated: str, pending: str,
             reason: str | None) -> None:
    survey(app, names, actor, village, households, renovated, pending, reason)


@when(parsers.re(rf"(?P<actor>{NAME}){SURVEY}"), target_fixture="attempt")
def surveying(app: Taizhang, names: Names, actor: str, village: str, households: str, renovated: str, pending: str,
              reason: str | None) -> Attempt:
    return attempt(app, lambda: survey(app, names, actor, village, households, renovated, pending, reason))


def survey_of(app: Taizhang, names: Names, village: str) -> ToiletSurvey:
    return app.get(ToiletSurvey, ToiletSurvey.id_for(names.villages[village]), "改厕摸底")


@then(parsers.re(r"“(?P<village>[^”]+)”的改厕摸底为农户(?P<households>\d+)户，已改(?P<renovated>\d+)户，待改(?P<pending>\d+)户"))
def survey_is(app: Taizhang, names: Names, attempt: Attempt, village: str, households: str, renovated: str,
              pending: str) -> None:
    if attempt.error is None:
        attempt.succeeded()
    found = survey_of(app, names, village)
    assert (found.households, found.renovated, found.pending) == (int(households), int(renovated), int(pending))


@then(parsers.re(r"“(?P<village>[^”]+)”摸底过(?P<count>\d+)次"))
def surveyed_times(app: Taizhang, names: Names, village: str, count: str) -> None:
    assert survey_of(app, names, village).version == int(count)
    resurveys = events_of(app, ToiletSurvey.id_for(names.villages[village]), ToiletSurvey.Resurveyed)
    assert all(r.reason.strip() for r in resurveys)


# --- sewage stations ----------------------------------------------------------------------------------

STATION = rf"登记在“(?P<village>[^”]+)”建立“(?P<name>[^”]*)”，管护人(?P<custodian>{NAME})，管护岗(?P<posts>-?\d+)个"


@given(parsers.re(r"登记了人员“(?P<person>[^”]+)”"))
def person_enrolled(app: Taizhang, names: Names, person: str) -> None:
    names.people[person] = app.enrol_person(person, "", CLERK).id


def build(app: Taizhang, names: Names, actor: str, village: str, name: str, custodian: str, posts: str):
    custodian_id = names.people.get(custodian) or uuid.uuid4()
    return app.build_sewage_station(names.villages[village], name, custodian_id, int(posts), actor)


@pytest.fixture
def station(attempt: Attempt | None) -> uuid.UUID:
    assert attempt is not None, "no station was built in this scenario"
    return attempt.succeeded().id


@given(parsers.re(rf"(?P<actor>{NAME})已{STATION}"), target_fixture="station")
def station_built(app: Taizhang, names: Names, actor: str, village: str, name: str, custodian: str,
                  posts: str) -> uuid.UUID:
    return build(app, names, actor, village, name, custodian, posts).id


@when(parsers.re(rf"(?P<actor>{NAME}){STATION}"), target_fixture="attempt")
def building(app: Taizhang, names: Names, actor: str, village: str, name: str, custodian: str, posts: str) -> Attempt:
    return attempt(app, lambda: build(app, names, actor, village, name, custodian, posts))


@when(parsers.re(rf"(?P<actor>{NAME})将该站的管护人更换为(?P<custodian>{NAME})，原因“(?P<reason>[^”]*)”"),
      target_fixture="attempt")
def changing_custodian(app: Taizhang, names: Names, station: uuid.UUID, actor: str, custodian: str,
                       reason: str) -> Attempt:
    return attempt(app, lambda: app.change_station_custodian(station, names.people[custodian], reason, actor))


@then(parsers.re(rf"“(?P<name>[^”]+)”位于“(?P<village>[^”]+)”，管护人是(?P<custodian>{NAME})，管护岗(?P<posts>\d+)个"))
def station_is(app: Taizhang, names: Names, attempt: Attempt, station: uuid.UUID, name: str, village: str,
               custodian: str, posts: str) -> None:
    attempt.succeeded()
    found = app.get(SewageStation, station, "污水处理站")
    assert (found.name, found.village_id, found.care_posts) == (name, names.villages[village], int(posts))
    assert app.get(Person, found.custodian_id, "人员").name == custodian
