"""Every event the assessment fold reads says which days it bears on, and a settled month is reckoned once."""

from __future__ import annotations

import uuid
from decimal import Decimal

from domain.assessment.facts import FOLDED_EVENTS, SheetFact
from domain.assessment.facts.bearing import BEARS_FROM
from domain.assessment.paysheet import PayLine, SheetKind, SheetStatus
from domain.assessment.sheet_lines import last_reckoned
from domain.assessment.values import FactRef, Month

KIND = SheetKind.CLEANER_BONUS
MARCH = Month(2023, 3)


def test_every_folded_event_class_has_its_own_bearing_rule() -> None:
    # A class without a rule would bear on every day: correct, but a month would be scored again for nothing.
    assert set(BEARS_FROM) == set(FOLDED_EVENTS)


def sheet(month: Month, as_of: int, approved_at: int | None, adjusts: tuple[Month, ...] = ()) -> SheetFact:
    lines = [
        PayLine(uuid.UUID(int=1), "张三", "cleaner", None, "", "补发", Decimal(5), str(m), "v1", (), "sheet-x")
        for m in adjusts
    ]
    status = SheetStatus.APPROVED if approved_at is not None else SheetStatus.DRAFT
    ref = FactRef(as_of, uuid.uuid4(), 1)
    return SheetFact(uuid.uuid4(), ref, KIND, month, status, as_of, "v1", lines, approved_at)


def test_a_month_nothing_adjusted_was_last_reckoned_by_the_latest_sheet_drafted_after_its_approval() -> None:
    march = sheet(MARCH, 100, 110)
    april, may = sheet(Month(2023, 4), 200, 210), sheet(Month(2023, 5), 300, 310)
    assert last_reckoned(march, [april, may], [], 90) == 300


def test_a_sheet_drafted_before_the_month_was_approved_did_not_reckon_it() -> None:
    march = sheet(MARCH, 100, 250)
    april = sheet(Month(2023, 4), 200, 260)
    assert last_reckoned(march, [april], [], 90) == 90


def test_an_adjusted_month_is_reckoned_where_every_adjustment_to_it_was_already_settled() -> None:
    march = sheet(MARCH, 100, 110)
    april = sheet(Month(2023, 4), 200, 210, adjusts=(MARCH,))
    may = sheet(Month(2023, 5), 300, 310)
    assert last_reckoned(march, [april, may], [april], 90) == 300


def test_two_sheets_adjusting_a_month_while_both_were_drafts_leave_it_to_be_scored_again() -> None:
    # June's sheet was drafted first (a later month may be), adjusting March; May's was drafted while
    # June's was still a draft and adjusted March too: neither counted the other's line, so what is
    # settled for March now was due at no position.
    march = sheet(MARCH, 100, 110)
    june = sheet(Month(2023, 6), 300, 510, adjusts=(MARCH,))
    may = sheet(Month(2023, 5), 400, 500, adjusts=(MARCH,))
    assert last_reckoned(march, [may, june], [may, june], 90) is None
