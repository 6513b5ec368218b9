"""Printable pay sheets, village rankings and bulletins, with the signatures read from the record.

Each takes the ``Seal`` its caller stamps on it (``taizhang.audit.printed``), and a log position to
regenerate it as the record stood there, which is how a printout is checked.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from eventsourcing.domain import Aggregate

from domain.acts import as_fact
from domain.assessment.errors import SheetNotApproved
from domain.assessment.patrol import DailyPatrol
from domain.assessment.paysheet import PaySheet, SheetKind
from domain.assessment.periods import MonthClosing
from domain.assessment.values import Month
from domain.assessment.year_end import YearEndRecord
from domain.local_time import local_day
from domain.people import Person
from domain.problem import Problem
from domain.words import event_word
from taizhang.commands.pay import PayCommands
from taizhang.exports.sheets import RankingSheet, SheetHistory, Signature
from taizhang.names import PeopleNames

if TYPE_CHECKING:
    from taizhang.audit.printed import Seal

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
A = TypeVar("A", bound=Aggregate)


class ExportCommands(PayCommands):
    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.local_zone).date()

    def pay_sheet_history(self, sheet: PaySheet) -> SheetHistory:
        drafted: list[Signature] = []
        approved = paid = None
        reference = ""
        for event in map(as_fact, self.events.get(sheet.id, lte=sheet.version)):
            signature = Signature(self.person_named(event.actor), self.local_date(event.timestamp))
            if isinstance(event, (PaySheet.Drafted, PaySheet.Redrafted)):
                drafted.append(signature)
            elif isinstance(event, PaySheet.Approved):
                approved = signature
            elif isinstance(event, PaySheet.Paid):
                paid, reference = Signature(self.person_named(event.actor), event.paid_on), event.reference
        causes = {c.position for line in sheet.lines for c in line.causes}
        unplaced = [line.person_id for line in sheet.lines if not line.village_name]
        return SheetHistory(tuple(drafted), approved, paid, reference, {p: self.cause_label(p) for p in causes},
                            {str(k): v for k, v in self.cleaners_villages(unplaced, sheet.month.last_day).items()})

    def person_named(self, username: str) -> str:
        """Who signed, by name: a printout is signed by people, not accounts."""
        return PeopleNames(self).name(username)  # type: ignore[arg-type]  # the application these commands make up

    def cause_label(self, position: int) -> str:
        [notification] = self.recorder.select_notifications(position, 1)
        return _CAUSE_TOPICS.get(notification.topic) or event_word(notification.topic)

    def aggregate_as_of(self, cls: type[A], aggregate_id: uuid.UUID, position: int) -> A | None:
        """The aggregate as the record stood at ``position`` (recorded times only grow with the position)."""
        found = self.recorder.select_notifications(position, 1)
        if not found or found[0].id != position:
            return None
        moment = as_fact(self.mapper.to_domain_event(found[0])).timestamp
        versions = [e.originator_version for e in map(as_fact, self.events.get(aggregate_id)) if e.timestamp <= moment]
        return self.repository.get(aggregate_id, version=versions[-1]) if versions else None

    def export_pay_sheet(
        self, kind: SheetKind, month: Month, seal: Seal | None = None, position: int | None = None
    ) -> bytes:
        """The sheet as stored (approved sheets never change), or as it stood at ``position``, for printing."""
        sheet_id = PaySheet.id_for(kind, month)
        sheet = self.pay_sheet(kind, month) if position is None else self.aggregate_as_of(PaySheet, sheet_id, position)
        if sheet is None:
            raise SheetNotApproved(f"{month} 没有发放表，请先编制", f"there is no {kind.value} sheet for {month}")
        from taizhang.exports.pay_sheet import pay_sheet_xlsx  # the spreadsheet library loads when a workbook is asked

        return pay_sheet_xlsx(sheet, self.township().name, self.pay_sheet_history(sheet), seal)

    def export_rankings(self, month: Month, position: int | None = None, seal: Seal | None = None) -> bytes:
        """The frozen rankings of a month closed by ``position``; otherwise the provisional standings there."""
        closing = self.month_closing(month)
        if closing is not None and position is not None:
            closing = self.aggregate_as_of(MonthClosing, closing.id, position)
        if closing is not None:
            [closed] = [e for e in self.events.get(closing.id) if isinstance(e, MonthClosing.Closed)]
            table = RankingSheet(
                self.township().name,
                month,
                closing.rule_version_id,
                closing.rankings,
                closing.as_of_position,
                self.person_named(closed.actor),
                self.local_date(closed.timestamp),
                closing.digest,
            )
        else:
            figures = self.month_figures(month, position)
            table = RankingSheet(self.township().name, month, figures.rules.version_id,
                                 [s.as_record() for s in figures.standings], figures.facts.position)
        from taizhang.exports.rankings import rankings_xlsx

        return rankings_xlsx(table, seal)

    def export_year_end(self, year: int, position: int, seal: Seal | None = None) -> bytes:
        """The year-end assessment as the record stood at ``position`` (frozen there, or not yet)."""
        record = self.year_end_record(year)
        if record is not None:
            record = self.aggregate_as_of(YearEndRecord, record.id, position)
        assessments = self.year_end_assessment(year, record.as_of_position if record else position)
        frozen_on = self.local_date(record.created_on) if record is not None else None
        from taizhang.exports.year_end import year_end_xlsx

        return year_end_xlsx(self.township().name, year, assessments, position, frozen_on, seal)

    def export_bulletin(self, year: int, quarter: int, seal: Seal | None = None) -> bytes:
        """The published bulletin, regenerated as of its publication, as an official Word document (公文)."""
        from taizhang.exports.bulletin import bulletin_docx  # Word's library loads only when a file is asked

        text = self.regenerate_bulletin(year, quarter)  # refused if the bulletin was never published
        published = self.bulletin(year, quarter)
        assert published is not None
        on = local_day(as_fact(next(iter(self.events.get(published.id)))).timestamp)
        return bulletin_docx(text, self.township().name, on, seal)
