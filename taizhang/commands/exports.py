"""Printable workbooks of pay sheets and village rankings, with the signatures read from the record."""

from __future__ import annotations

from datetime import date, datetime

from domain.acts import as_fact
from domain.assessment.errors import SheetNotApproved
from domain.assessment.patrol import DailyPatrol
from domain.assessment.paysheet import PaySheet, SheetKind
from domain.assessment.periods import MonthClosing
from domain.assessment.values import Month
from domain.people import Person
from domain.problem import Problem
from domain.words import event_word
from taizhang.commands.pay import PayCommands
from taizhang.exports.sheets import RankingSheet, SheetHistory, Signature

# What a clerk calls the records that most often change a figure after it was approved (others: their step).
CAUSE_LABELS = {
    DailyPatrol.Recorded: "补录巡查",
    DailyPatrol.Corrected: "巡查记录更正",
    DailyPatrol.Withdrawn: "巡查记录撤销",
    Person.RoleTaken: "任职登记",
    Person.RoleEnded: "任职结束",
    Problem.Registered: "问题登记",
    Problem.Closed: "问题销号",
    Problem.Reopened: "问题重新打开",
    Problem.Voided: "问题作废",
}
_CAUSE_TOPICS = {f"{cls.__module__}:{cls.__qualname__}": label for cls, label in CAUSE_LABELS.items()}


class ExportCommands(PayCommands):
    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.local_zone).date()

    def pay_sheet_history(self, sheet: PaySheet) -> SheetHistory:
        drafted: list[Signature] = []
        approved = paid = None
        reference = ""
        for event in map(as_fact, self.events.get(sheet.id)):
            signature = Signature(event.actor, self.local_date(event.timestamp))
            if isinstance(event, (PaySheet.Drafted, PaySheet.Redrafted)):
                drafted.append(signature)
            elif isinstance(event, PaySheet.Approved):
                approved = signature
            elif isinstance(event, PaySheet.Paid):
                paid, reference = Signature(event.actor, event.paid_on), event.reference
        causes = {c.position for line in sheet.lines for c in line.causes}
        return SheetHistory(tuple(drafted), approved, paid, reference, {p: self.cause_label(p) for p in causes})

    def cause_label(self, position: int) -> str:
        [notification] = self.recorder.select_notifications(position, 1)
        return _CAUSE_TOPICS.get(notification.topic) or event_word(notification.topic)

    def export_pay_sheet(self, kind: SheetKind, month: Month) -> bytes:
        """The sheet as stored (approved sheets never change), laid out for printing."""
        sheet = self.pay_sheet(kind, month)
        if sheet is None:
            raise SheetNotApproved(f"{month} 没有发放表，请先编制", f"there is no {kind.value} sheet for {month}")
        from taizhang.exports.pay_sheet import pay_sheet_xlsx  # the spreadsheet library loads when a workbook is asked

        return pay_sheet_xlsx(sheet, self.township().name, self.pay_sheet_history(sheet))

    def export_rankings(self, month: Month, position: int | None = None) -> bytes:
        """The frozen rankings of a closed month; otherwise the provisional standings as of ``position``."""
        closing = self.month_closing(month)
        if closing is not None:
            [closed] = [e for e in self.events.get(closing.id) if isinstance(e, MonthClosing.Closed)]
            table = RankingSheet(
                self.township().name,
                month,
                closing.rule_version_id,
                closing.rankings,
                closing.as_of_position,
                closed.actor,
                self.local_date(closed.timestamp),
                closing.digest,
            )
        else:
            figures = self.month_figures(month, position)
            table = RankingSheet(self.township().name, month, figures.rules.version_id,
                                 [s.as_record() for s in figures.standings], figures.facts.position)
        from taizhang.exports.rankings import rankings_xlsx

        return rankings_xlsx(table)
