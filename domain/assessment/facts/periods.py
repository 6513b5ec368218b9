"""Facts that govern and freeze periods: rule versions, closed months, pay sheets and published bulletins."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from domain.assessment.paysheet import PayLine, PaySheet, SheetKind, SheetStatus
from domain.assessment.periods import MonthClosing, QuarterBulletin
from domain.assessment.rules import RuleBook, RuleVersion
from domain.assessment.values import FactRef, Month

if TYPE_CHECKING:
    from domain.assessment.facts.fold import AssessmentFacts


@dataclass
class ClosingFact:
    month: Month
    ref: FactRef
    rule_version_id: str
    as_of_position: int
    ratings: list[dict[str, Any]]
    rankings: list[dict[str, Any]]
    digest: str


@dataclass
class SheetFact:
    sheet_id: uuid.UUID
    ref: FactRef
    kind: SheetKind
    month: Month
    status: SheetStatus
    as_of_position: int
    rule_version_id: str
    lines: list[PayLine]
    settled_at: int | None = None  # the position of its approval: sheets drafted after it reckoned its month


@dataclass
class BulletinFact:
    ref: FactRef
    as_of_position: int
    text_sha256: str
    red_black: dict[str, Any] | None = None  # the red and black list it carries (``FrozenRedBlack``), if any


def _rules(f: AssessmentFacts, e: RuleBook.VersionAdopted, ref: FactRef) -> None:
    version = RuleVersion.from_record(e.rules)
    f.rule_versions.append(version)
    f.rule_refs[version.version_id] = ref


def _closing(f: AssessmentFacts, e: MonthClosing.Closed, ref: FactRef) -> None:
    month = Month.parse(e.month)
    f.closings[month] = ClosingFact(month, ref, e.rule_version_id, e.as_of_position, e.ratings, e.rankings, e.digest)


def _sheet(f: AssessmentFacts, e: PaySheet.Drafted, ref: FactRef) -> None:
    kind, month = SheetKind(e.kind), Month.parse(e.month)
    lines = [PayLine.from_record(r) for r in e.lines]
    f.sheets[(kind, month)] = SheetFact(
        e.originator_id, ref, kind, month, SheetStatus.DRAFT, e.as_of_position, e.rule_version_id, lines
    )


def _sheet_of(f: AssessmentFacts, sheet_id: uuid.UUID) -> SheetFact:
    return next(s for s in f.sheets.values() if s.sheet_id == sheet_id)


def _sheet_redrafted(f: AssessmentFacts, e: PaySheet.Redrafted, ref: FactRef) -> None:
    sheet = _sheet_of(f, e.originator_id)
    sheet.lines = [PayLine.from_record(r) for r in e.lines]
    sheet.as_of_position, sheet.rule_version_id, sheet.ref = e.as_of_position, e.rule_version_id, ref


def _sheet_status(status: SheetStatus) -> Callable[[AssessmentFacts, Any, FactRef], None]:
    def handle(f: AssessmentFacts, e: Any, ref: FactRef) -> None:
        sheet = _sheet_of(f, e.originator_id)
        sheet.status, sheet.ref = status, ref
        if status == SheetStatus.APPROVED:
            sheet.settled_at = ref.position

    return handle


def _bulletin(f: AssessmentFacts, e: QuarterBulletin.Published, ref: FactRef) -> None:
    f.bulletins[(e.year, e.quarter)] = BulletinFact(ref, e.as_of_position, e.text_sha256, e.red_black)


HANDLERS: dict[type, Callable[[AssessmentFacts, Any, FactRef], None]] = {
    RuleBook.VersionAdopted: _rules,
    MonthClosing.Closed: _closing,
    PaySheet.Drafted: _sheet,
    PaySheet.Redrafted: _sheet_redrafted,
    PaySheet.Approved: _sheet_status(SheetStatus.APPROVED),
    PaySheet.Paid: _sheet_status(SheetStatus.PAID),
    QuarterBulletin.Published: _bulletin,
}
