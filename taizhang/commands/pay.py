"""Pay sheets (draft → approved → paid) with retro adjustments, and the year-end assessment of cadres, frozen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from eventsourcing.application import AggregateNotFoundError

from domain.assessment.errors import PeriodNotClosed, SheetNotApproved
from domain.assessment.facts import AssessmentFacts, SheetFact
from domain.assessment.pay import SettledMonth, adjustment_lines, cadre_pay_lines, cleaner_bonus_lines
from domain.assessment.paysheet import PayLine, PaySheet, SheetKind, SheetStatus
from domain.assessment.rules import PAID_CADRE_ROLES
from domain.assessment.values import Month
from domain.assessment.year_end import ASSESSED_ROLES, YearEndAssessment, YearEndRecord, year_end_assessments
from domain.errors import AlreadyExists
from taizhang.application import Outcome
from taizhang.commands.assessment import AssessmentCommands, compute_month

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


class PayCommands(AssessmentCommands):
    def pay_sheet(self, kind: SheetKind, month: Month) -> PaySheet | None:
        try:
            return self.repository.get(PaySheet.id_for(kind, month))
        except AggregateNotFoundError:
            return None

    def draft_pay_sheet(self, kind: SheetKind, month: Month, actor: str) -> Outcome:
        """Draft (or redraft) a closed month's sheet, with adjustments for corrections to approved months."""
        closing = self.require_closing(month)
        facts = self.facts_as_of()
        for (sheet_kind, earlier), sheet in facts.sheets.items():
            if sheet_kind == kind and earlier < month and sheet.status == SheetStatus.DRAFT:
                raise SheetNotApproved(
                    f"{earlier} 的发放表还是草稿：请先审批它，再编制 {month} 的发放表，以免补发重复",
                    f"approve the {earlier} sheet before drafting {month}, so adjustments are not carried twice",
                )
        lines = sheet_lines(facts, self.facts_as_of(closing.as_of_position), kind, month)
        act = self.act(actor)
        sheet = self.pay_sheet(kind, month)
        if sheet is None:
            return self.record(PaySheet.draft(kind, month, closing.rule_version_id, facts.position, lines, act))
        sheet.redraft(closing.rule_version_id, facts.position, lines, act)
        return self.record(sheet)

    def regenerate_pay_sheet(self, kind: SheetKind, month: Month) -> list[PayLine]:
        """The sheet's lines rebuilt from the record as of its drafting: equal to the stored lines."""
        sheet = self.pay_sheet(kind, month)
        if sheet is None:
            raise SheetNotApproved(f"{month} 没有发放表", f"there is no {kind.value} sheet for {month}")
        facts = self.facts_as_of(sheet.as_of_position)
        frozen = self.facts_as_of(facts.closings[month].as_of_position)
        return sheet_lines(facts, frozen, kind, month)

    def approve_pay_sheet(
        self, kind: SheetKind, month: Month, actor: str, expected_version: int | None = None
    ) -> Outcome:
        with self.changing(PaySheet, PaySheet.id_for(kind, month), "发放表", expected_version) as sheet:
            sheet.approve(self.act(actor))
        return self.record(sheet)

    def mark_pay_sheet_paid(
        self, kind: SheetKind, month: Month, reference: str, paid_on: date, actor: str, expected_version: int | None = None
    ) -> Outcome:
        with self.changing(PaySheet, PaySheet.id_for(kind, month), "发放表", expected_version) as sheet:
            sheet.mark_paid(reference, paid_on, self.act(actor))
        return self.record(sheet)

    def year_end_assessment(self, year: int, position: int | None = None) -> list[YearEndAssessment]:
        """Leaders in charge and village-contact cadres, on the frozen rankings of the villages they answered for."""
        facts = self.facts_as_of(position)
        return year_end_assessments(year, facts.role_holders(ASSESSED_ROLES), facts.closings)

    def freeze_year_end(self, year: int, actor: str) -> Outcome:
        """Record the year-end assessment as it stands once all twelve months are closed, with its digest."""
        if self.year_end_record(year) is not None:
            raise AlreadyExists(f"{year} 年的年终考核已确定", f"the {year} year-end assessment is already recorded")
        facts = self.facts_as_of()
        assessments = year_end_assessments(year, facts.role_holders(ASSESSED_ROLES), facts.closings)
        record = YearEndRecord.freeze(year, facts.position, assessments, set(facts.closings), self.act(actor))
        return self.record(record)

    def year_end_record(self, year: int) -> YearEndRecord | None:
        try:
            return self.repository.get(YearEndRecord.id_for(year))
        except AggregateNotFoundError:
            return None

    def regenerate_year_end(self, year: int) -> list[YearEndAssessment]:
        """The frozen year-end assessment, recomputed from the record as of its freezing."""
        record = self.year_end_record(year)
        if record is None:
            raise PeriodNotClosed(f"{year} 年的年终考核尚未确定", f"the {year} year-end assessment is not recorded")
        return self.year_end_assessment(year, record.as_of_position)
