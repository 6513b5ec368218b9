"""Steps of pay sheets drafted, approved and paid, adjustments next month, and the year-end assessment."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import given, parsers, scenarios, then, when

from domain.assessment.paysheet import SHEET_KIND_LABELS, SHEET_STATUS_LABELS, PayLine, PaySheet
from features.conftest import settled
from features.support import DAY, NAME, ROLES, Attempt, Names, attempt, day
from features.考核与报酬.conftest import MONTH, month_of
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome

scenarios(
    "考核与报酬/发放表审批.feature",
    "考核与报酬/审批后更正与补发.feature",
    "考核与报酬/年终考核.feature",
)

KINDS = {label: kind for kind, label in SHEET_KIND_LABELS.items()}
STATUSES = {label: status for status, label in SHEET_STATUS_LABELS.items()}
SHEET = rf"(?P<month>{MONTH})的(?P<kind>{'|'.join(KINDS)})"


def sheet_of(app: Taizhang, month: str, kind: str) -> PaySheet:
    sheet = app.pay_sheet(KINDS[kind], month_of(month))
    assert sheet is not None, f"no {kind} for {month}"
    return sheet


# --- drafting, approving, paying -------------------------------------------------------------


@given(parsers.re(rf"(?P<actor>{NAME})已编制{SHEET}"))
def sheet_drafted(app: Taizhang, actor: str, month: str, kind: str) -> None:
    app.draft_pay_sheet(KINDS[kind], month_of(month), actor)


@when(parsers.re(rf"(?P<actor>{NAME})编制{SHEET}"), target_fixture="attempt")
def drafting(app: Taizhang, actor: str, month: str, kind: str) -> Attempt:
    return attempt(app, lambda: app.draft_pay_sheet(KINDS[kind], month_of(month), actor))


@given(parsers.re(rf"(?P<actor>{NAME})已审批{SHEET}"))
def sheet_approved(app: Taizhang, actor: str, month: str, kind: str) -> None:
    app.approve_pay_sheet(KINDS[kind], month_of(month), actor)


@when(parsers.re(rf"(?P<actor>{NAME})审批{SHEET}"), target_fixture="attempt")
def approving(app: Taizhang, actor: str, month: str, kind: str) -> Attempt:
    return attempt(app, lambda: app.approve_pay_sheet(KINDS[kind], month_of(month), actor))


@when(parsers.re(rf"(?P<actor>{NAME})登记{SHEET}已于(?P<paid_on>{DAY})发放，凭证“(?P<reference>[^”]+)”"),
      target_fixture="attempt")
def paying(app: Taizhang, actor: str, month: str, kind: str, paid_on: str, reference: str) -> Attempt:
    return attempt(app, lambda: app.mark_pay_sheet_paid(KINDS[kind], month_of(month), reference, day(paid_on), actor))


@then(parsers.re(rf"{SHEET}为(?P<status>{'|'.join(STATUSES)})"))
def sheet_status(app: Taizhang, attempt: Attempt | None, month: str, kind: str, status: str) -> None:
    settled(attempt)
    assert sheet_of(app, month, kind).status == STATUSES[status]


def lines_of(app: Taizhang, names: Names, month: str, kind: str, person: str, for_month: str) -> list[PayLine]:
    return [
        line for line in sheet_of(app, month, kind).lines
        if line.person_id == names.people[person] and line.for_month == str(month_of(for_month))
    ]


@then(parsers.re(
    rf"{SHEET}中(?P<person>{NAME})(?P<for_month>{MONTH})的奖金为(?P<amount>[\d.]+)元，依据规则“(?P<version>[^”]+)”"
))
def regular_line(app: Taizhang, names: Names, attempt: Attempt | None, month: str, kind: str, person: str,
                 for_month: str, amount: str, version: str) -> None:
    settled(attempt)
    [line] = [x for x in lines_of(app, names, month, kind, person, for_month) if not x.is_adjustment]
    assert (line.amount, line.rule_version_id) == (Decimal(amount), version)


@then(parsers.re(
    rf"{SHEET}中有一行(?P<direction>补发|扣回)(?P<person>{NAME})(?P<for_month>{MONTH})的(?P<amount>[\d.]+)元，"
    rf"指向(?P<adjusted>{MONTH})的发放表，起因是该更正"
))
def adjustment_line(app: Taizhang, names: Names, attempt: Attempt, correction: Outcome, month: str, kind: str,
                    direction: str, person: str, for_month: str, amount: str, adjusted: str) -> None:
    attempt.succeeded()
    [line] = [x for x in lines_of(app, names, month, kind, person, for_month) if x.is_adjustment]
    signed = Decimal(amount) if direction == "补发" else -Decimal(amount)
    assert line.amount == signed
    assert line.adjusts_sheet == str(PaySheet.id_for(KINDS[kind], month_of(adjusted)))
    assert [(c.aggregate_id, c.position) for c in line.causes] == [(correction.id, correction.position)]


@then(parsers.re(rf"{SHEET}按记录重新生成，与审批时相同"))
def regenerated_as_approved(app: Taizhang, month: str, kind: str) -> None:
    sheet = sheet_of(app, month, kind)
    regenerated = app.regenerate_pay_sheet(KINDS[kind], month_of(month))
    [approval] = [e for e in app.events.get(sheet.id) if isinstance(e, PaySheet.Approved)]
    assert regenerated == sheet.lines
    assert sum((line.amount for line in regenerated), Decimal(0)) == approval.total


# --- the year-end assessment -----------------------------------------------------------------


@when(parsers.re(rf"(?P<actor>{NAME})查看(?P<year>\d{{4}})年的年终考核"), target_fixture="attempt")
def viewing_year_end(app: Taizhang, actor: str, year: str) -> Attempt:
    return attempt(app, lambda: app.year_end_assessment(int(year)))


def assessment_of(attempt: Attempt, names: Names, person: str, role: str):
    [found] = [
        a for a in attempt.succeeded() if a.person_id == names.people[person] and a.role == ROLES[role].value
    ]
    return found


@then(parsers.re(rf"(?P<person>{NAME})作为(?P<role>[^的]+)的年终考核明细为："))
def year_end_entries(attempt: Attempt, names: Names, person: str, role: str, datatable: list[list[str]]) -> None:
    entries = assessment_of(attempt, names, person, role).entries
    shown = [[str(e.month), e.village_name, str(e.rank) if e.rank else "不排名", str(e.points)] for e in entries]
    assert shown == datatable[1:]


@then(parsers.re(rf"(?P<person>{NAME})作为(?P<role>[^的]+)的年终考核得分为(?P<points>[\d.]+)分"))
def year_end_points(attempt: Attempt, names: Names, person: str, role: str, points: str) -> None:
    assert assessment_of(attempt, names, person, role).points == Decimal(points)


@then(parsers.re(r"年终考核注明(?P<first>\d{4}-\d{2})至(?P<last>\d{4}-\d{2})尚未结账"))
def months_not_closed(attempt: Attempt, first: str, last: str) -> None:
    for assessment in attempt.succeeded():
        assert (assessment.months_not_closed[0], assessment.months_not_closed[-1]) == (first, last)
