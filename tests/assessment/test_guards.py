"""The guards of patrols, pay sheets, letters and reports, and the pure adjustment calculation."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from domain.acts import Act
from domain.assessment.errors import IdentityKeyDestroyed, SelfApprovalForbidden, SheetNotApproved, SheetNotDraft
from domain.assessment.letters import LetterKind, ResponsibilityLetter
from domain.assessment.patrol import DailyPatrol, Finding
from domain.assessment.pay import SettledMonth, adjustment_lines
from domain.assessment.paysheet import PayLine, PaySheet, SheetKind
from domain.assessment.values import FactRef, Month, money
from domain.errors import InvalidInput, StageNotAllowed
from taizhang.keystore import MemoryKeyStore, seal, unseal
from tests.assessment.rulebooks import rules_2023
from tests.assessment.township import PHOTO

NOW = datetime(2023, 4, 2, 2, tzinfo=UTC)


def act(actor: str = "clerk") -> Act:
    return Act(actor, NOW, NOW)


def line(amount: str, refs=(), person=None) -> PayLine:
    return PayLine(person or PERSON, "李娟", "cleaner", None, "", "3 月", D(amount), "2023-03", "2023-01", tuple(refs))


PERSON = uuid.uuid4()


def test_a_patrol_finding_needs_evidence_a_known_item_and_a_past_day() -> None:
    rules, v, i = rules_2023(), uuid.uuid4(), uuid.uuid4()
    with pytest.raises(InvalidInput):
        DailyPatrol.record(date(2023, 4, 1), v, i, [Finding("litter", 1, ())], rules, act())
    with pytest.raises(InvalidInput):
        DailyPatrol.record(date(2023, 4, 1), v, i, [Finding("litter", 1, (PHOTO,))] * 2, rules, act())
    with pytest.raises(InvalidInput):
        DailyPatrol.record(date(2023, 4, 3), v, i, [], rules, act())
    patrol = DailyPatrol.record(date(2023, 4, 1), v, i, [Finding("litter", 1, (PHOTO,))], rules, act())
    problem = uuid.uuid4()
    patrol.link_finding(1, problem, act())
    with pytest.raises(StageNotAllowed):
        patrol.link_finding(1, uuid.uuid4(), act())
    patrol.correct([Finding("litter", 2, (PHOTO,))], "复核", rules, act())
    assert patrol.finding(1).problem_id == problem  # the link survives a correction
    patrol.withdraw("重复登记", act())
    with pytest.raises(StageNotAllowed):
        patrol.correct([], "再改", rules, act())


def test_a_sheet_is_approved_by_someone_else_and_never_changes_after() -> None:
    sheet = PaySheet.draft(SheetKind.CLEANER_BONUS, Month(2023, 3), "2023-01", 10, [line("200")], act("clerk"))
    with pytest.raises(SheetNotApproved):
        sheet.mark_paid("凭证", date(2023, 4, 5), act("cashier"))
    with pytest.raises(SelfApprovalForbidden):
        sheet.approve(act("clerk"))
    sheet.approve(act("director"))
    with pytest.raises(SheetNotDraft):
        sheet.redraft("2023-01", 11, [line("300")], act("clerk"))
    with pytest.raises(SheetNotDraft):
        sheet.approve(act("auditor"))
    assert sheet.total == D("200.00")
    # approved on 2 April in the township (02:00 UTC is 10:00 there): a payment dated the day before is refused
    with pytest.raises(InvalidInput, match="早于审批日期 2023-04-02"):
        sheet.mark_paid("凭证", date(2023, 4, 1), act("cashier"))
    sheet.mark_paid("凭证", date(2023, 4, 2), act("cashier"))
    with pytest.raises(InvalidInput):
        PaySheet.draft(SheetKind.CLEANER_BONUS, Month(2023, 4), "2023-01", 10, [line("1"), line("2")], act())


def test_an_adjustment_is_the_difference_caused_by_facts_after_the_freeze() -> None:
    old, late = FactRef(5, uuid.uuid4(), 1), FactRef(40, uuid.uuid4(), 2)
    settled = SettledMonth(Month(2023, 3), "sheet-3", 20, (line("200", [old]),))
    [adjust] = adjustment_lines(settled, [line("300", [old, late])])
    assert adjust.amount == D("100.00") and adjust.causes == (late,) and adjust.adjusts_sheet == "sheet-3"
    assert adjustment_lines(settled, [line("200", [old])]) == []
    [claw_back] = adjustment_lines(settled, [])
    assert claw_back.amount == D("-200.00")


def test_letters_name_their_parties_and_their_terms() -> None:
    v = uuid.uuid4()
    with pytest.raises(InvalidInput):
        ResponsibilityLetter.draft(
            LetterKind.FIVE_GUARANTEES, v, ["包卫生"], date(2023, 1, 1), date(2023, 12, 31), act()
        )
    with pytest.raises(InvalidInput):
        ResponsibilityLetter.draft(LetterKind.TARGET, v, ["目标"], date(2023, 1, 1), date(2022, 12, 31), act())
    with pytest.raises(InvalidInput):
        ResponsibilityLetter.draft(LetterKind.TARGET, v, [" "], date(2023, 1, 1), date(2023, 12, 31), act())
    letter = ResponsibilityLetter.draft(LetterKind.TARGET, v, ["目标"], date(2023, 1, 1), date(2023, 12, 31), act())
    with pytest.raises(InvalidInput):
        letter.revoke(date(2023, 2, 1), " ", act())


def test_money_is_yuan_to_the_fen_rounded_half_up() -> None:
    assert money("348.385") == D("348.39") and money(1) == D("1.00")
    with pytest.raises(InvalidInput):
        money("abc")


def test_a_destroyed_key_leaves_only_unreadable_ciphertext() -> None:
    store = MemoryKeyStore()
    sealed = seal(store, "陈某 13900000000")
    assert unseal(store, sealed) == "陈某 13900000000"
    store.destroy(sealed.key_id)
    with pytest.raises(IdentityKeyDestroyed):
        unseal(store, sealed)
