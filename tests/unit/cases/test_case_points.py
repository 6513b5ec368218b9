"""How a case counts against the year-end: once per case, at the heaviest outcome it reached, by the points of the
rule version in force on its day (1, 3 and 5 where the rule book says nothing); a case only opened takes nothing,
nor one of another year, nor one naming the person in a post that is not assessed."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from domain.assessment.facts import ClosingFact, PersonFact
from domain.assessment.values import FactRef, Month
from domain.assessment.year_end import year_end_assessments
from domain.cases.points import CasePoints
from domain.cases.record import CaseStep, case_records
from domain.errors import InvalidInput
from domain.people import RoleAssignment
from domain.vocabulary import Role, UnitKind
from tests.assessment.rulebooks import rules_2023

VILLAGE = uuid.uuid4()
CADRE = PersonFact(uuid.uuid4(), FactRef(1, uuid.uuid4(), 1), "朱伟",
                   [RoleAssignment(1, Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, VILLAGE, date(2023, 1, 1))])
SECRETARY = PersonFact(uuid.uuid4(), FactRef(2, uuid.uuid4(), 1), "潘晓",
                       [RoleAssignment(1, Role.VILLAGE_SECRETARY, UnitKind.VILLAGE, VILLAGE, date(2023, 1, 1))])
JANUARY = {Month(2023, 1): ClosingFact(Month(2023, 1), FactRef(3, uuid.uuid4(), 1), "2023-01", 3, [], [
    {"village_id": str(VILLAGE), "village_name": "南山村", "rank": 3, "band": "后进", "year_end_points": "5"}], "x")}
AT = datetime(2023, 4, 1, tzinfo=UTC)


def case(day: date, *steps: tuple[str, dict[str, str | bool]], n: int = 1) -> list[CaseStep]:
    case_id = str(uuid.UUID(int=n))
    opened = CaseStep(10 * n, case_id, 1, "AccountabilityCase.Opened", "inspector", AT, AT, {
        "trigger_key": f"back_band:{n}", "trigger_kind": "back_band", "village_id": str(VILLAGE),
        "day": day.isoformat(), "reason": "两个月后进", "cites": [],
        "respondents": [{"person_id": str(p.person_id), "name": p.name, "role": p.assignments[0].role.value}
                        for p in (CADRE, SECRETARY)]})
    return [opened] + [CaseStep(10 * n + v, case_id, v + 1, f"AccountabilityCase.{kind}", "inspector", AT, AT, detail)
                       for v, (kind, detail) in enumerate(steps, start=1)]


INTERVIEW = ("InterviewHeld", {})
NOTICE = ("Escalated", {"to": "notice_criticism"})
COUNTY = ("Escalated", {"to": "county"})


def points_of(steps: list[CaseStep], rules: tuple = (rules_2023(),)) -> tuple[D | None, list[tuple[str, D]]]:
    [cadre] = year_end_assessments(2023, [(CADRE, CADRE.assignments[0]), (SECRETARY, SECRETARY.assignments[0])],
                                   JANUARY, case_records(steps), rules)
    return cadre.points, [(c.outcome, c.points) for c in cadre.cases]


def test_a_case_takes_the_points_of_its_heaviest_outcome_once() -> None:
    q1 = date(2023, 3, 31)
    assert points_of(case(q1)) == (D("5.00"), [])  # only opened: not yet an outcome
    assert points_of(case(q1, INTERVIEW)) == (D("4.00"), [("interview", D("1.00"))])
    assert points_of(case(q1, INTERVIEW, NOTICE)) == (D("2.00"), [("notice_criticism", D("3.00"))])
    assert points_of(case(q1, INTERVIEW, NOTICE, COUNTY)) == (D("0.00"), [("county", D("5.00"))])
    assert points_of(case(q1, NOTICE) + case(q1, INTERVIEW, n=2)) == (
        D("1.00"), [("notice_criticism", D("3.00")), ("interview", D("1.00"))])
    assert points_of(case(date(2022, 12, 31), INTERVIEW, NOTICE)) == (D("5.00"), [])  # a failing of another year


def test_the_rule_version_in_force_on_the_case_day_says_how_much() -> None:
    stricter = replace(rules_2023(), case_points=CasePoints(D("2"), D("4"), D("8")))
    assert points_of(case(date(2023, 3, 31), INTERVIEW), (stricter,)) == (D("3.00"), [("interview", D("2.00"))])
    assert points_of(case(date(2023, 3, 31), INTERVIEW), ()) == (D("4.00"), [("interview", D("1.00"))])  # defaults
    assert type(stricter).from_record(stricter.as_record()) == stricter
    assert "case_points" not in rules_2023().as_record()  # versions adopted without it keep their recorded form


def test_case_points_are_refused_unknown_or_negative() -> None:
    with pytest.raises(InvalidInput, match="未知的问责扣分项"):
        CasePoints.from_record({"warning": "1"})
    with pytest.raises(InvalidInput, match="不能为负数"):
        CasePoints.from_record({"interview": "-1"})


def test_a_frozen_year_end_records_its_cases_and_one_without_keeps_its_form() -> None:
    holders = [(CADRE, CADRE.assignments[0])]
    [plain] = year_end_assessments(2023, holders, JANUARY, [], (rules_2023(),))
    assert set(plain.as_record()) == {"person_id", "person_name", "role", "year", "points", "entries",
                                      "months_not_closed", "rule_version_ids"}
    [charged] = year_end_assessments(2023, holders, JANUARY, case_records(case(date(2023, 3, 31), INTERVIEW)),
                                     (rules_2023(),))
    record = charged.as_record()
    assert record["points"] == "4.00" and record["village_points"] == "5.00"
    [counted] = record["cases"]
    assert counted["outcome"] == "interview" and counted["points"] == "1.00"
    assert counted["ref"] == {"aggregate_id": str(uuid.UUID(int=1)), "version": 2, "position": 11}
