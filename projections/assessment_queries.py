"""Assessment figures answered from the read model: rankings, ratings, pay sheets and adjustments, year-end, coverage.

A closed month answers from its closing (the frozen figures); an open one is computed from that
month's facts as recorded at the position asked for. Every figure names its rule version and carries
the facts it rests on, which ``projections.provenance`` expands into events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from domain.assessment.bulletin import render_bulletin
from domain.assessment.errors import PeriodNotClosed, RuleVersionMissing
from domain.assessment.facts import SheetFact
from domain.assessment.letters import LetterKind
from domain.assessment.month_figures import MonthFigures, compute_month
from domain.assessment.paysheet import PayLine, SheetKind
from domain.assessment.red_black import FrozenRedBlack
from domain.assessment.scoring import coverage_percent
from domain.assessment.sheet_lines import adjustments, regular_lines
from domain.assessment.values import FactRef, Month
from domain.assessment.year_end import ASSESSED_ROLES, YearEndAssessment, year_end_assessments
from projections.assessment_reader import FactsReader
from projections.cases import cases_of_year
from projections.db import ReadStore
from projections.snapshot import AsOf, Snapshot


def facts_ref(refs: Any, as_of: int | None = None) -> dict[str, Any]:
    """A provenance reference to the events behind a figure: each fact up to the version it rests on."""
    unique = sorted({FactRef.from_record(r) if isinstance(r, dict) else r for r in refs})
    return {"kind": "facts", "as_of": as_of, "facts": [[r.position, str(r.aggregate_id), r.version] for r in unique]}


@dataclass(frozen=True)
class MonthAnswer:
    """A month's rankings and ratings: frozen at its closing, or provisional as of ``snapshot``."""

    month: Month
    snapshot: Snapshot
    frozen: bool
    rule_version_id: str
    standings: list[dict[str, Any]]
    ratings: list[dict[str, Any]]
    digest: str | None
    closing_ref: FactRef | None


@dataclass(frozen=True)
class SheetAnswer:
    month: Month
    kind: SheetKind
    snapshot: Snapshot
    sheet: SheetFact | None
    lines: list[PayLine]
    rule_version_id: str
    basis: str  # "recorded" (the sheet as drafted), "due" (what drafting now would give) or "provisional"


@dataclass(frozen=True)
class CoverageAnswer:
    village_id: uuid.UUID
    village_name: str
    day: date
    signed: int
    households: int | None
    percent: Decimal
    refs: tuple[FactRef, ...]


class AssessmentQueries:
    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def month_figures(self, month: Month, as_of: AsOf = None) -> tuple[MonthFigures, Snapshot]:
        """The month computed from its facts as recorded then (even if closed: the live recomputation)."""
        with self.store.reading() as tx:
            reader = FactsReader(tx, as_of)
            return compute_month(reader.month(month), month), reader.snapshot

    def month(self, month: Month, as_of: AsOf = None) -> MonthAnswer:
        with self.store.reading() as tx:
            reader = FactsReader(tx, as_of)
            facts = reader.month(month)
            closing = facts.closings.get(month)
            if closing is not None:
                return MonthAnswer(month, reader.snapshot, True, closing.rule_version_id, closing.rankings,
                                   closing.ratings, closing.digest, closing.ref)
            figures = compute_month(facts, month)
        return MonthAnswer(month, reader.snapshot, False, figures.rules.version_id,
                           [s.as_record() for s in figures.standings], [r.as_record() for r in figures.ratings],
                           None, None)

    def pay_sheet(self, kind: SheetKind, month: Month, as_of: AsOf = None) -> SheetAnswer:
        """The sheet as drafted (and approved, paid) when one exists at ``as_of``; else what drafting would give."""
        with self.store.reading() as tx:
            reader = FactsReader(tx, as_of)
            facts = reader.month(month)
            reader.sheets_until(facts, kind, month)
            sheet = facts.sheets.get((kind, month))
            if sheet is not None:
                return SheetAnswer(month, kind, reader.snapshot, sheet, sheet.lines, sheet.rule_version_id, "recorded")
            closing = facts.closings.get(month)
            if closing is None:
                lines = regular_lines(facts, kind, month)
                rules = facts.rule_version_on(month.first_day).version_id
                return SheetAnswer(month, kind, reader.snapshot, None, lines, rules, "provisional")
            lines = self._due_lines(tx, reader, facts, kind, month)
            return SheetAnswer(month, kind, reader.snapshot, None, lines, closing.rule_version_id, "due")

    def sheet_records(self, first: Month, last: Month, as_of: AsOf = None) -> tuple[list[dict[str, Any]], Snapshot]:
        """The pay sheets drafted for the months from ``first`` to ``last`` as they stood at ``as_of``, as records.

        A summary totals thousands of lines: reading them as records spares building every line.
        """
        with self.store.reading() as tx:
            reader = FactsReader(tx, as_of)
            return reader.sheet_records(first, last), reader.snapshot

    def records(self, kind: str, as_of: AsOf = None) -> tuple[list[dict[str, Any]], Snapshot]:
        """Every fact of one kind (``report``, ``sheet`` …) as stored at ``as_of``, for lists and to-do lines."""
        with self.store.reading() as tx:
            reader = FactsReader(tx, as_of)
            return reader.records(kind), reader.snapshot

    def adjustments(self, kind: SheetKind, month: Month, as_of: AsOf = None) -> SheetAnswer:
        """The adjustment lines for approved earlier months that ``month``'s sheet carries (or would carry)."""
        answer = self.pay_sheet(kind, month, as_of)
        if answer.basis == "recorded":
            lines = [line for line in answer.lines if line.is_adjustment]
        else:
            with self.store.reading() as tx:
                reader = FactsReader(tx, as_of)
                facts = reader.month(month)
                reader.sheets_until(facts, kind, month)
                lines = self._adjustments(reader, facts, kind, month)
        return SheetAnswer(month, kind, answer.snapshot, answer.sheet, lines, answer.rule_version_id, answer.basis)

    def _due_lines(self, tx: Any, reader: FactsReader, facts: Any, kind: SheetKind, month: Month) -> list[PayLine]:
        frozen = FactsReader(tx, facts.closings[month].as_of_position).month(month)
        return regular_lines(frozen, kind, month) + self._adjustments(reader, facts, kind, month)

    def _adjustments(self, reader: FactsReader, facts: Any, kind: SheetKind, month: Month) -> list[PayLine]:
        return adjustments(
            facts,
            lambda earlier: regular_lines(reader.month(earlier), kind, earlier),
            reader.touched_since,
            kind,
            month,
        )

    def year_end(self, year: int, as_of: AsOf = None) -> tuple[list[YearEndAssessment], Snapshot]:
        with self.store.reading() as tx:
            reader = FactsReader(tx, as_of)
            facts = reader.year(year)
            rules = reader.rules(date(year, 12, 31)).rule_versions
            cases = cases_of_year(tx, reader.snapshot.position, year)
            return (year_end_assessments(year, facts.role_holders(ASSESSED_ROLES), facts.closings, cases, rules),
                    reader.snapshot)

    def coverage(
        self, day: date, as_of: AsOf = None, village_id: uuid.UUID | None = None
    ) -> tuple[list[CoverageAnswer], Snapshot]:
        """门前五包 coverage of each village on ``day``: households with a letter in force over households counted."""
        with self.store.reading() as tx:
            reader = FactsReader(tx, as_of)
            facts = reader.day(day)
        answers = []
        for village in sorted(facts.villages.values(), key=lambda v: v.code):
            if village_id is not None and village.village_id != village_id:
                continue
            letters = [
                x for x in facts.letters.values()
                if x.village_id == village.village_id and x.kind == LetterKind.FIVE_GUARANTEES and x.in_force_on(day)
            ]
            signed = len({x.household for x in letters})
            households = facts.households_on(village.village_id, day)
            refs = {x.ref for x in letters} | ({facts.household_refs[village.village_id]}
                                              if village.village_id in facts.household_refs else set())
            answers.append(CoverageAnswer(village.village_id, village.name, day, signed, households,
                                          coverage_percent(signed, households), tuple(sorted(refs))))
        return answers, reader.snapshot

    def coverage_target(self, day: date, as_of: AsOf = None) -> Decimal | None:
        """The 门前五包 coverage target of the rules in force on ``day``; None without rules or a target."""
        with self.store.reading() as tx:
            facts = FactsReader(tx, as_of).rules(day)
        try:
            return facts.rule_version_on(day).coverage_target_percent
        except RuleVersionMissing:
            return None

    def bulletin(self, year: int, quarter: int) -> tuple[str, str]:
        """The published bulletin regenerated from the closings as recorded at its publication, and its digest."""
        with self.store.reading() as tx:
            published = FactsReader(tx).quarter(year, quarter).bulletins.get((year, quarter))
            if published is None:
                raise PeriodNotClosed(f"{year} 年第 {quarter} 季度通报尚未发布", "that bulletin is not published")
            red_black = FrozenRedBlack.from_record(published.red_black) if published.red_black is not None else None
            text = render_bulletin(FactsReader(tx, published.as_of_position).quarter(year, quarter), year, quarter,
                                   red_black)
            return text, published.text_sha256
