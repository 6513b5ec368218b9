"""A pay sheet's lines from the assessment facts: the month's own lines, then adjustments for settled months."""

from __future__ import annotations

from collections.abc import Callable

from domain.assessment.facts import AssessmentFacts, SheetFact
from domain.assessment.month_figures import compute_month
from domain.assessment.pay import SettledMonth, adjustment_lines, cadre_pay_lines, cleaner_bonus_lines
from domain.assessment.paysheet import PayLine, SheetKind, SheetStatus
from domain.assessment.rules import PAID_CADRE_ROLES
from domain.assessment.values import Month

SETTLED = (SheetStatus.APPROVED, SheetStatus.PAID)


def regular_lines(facts: AssessmentFacts, kind: SheetKind, month: Month) -> list[PayLine]:
    """A month's lines from the record as ``facts`` holds it (frozen basis or the latest knowledge)."""
    figures = compute_month(facts, month)
    closing = facts.closings.get(month)
    basis = closing.ref if closing else None
    if kind == SheetKind.CLEANER_BONUS:
        return cleaner_bonus_lines(figures.ratings, figures.rules, facts.person_name, basis)
    holders = facts.role_holders(PAID_CADRE_ROLES)
    return cadre_pay_lines(month, figures.standings, holders, facts.village_of_group, figures.rules, basis)


def sheet_lines(facts: AssessmentFacts, frozen: AssessmentFacts, kind: SheetKind, month: Month) -> list[PayLine]:
    """The month's own lines from the record frozen at its closing, then adjustments for approved months."""
    basis = {m: c.ref.position for m, c in facts.closings.items()}
    return regular_lines(frozen, kind, month) + adjustments(
        facts.sheets, basis, lambda earlier: regular_lines(facts, kind, earlier), kind, month
    )


def adjustments(
    sheets: dict[tuple[SheetKind, Month], SheetFact],
    basis: dict[Month, int],
    due_for: Callable[[Month], list[PayLine] | None],
    kind: SheetKind,
    month: Month,
) -> list[PayLine]:
    """Lines correcting every approved earlier month to what the record now says was due.

    ``due_for`` may answer None for a month nothing has touched since its figures were frozen: its
    adjustment is then nothing, without computing it again.
    """
    lines: list[PayLine] = []
    for (sheet_kind, earlier), sheet in sorted(sheets.items(), key=lambda kv: kv[0][1]):
        if sheet_kind != kind or earlier >= month or sheet.status not in SETTLED:
            continue
        due = due_for(earlier)
        if due is None:
            continue
        settled = [line for line in sheet.lines if not line.is_adjustment] + [
            line
            for other in sheets.values()
            if other.kind == kind and other.status in SETTLED and other.month != month
            for line in other.lines
            if line.is_adjustment and line.for_month == str(earlier)
        ]
        # the causes are the facts recorded after the month's figures were frozen
        lines += adjustment_lines(SettledMonth(earlier, str(sheet.sheet_id), basis[earlier], tuple(settled)), due)
    return lines
