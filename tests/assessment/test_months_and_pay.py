"""Months scored and closed, pay sheets approved, late corrections adjusted next month — on both stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from domain.assessment.errors import (
    PeriodClosed,
    PeriodNotClosed,
    PeriodNotOver,
    RulesRetroactive,
    SelfApprovalForbidden,
    SheetNotApproved,
    SheetNotDraft,
)
from domain.assessment.paysheet import SheetKind, SheetStatus
from domain.assessment.values import Month
from domain.errors import AlreadyExists, RoleNotHeld
from domain.vocabulary import Category, Role, Source, UnitKind
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from tests.assessment.rulebooks import rules_july_2023
from tests.assessment.township import found, patrol, township

MARCH, APRIL, MAY = Month(2023, 3), Month(2023, 4), Month(2023, 5)


def at(clock: SimulatedClock, y: int, m: int, d: int) -> None:
    clock.set(datetime(y, m, d, 2, tzinfo=UTC))


def test_a_month_is_scored_closed_and_then_refuses_new_scores(app: Taizhang, clock: SimulatedClock) -> None:
    t = township(app)
    at(clock, 2023, 3, 20)
    patrol(app, t, date(2023, 3, 10))
    patrol(app, t, date(2023, 3, 17), None, True, found("piles", 2))
    patrol(app, t, date(2023, 3, 18), t.west, False)
    with pytest.raises(PeriodNotOver):
        app.close_month(MARCH, "office")
    at(clock, 2023, 4, 2)
    app.close_month(MARCH, "office")
    closing = app.month_closing(MARCH)
    assert closing.rule_version_id == "2023-01"
    assert closing.content_digest() == closing.digest
    [rating] = closing.ratings
    assert rating["score"] == "90.00" and rating["grade_name"] == "优秀"
    ranks = {r["village_name"]: (r["rank"], r["note"]) for r in closing.rankings}
    assert ranks["东沟村"][0] == 1
    assert ranks["西岭村"][0] is None and "少于" in ranks["西岭村"][1]  # one patrol, two needed
    before = app.recorder.max_notification_id()
    with pytest.raises(PeriodClosed):
        patrol(app, t, date(2023, 3, 30))
    with pytest.raises(AlreadyExists):
        app.close_month(MARCH, "office")
    assert app.recorder.max_notification_id() == before


def test_a_cleaner_must_hold_the_role_in_that_village_on_the_day(app: Taizhang, clock: SimulatedClock) -> None:
    t = township(app)
    with pytest.raises(RoleNotHeld):
        app.record_patrol(date(2023, 2, 20), t.west, t.inspector, [], "inspector", cleaner_id=t.cleaner)


def test_a_finding_opens_a_problem_in_the_ledger_linked_to_the_patrol(app: Taizhang) -> None:
    t = township(app)
    outcome = patrol(app, t, date(2023, 2, 28), None, True, found("litter", 3))
    problem_outcome = app.open_problem_from_finding(
        outcome.id, 1, Category.PLASTIC_LITTER, "二组路口", "白色垃圾 3 处", "office"
    )
    problem = app.problem(problem_outcome.id)
    assert problem.source == Source.TOWNSHIP_PATROL and problem.village_id == t.east
    assert app.patrol(outcome.id).finding(1).problem_id == problem.id


def test_a_rule_change_mid_year_leaves_earlier_months_unchanged(app: Taizhang, clock: SimulatedClock) -> None:
    t = township(app)
    at(clock, 2023, 6, 20)
    patrol(app, t, date(2023, 6, 5), None, True, found("litter", 2))
    patrol(app, t, date(2023, 6, 12), None, True, found("litter", 2))
    at(clock, 2023, 7, 3)
    app.close_month(Month(2023, 6), "office")
    june_before = app.month_closing(Month(2023, 6)).digest
    app.adopt_rules(rules_july_2023(), "office")
    patrol(app, t, date(2023, 7, 3), None, True, found("litter", 2))
    assert app.month_figures(Month(2023, 6)).ratings[0].score == D("90.00")
    assert app.month_figures(Month(2023, 6)).rules.version_id == "2023-01"
    july = app.month_figures(Month(2023, 7))
    assert july.ratings[0].score == D("80.00") and july.rules.version_id == "2023-07"
    assert app.month_closing(Month(2023, 6)).digest == june_before
    with pytest.raises(RulesRetroactive):
        app.adopt_rules(replace(rules_july_2023(), version_id="2023-06", effective_from=date(2023, 6, 1)), "office")


def test_an_approved_sheet_is_unchanged_by_a_late_correction_which_is_adjusted_next_month(
    app: Taizhang, clock: SimulatedClock
) -> None:
    t = township(app)
    at(clock, 2023, 3, 20)
    march_patrol = patrol(app, t, date(2023, 3, 10), None, True, found("piles", 2)).id  # 80 → 良好 200
    patrol(app, t, date(2023, 3, 17), None, True, found("piles", 2))
    at(clock, 2023, 4, 2)
    app.close_month(MARCH, "office")
    with pytest.raises(PeriodNotClosed):
        app.draft_pay_sheet(SheetKind.CLEANER_BONUS, APRIL, "clerk")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "clerk")
    with pytest.raises(SelfApprovalForbidden):
        app.approve_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "clerk")
    app.approve_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "director")
    approved = app.pay_sheet(SheetKind.CLEANER_BONUS, MARCH)
    assert [line.amount for line in approved.lines] == [D("200.00")]
    approved_lines = approved.lines

    at(clock, 2023, 4, 20)
    patrol(app, t, date(2023, 4, 10))
    patrol(app, t, date(2023, 4, 17))
    # the first March finding was wrong (the piles were a neighbour's): March's mean is 90 → 优秀 300
    correction = app.correct_patrol(march_patrol, [], "复核照片，五堆不在其责任区", "office")
    at(clock, 2023, 5, 2)
    app.close_month(APRIL, "office")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, APRIL, "clerk")
    april = app.pay_sheet(SheetKind.CLEANER_BONUS, APRIL)
    regular, adjustment = sorted(april.lines, key=lambda line: line.is_adjustment)
    assert regular.amount == D("300.00") and regular.for_month == "2023-04"
    assert adjustment.amount == D("100.00") and adjustment.for_month == "2023-03"
    assert adjustment.adjusts_sheet == str(approved.id)
    assert correction.position in {c.position for c in adjustment.causes}
    assert [c.aggregate_id for c in adjustment.causes] == [march_patrol]
    # the approved March sheet never changes and still regenerates as approved
    assert app.pay_sheet(SheetKind.CLEANER_BONUS, MARCH).lines == approved_lines
    assert app.regenerate_pay_sheet(SheetKind.CLEANER_BONUS, MARCH) == approved_lines
    assert app.regenerate_pay_sheet(SheetKind.CLEANER_BONUS, APRIL) == april.lines
    with pytest.raises(SheetNotDraft):
        app.draft_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "clerk")
    # once approved, the adjustment is settled and not carried again in May
    app.approve_pay_sheet(SheetKind.CLEANER_BONUS, APRIL, "director")
    app.mark_pay_sheet_paid(SheetKind.CLEANER_BONUS, APRIL, "凭证 2023-05-08", date(2023, 5, 8), "cashier")
    assert app.pay_sheet(SheetKind.CLEANER_BONUS, APRIL).status == SheetStatus.PAID
    at(clock, 2023, 6, 2)
    app.close_month(MAY, "office")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, MAY, "clerk")
    assert all(not line.is_adjustment for line in app.pay_sheet(SheetKind.CLEANER_BONUS, MAY).lines)


def test_a_later_month_waits_for_the_earlier_draft(app: Taizhang, clock: SimulatedClock) -> None:
    township(app)
    at(clock, 2023, 5, 2)
    app.close_month(MARCH, "office")
    app.close_month(APRIL, "office")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "clerk")
    with pytest.raises(SheetNotApproved):
        app.draft_pay_sheet(SheetKind.CLEANER_BONUS, APRIL, "clerk")


def test_cadre_pay_follows_the_villages_band_for_the_days_held(app: Taizhang, clock: SimulatedClock) -> None:
    t = township(app)
    deputy = app.enrol_person("刘干部", "", "admin").id
    app.take_role(deputy, Role.VILLAGE_CADRE, UnitKind.VILLAGE, t.east, date(2023, 3, 17), "admin")
    at(clock, 2023, 3, 20)
    patrol(app, t, date(2023, 3, 10))
    patrol(app, t, date(2023, 3, 17))
    at(clock, 2023, 4, 2)
    app.close_month(MARCH, "office")
    app.draft_pay_sheet(SheetKind.CADRE_PAY, MARCH, "clerk")
    lines = {line.person_name: line for line in app.pay_sheet(SheetKind.CADRE_PAY, MARCH).lines}
    assert lines["张书记"].amount == D("1200.00")  # 1000 × 1.2 (first place) × 31/31
    assert lines["刘干部"].amount == D("348.39")  # 600 × 1.2 × 15/31
    assert "先进" in lines["张书记"].basis and lines["张书记"].rule_version_id == "2023-01"


def test_overdue_reopened_and_reported_problems_count_against_the_village(app: Taizhang, clock: SimulatedClock) -> None:
    from domain.acts import Resources
    from taizhang.commands.problems import DeadlineRequest
    from tests.assessment.township import PHOTO

    t = township(app)
    at(clock, 2023, 3, 2)
    late = app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, t.east, "村口", "垃圾堆", "clerk").id
    app.assign_problem(late, DeadlineRequest(due=date(2023, 3, 10)), "clerk")
    reopened = app.register_problem(Source.AERIAL_PHOTO, Category.OLD_GARBAGE, t.east, "河边", "陈年垃圾", "clerk").id
    app.assign_problem(reopened, DeadlineRequest(due=date(2023, 3, 20)), "clerk")
    app.report_rectification(reopened, "已清", [PHOTO], Resources(), "cadre")
    app.pass_verification(reopened, "clerk")
    at(clock, 2023, 3, 6)
    app.close_problem(reopened, "clerk")
    app.reopen_problem(reopened, "反弹", DeadlineRequest(due=date(2023, 4, 30)), "clerk")
    patrol(app, t, date(2023, 3, 3))
    patrol(app, t, date(2023, 3, 5))
    at(clock, 2023, 4, 2)
    [east] = [s for s in app.month_figures(MARCH).standings if s.village_name == "东沟村"]
    assert (east.overdue, east.reopened, east.mean_days_to_close) == (1, 1, D("4.00"))
    # 100 + 0 coverage − 2×1 overdue − 3×1 reopened − 0.5×4 days
    assert east.score == D("93.00")
    assert len(east.refs) == 5
