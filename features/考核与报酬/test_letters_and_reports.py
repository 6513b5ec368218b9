"""Steps of 门前五包 letters and their coverage, and of rewarded public reports."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.assessment.letters import LetterKind
from domain.assessment.reports import REPORT_STAGE_LABELS
from features.conftest import CLERK, settled
from features.support import DAY, NAME, Attempt, Names, attempt, day, photo
from taizhang.application import Taizhang

scenarios(
    "考核与报酬/门前五包责任书.feature",
    "考核与报酬/有奖举报.feature",
)

FIVE_GUARANTEES = ["包卫生", "包秩序", "包绿化", "包设施", "包安全"]


@pytest.fixture
def letters() -> dict[str, uuid.UUID]:
    """The scenario's 门前五包 letters, by household."""
    return {}


# --- households and letters ------------------------------------------------------------------


@given(parsers.re(r"“(?P<village>[^”]+)”登记有(?P<households>\d+)户，依据“(?P<source>[^”]+)”"))
def households_counted(app: Taizhang, names: Names, village: str, households: str, source: str) -> None:
    app.count_households(names.villages[village], int(households), app.today(), source, CLERK)


@given(parsers.re(
    r"“(?P<village>[^”]+)”与农户“(?P<household>[^”]+)”的门前五包责任书(?P<signed>已双方签字|只有村委会签字)，"
    rf"责任期(?P<start>{DAY})至(?P<end>{DAY})"
))
def letter_signed(app: Taizhang, names: Names, letters: dict, village: str, household: str, signed: str, start: str,
                  end: str) -> None:
    letter = app.draft_letter(LetterKind.FIVE_GUARANTEES, names.villages[village], FIVE_GUARANTEES, day(start),
                              day(end), CLERK, household=household).id
    app.sign_letter(letter, "first", f"{village}村委会", app.today(), CLERK)
    if signed == "已双方签字":
        app.sign_letter(letter, "second", household, app.today(), CLERK)
    letters[household] = letter


REVOCATION = rf"撤销与农户“(?P<household>[^”]+)”的责任书，自(?P<on>{DAY})起，原因“(?P<reason>[^”]*)”"


@given(parsers.re(rf"(?P<actor>{NAME})已{REVOCATION}"))
def letter_revoked(app: Taizhang, letters: dict, actor: str, household: str, on: str, reason: str) -> None:
    app.revoke_letter(letters[household], day(on), reason, actor)


@when(parsers.re(rf"(?P<actor>{NAME}){REVOCATION}"), target_fixture="attempt")
def revoking(app: Taizhang, letters: dict, actor: str, household: str, on: str, reason: str) -> Attempt:
    return attempt(app, lambda: app.revoke_letter(letters[household], day(on), reason, actor))


@when(parsers.re(
    rf"(?P<actor>{NAME})将与农户“(?P<household>[^”]+)”的责任书续签，责任期(?P<start>{DAY})至(?P<end>{DAY})"
), target_fixture="attempt")
def renewing(app: Taizhang, letters: dict, actor: str, household: str, start: str, end: str) -> Attempt:
    return attempt(app, lambda: app.renew_letter(letters[household], day(start), day(end), actor))


@then(parsers.re(
    rf"“(?P<village>[^”]+)”在(?P<on>{DAY})的门前五包覆盖率为(?P<signed>\d+)户/(?P<households>\d+)户，(?P<percent>[\d.]+)%"
))
def coverage(app: Taizhang, names: Names, attempt: Attempt | None, village: str, on: str, signed: str,
             households: str, percent: str) -> None:
    settled(attempt)
    found = app.letters_coverage(names.villages[village], day(on))
    assert found == (int(signed), int(households), Decimal(percent))


# --- rewarded public reports -----------------------------------------------------------------


@given(
    parsers.re(
        r"群众“(?P<reporter>[^”]+)”举报“(?P<village>[^”]+)”“(?P<place>[^”]+)”(?P<description>[^，]+)，"
        r"附视频(?P<count>\d+)份"
    ),
    target_fixture="report",
)
def reported(app: Taizhang, names: Names, reporter: str, village: str, place: str, description: str,
             count: str) -> uuid.UUID:
    videos = [photo(f"举报视频{n}.mp4") for n in range(int(count))]
    return app.submit_public_report(names.villages[village], place, description, videos, "举报热线",
                                    reporter=reporter).id


@given(parsers.re(rf"(?P<actor>{NAME})已核查该举报属实"))
def report_confirmed(app: Taizhang, report: uuid.UUID, actor: str) -> None:
    app.confirm_report(report, actor, "现场核实属实")


@when(parsers.re(rf"(?P<actor>{NAME})核查该举报属实"), target_fixture="attempt")
def confirming(app: Taizhang, report: uuid.UUID, actor: str) -> Attempt:
    return attempt(app, lambda: app.confirm_report(report, actor, "现场核实属实"))


@given(parsers.re(rf"(?P<actor>{NAME})已将该举报关联到该问题"))
def report_linked(app: Taizhang, report: uuid.UUID, problem: uuid.UUID, actor: str) -> None:
    app.link_report_to_problem(report, problem, actor)


@when(parsers.re(rf"(?P<actor>{NAME})批准该举报奖励(?P<amount>\d+)元"), target_fixture="attempt")
def approving_reward(app: Taizhang, report: uuid.UUID, actor: str, amount: str) -> Attempt:
    return attempt(app, lambda: app.approve_report_reward(report, Decimal(amount), actor))


@when(parsers.re(rf"(?P<actor>{NAME})登记该举报奖励已发放，凭证“(?P<reference>[^”]+)”"), target_fixture="attempt")
def paying_reward(app: Taizhang, report: uuid.UUID, actor: str, reference: str) -> Attempt:
    return attempt(app, lambda: app.pay_report_reward(report, reference, actor))


REJECTION = r"对该举报不予采纳，原因“(?P<reason>[^”]*)”"


@given(parsers.re(rf"(?P<actor>{NAME})已{REJECTION}"))
def report_rejected(app: Taizhang, report: uuid.UUID, actor: str, reason: str) -> None:
    app.reject_report(report, reason, actor)


@when(parsers.re(rf"(?P<actor>{NAME}){REJECTION}"), target_fixture="attempt")
def rejecting(app: Taizhang, report: uuid.UUID, actor: str, reason: str) -> Attempt:
    return attempt(app, lambda: app.reject_report(report, reason, actor))


STAGES = {label: stage for stage, label in REPORT_STAGE_LABELS.items()}


@then(parsers.re(r"该举报处于“(?P<stage>[^”]+)”阶段(?:，奖励(?P<reward>[\d.]+)元，关联到该问题)?"))
def report_stage(app: Taizhang, attempt: Attempt | None, report: uuid.UUID, stage: str, reward: str | None,
                 request: pytest.FixtureRequest) -> None:
    settled(attempt)
    found = app.public_report(report)
    assert found.stage == STAGES[stage]
    if reward:
        assert found.reward == Decimal(reward)
        assert found.problem_id == request.getfixturevalue("problem")
