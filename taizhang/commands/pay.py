"""Pay sheets (draft → approved → paid) with retro adjustments, and the year-end assessment of cadres, frozen."""

from __future__ import annotations

from datetime import date

from eventsourcing.application import AggregateNotFoundError

from domain.assessment.errors import PeriodNotClosed, SheetNotApproved
from domain.assessment.paysheet import PayLine, PaySheet, SheetKind, SheetStatus
from domain.assessment.sheet_lines import sheet_lines
from domain.assessment.values import Month
from domain.assessment.year_end import ASSESSED_ROLES, YearEndAssessment, YearEndRecord, year_end_assessments
from domain.cases.record import CASE_TOPICS, CaseRecord, case_records, step_of
from domain.errors import AlreadyExists
from taizhang.commands.assessment import AssessmentCommands, holding_facts
from taizhang.commands.base import Outcome


class PayCommands(AssessmentCommands):
    def pay_sheet(self, kind: SheetKind, month: Month) -> PaySheet | None:
        try:
            return self.repository.get(PaySheet.id_for(kind, month))
        except AggregateNotFoundError:
            return None

    @holding_facts
    def draft_pay_sheet(self, kind: SheetKind, month: Month, actor: str) -> Outcome:
        """Draft (or redraft) a closed month's sheet, with adjustments for corrections to approved months."""
        closing = self.require_closing(month)
        facts = self.facts_as_of()
        for (sheet_kind, earlier), earlier_sheet in facts.sheets.items():
            if sheet_kind == kind and earlier < month and earlier_sheet.status == SheetStatus.DRAFT:
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
        self,
        kind: SheetKind,
        month: Month,
        reference: str,
        paid_on: date,
        actor: str,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(PaySheet, PaySheet.id_for(kind, month), "发放表", expected_version) as sheet:
            sheet.mark_paid(reference, paid_on, self.act(actor))
        return self.record(sheet)

    def year_end_assessment(self, year: int, position: int | None = None) -> list[YearEndAssessment]:
        """Leaders in charge and village-contact cadres, on the frozen rankings of the villages they answered for."""
        facts = self.facts_as_of(position)
        return year_end_assessments(year, facts.role_holders(ASSESSED_ROLES), facts.closings,
                                    self.cases_as_of(facts.position), facts.rule_versions)

    def cases_as_of(self, position: int) -> list[CaseRecord]:
        """The accountability cases as the record stood at ``position``, read from the log (as the facts are)."""
        steps, start = [], 1
        while start <= position:
            page = self.recorder.select_notifications(start, 1000, stop=position, topics=CASE_TOPICS)
            if not page:
                break
            steps += [step_of(n.id, self.mapper.to_domain_event(n)) for n in page]
            start = page[-1].id + 1
        return case_records(steps)

    @holding_facts
    def freeze_year_end(self, year: int, actor: str) -> Outcome:
        """Record the year-end assessment as it stands once all twelve months are closed, with its digest."""
        if self.year_end_record(year) is not None:
            raise AlreadyExists(f"{year} 年的年终考核已确定", f"the {year} year-end assessment is already recorded")
        facts = self.facts_as_of()
        assessments = year_end_assessments(year, facts.role_holders(ASSESSED_ROLES), facts.closings,
                                           self.cases_as_of(facts.position), facts.rule_versions)
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
