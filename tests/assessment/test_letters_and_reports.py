"""Letters signed, renewed and revoked; coverage; a public report rewarded; a reporter's identity shredded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from domain.acts import Evidence
from domain.assessment.errors import (
    IdentityKeyDestroyed,
    LetterAlreadySigned,
    LetterNotInForce,
    LetterRevoked,
    ReportStepNotAllowed,
    SelfApprovalForbidden,
)
from domain.assessment.letters import LetterKind
from domain.assessment.reports import ReportStage
from domain.vocabulary import Category, Source
from taizhang.application import Taizhang
from tests.assessment.township import township

VIDEO = Evidence("c" * 64, "dumping.mp4", "video/mp4")
FIVE = ["包卫生", "包秩序", "包绿化", "包设施", "包安全"]


def signed_household_letter(app: Taizhang, village, household: str) -> object:
    letter = app.draft_letter(LetterKind.FIVE_GUARANTEES, village, FIVE, date(2023, 1, 1), date(2023, 12, 31), "clerk",
                              household=household).id
    app.sign_letter(letter, "first", "东沟村村委会", date(2023, 1, 5), "clerk")
    app.sign_letter(letter, "second", household, date(2023, 1, 6), "clerk")
    return letter


def test_coverage_counts_households_with_a_letter_in_force_and_a_revoked_letter_stops_counting(app: Taizhang) -> None:
    t = township(app)
    app.count_households(t.east, 4, date(2023, 1, 1), "2022 年户籍统计", "clerk")
    first = signed_household_letter(app, t.east, "一组 李大山")
    signed_household_letter(app, t.east, "一组 王二")
    unsigned = app.draft_letter(LetterKind.FIVE_GUARANTEES, t.east, FIVE, date(2023, 1, 1), date(2023, 12, 31), "clerk",
                                household="二组 赵三").id
    app.sign_letter(unsigned, "first", "东沟村村委会", date(2023, 1, 5), "clerk")
    assert app.letters_coverage(t.east, date(2023, 2, 1)) == (2, 4, D("50.00"))
    with pytest.raises(LetterAlreadySigned):
        app.sign_letter(unsigned, "first", "东沟村村委会", date(2023, 1, 5), "clerk")
    app.revoke_letter(first, date(2023, 3, 1), "农户已搬迁", "clerk")
    assert app.letters_coverage(t.east, date(2023, 2, 28))[0] == 2
    assert app.letters_coverage(t.east, date(2023, 3, 1)) == (1, 4, D("25.00"))
    with pytest.raises(LetterRevoked):
        app.renew_letter(first, date(2024, 1, 1), date(2024, 12, 31), "clerk")


def test_a_target_letter_is_renewed_and_signed_again(app: Taizhang) -> None:
    t = township(app)
    letter = app.draft_letter(
        LetterKind.TARGET, t.east, ["全年无非正规垃圾堆放点"], date(2023, 1, 1), date(2023, 12, 31), "clerk"
    ).id
    with pytest.raises(LetterNotInForce):
        app.renew_letter(letter, date(2024, 1, 1), date(2024, 12, 31), "clerk")
    app.sign_letter(letter, "first", "镇长", date(2023, 1, 3), "clerk")
    app.sign_letter(letter, "second", "张书记", date(2023, 1, 3), "clerk")
    app.renew_letter(letter, date(2024, 1, 1), date(2024, 12, 31), "clerk")
    renewed = app.letter(letter)
    assert renewed.in_force_on(date(2023, 6, 1)) and not renewed.in_force_on(date(2024, 6, 1))
    app.sign_letter(letter, "first", "镇长", date(2024, 1, 2), "clerk")
    app.sign_letter(letter, "second", "张书记", date(2024, 1, 2), "clerk")
    assert app.letter(letter).in_force_on(date(2024, 6, 1))


def test_a_public_report_is_checked_linked_rewarded_and_paid(app: Taizhang, tmp_path: Path) -> None:
    t = township(app)
    report = app.submit_public_report(t.east, "河沟桥下", "夜间有三轮车偷倒建筑垃圾", [VIDEO], "hotline",
                                      reporter="陈某 13900000000").id
    stored = app.public_report(report)
    assert "陈某" not in stored.identity.ciphertext
    assert app.reporter_identity(report) == "陈某 13900000000"
    with pytest.raises(ReportStepNotAllowed):
        app.approve_report_reward(report, D("200"), "director")
    app.confirm_report(report, "checker", "现场核实属实")
    problem = app.register_problem(
        Source.PUBLIC_REPORT, Category.INFORMAL_DUMP, t.east, "河沟桥下", "建筑垃圾约 2 吨", "clerk"
    ).id
    with pytest.raises(ReportStepNotAllowed):
        app.approve_report_reward(report, D("200"), "director")  # not yet linked to the problem it revealed
    app.link_report_to_problem(report, problem, "checker")
    with pytest.raises(SelfApprovalForbidden):
        app.approve_report_reward(report, D("200"), "checker")
    app.approve_report_reward(report, D("200"), "director")
    app.pay_report_reward(report, "现金支付凭证 0042", "cashier")
    paid = app.public_report(report)
    assert paid.stage == ReportStage.PAID and paid.reward == D("200.00") and paid.problem_id == problem
    # the reporter asks to be forgotten: the key goes, the events stay, the name is unreadable
    app.forget_reporter(report, "举报人申请删除个人信息", "director")
    with pytest.raises(IdentityKeyDestroyed):
        app.reporter_identity(report)
    assert app.public_report(report).identity.ciphertext == stored.identity.ciphertext


def test_a_report_rejected_with_a_reason_goes_no_further(app: Taizhang, tmp_path: Path) -> None:
    t = township(app)
    report = app.submit_public_report(t.west, "村口", "有垃圾", [VIDEO], "hotline").id
    app.reject_report(report, "现场无垃圾，照片为外地", "checker")
    assert app.public_report(report).stage == ReportStage.REJECTED
    with pytest.raises(ReportStepNotAllowed):
        app.confirm_report(report, "checker")
