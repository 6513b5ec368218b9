"""Reading the assessment facts of one month, quarter, year or day, as recorded at one position.

Each read is a handful of indexed lookups of the rows that bear on the period asked about, so its
cost does not grow with other months' facts or with what was recorded after the position.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from domain.assessment.facts import AssessmentFacts
from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month, quarter_months
from domain.errors import InvalidInput
from projections.assessment import TABLE
from projections.assessment_codec import GLOBAL_KINDS, decode_into, month_span
from projections.db import Tx
from projections.snapshot import AsOf, Snapshot, snapshot
from projections.tracking import active_tracks, physical

_POINT_KINDS = ("patrol", "report")
_SPANNING_KINDS = ("problem", "letter", "person")


class FactsReader:
    """The assessment facts visible at one position, loaded period by period."""

    def __init__(self, tx: Tx, as_of: AsOf = None) -> None:
        tracks = active_tracks(tx)
        if "assessment_facts" not in tracks:
            raise InvalidInput(
                "考核读模型尚未建立：请先运行 taizhang projections run", "the assessment read model is not set up"
            )
        track = tracks["assessment_facts"]
        base = snapshot(tx, as_of)
        position = min(base.position, track.position)
        self.tx = tx
        self.table = physical(TABLE, track.generation)
        self.latest = position >= track.position
        self.position = position
        self.snapshot = Snapshot(position, base.recorded_at, self.latest, base.ledger_table, base.events_table)

    # --- visibility -------------------------------------------------------------------------

    def _visible(self) -> tuple[str, list[int]]:
        if self.latest:
            return "valid_to_pos IS NULL", []
        return "valid_from_pos <= ? AND (valid_to_pos IS NULL OR valid_to_pos > ?)", [self.position, self.position]

    def _rows(self, condition: str, params: list[Any]) -> list[tuple[str, str, str]]:
        visible, vparams = self._visible()
        return self.tx.all(
            f"SELECT kind, fact_key, body FROM {self.table} WHERE {condition} AND {visible} ORDER BY valid_from_pos",
            [*params, *vparams],
        )

    def _load(self, facts: AssessmentFacts, rows: list[tuple[str, str, str]]) -> None:
        for kind, key, body in rows:
            decode_into(facts, kind, key, json.loads(body))

    def _fresh(self) -> AssessmentFacts:
        facts = AssessmentFacts(position=self.position)
        marks = ", ".join("?" * len(GLOBAL_KINDS))
        self._load(facts, self._rows(f"kind IN ({marks})", list(GLOBAL_KINDS)))
        return facts

    # --- periods ----------------------------------------------------------------------------

    def _between(self, facts: AssessmentFacts, first: str, last: str, people: bool = True) -> None:
        """Rules in force by ``last``, point facts of a day in [first, last], and facts spanning into it."""
        self._load(facts, self._rows("kind = 'rules' AND span_first <= ?", [last]))
        for kind in _POINT_KINDS:
            self._load(facts, self._rows("kind = ? AND span_first >= ? AND span_first <= ?", [kind, first, last]))
        for kind in _SPANNING_KINDS if people else _SPANNING_KINDS[:-1]:
            self._load(facts, self._rows("kind = ? AND span_last >= ? AND span_first <= ?", [kind, first, last]))

    def _people(self, facts: AssessmentFacts, ids: set[uuid.UUID]) -> None:
        missing = sorted(str(i) for i in ids if i not in facts.people)
        for start in range(0, len(missing), 500):
            part = missing[start : start + 500]
            marks = ", ".join("?" * len(part))
            self._load(facts, self._rows(f"kind = 'person' AND fact_key IN ({marks})", part))

    def _keys(self, facts: AssessmentFacts, kind: str, keys: list[str]) -> None:
        if keys:
            marks = ", ".join("?" * len(keys))
            self._load(facts, self._rows(f"kind = ? AND fact_key IN ({marks})", [kind, *keys]))

    def month(self, month: Month) -> AssessmentFacts:
        """What the month's ratings, standings and pay lines rest on, with its closing if any."""
        facts = self._fresh()
        first, last = month_span(month)
        self._between(facts, first, last)
        self._people(facts, {p.cleaner_id for p in facts.patrols.values() if p.cleaner_id is not None})
        self._keys(facts, "closing", [str(month)])
        return facts

    def day(self, day: date) -> AssessmentFacts:
        """Letters and household counts in force on one day (coverage)."""
        facts = self._fresh()
        self._load(facts, self._rows("kind = 'letter' AND span_last >= ? AND span_first <= ?", [day.isoformat()] * 2))
        return facts

    def rules(self, day: date) -> AssessmentFacts:
        """The rule versions in force by ``day``."""
        facts = self._fresh()
        self._load(facts, self._rows("kind = 'rules' AND span_first <= ?", [day.isoformat()]))
        return facts

    def year(self, year: int) -> AssessmentFacts:
        """Who held which role during the year, and the year's closed months."""
        facts = self._fresh()
        first, last = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
        self._load(facts, self._rows("kind = 'person' AND span_last >= ? AND span_first <= ?", [first, last]))
        self._keys(facts, "closing", [str(Month(year, m)) for m in range(1, 13)])
        return facts

    def quarter(self, year: int, quarter: int) -> AssessmentFacts:
        """The quarter's closings and the names they print (a bulletin)."""
        facts = self._fresh()
        self._keys(facts, "closing", [str(m) for m in quarter_months(year, quarter)])
        cleaners = {uuid.UUID(r["cleaner_id"]) for c in facts.closings.values() for r in c.ratings}
        self._people(facts, cleaners)
        self._keys(facts, "bulletin", [f"{year}-Q{quarter}"])
        return facts

    def closings_of(self, months: list[Month]) -> AssessmentFacts:
        """The closings of these months (those that are closed), and nothing else."""
        facts = AssessmentFacts(position=self.position)
        self._keys(facts, "closing", [str(m) for m in months])
        return facts

    def records(self, kind: str, condition: str = "1=1", params: list[Any] | None = None) -> list[dict[str, Any]]:
        """The facts of one kind as stored, each with its key (``_key``): lists read without building every fact."""
        rows = self._rows(f"kind = ? AND {condition}", [kind, *(params or [])])
        return [{**json.loads(body), "_key": key} for _, key, body in rows]

    def sheet_records(self, first: Month, last: Month) -> list[dict[str, Any]]:
        """The pay sheets recorded for the months from ``first`` to ``last``, as stored (lines as records)."""
        return self.records(
            "sheet", "span_first >= ? AND span_first <= ?", [first.first_day.isoformat(), last.last_day.isoformat()]
        )

    def sheets_until(self, facts: AssessmentFacts, kind: SheetKind, month: Month) -> None:
        """The sheets of ``kind`` up to ``month`` and the closings of their months (adjustments read them)."""
        rows = self._rows("kind = 'sheet' AND span_first <= ?", [month.last_day.isoformat()])
        scratch = AssessmentFacts()
        self._load(scratch, rows)
        for key, sheet in scratch.sheets.items():
            if key[0] == kind:
                facts.sheets[key] = sheet
        self._keys(facts, "closing", sorted({str(m) for _, m in facts.sheets} - {str(m) for m in facts.closings}))

    def touched_since(self, month: Month, basis: int) -> bool:
        """Whether any fact bearing on ``month`` changed after position ``basis`` (up to this reader's position)."""
        if basis >= self.position:
            return False
        first, last = month_span(month)
        changed = (
            "((valid_from_pos > ? AND valid_from_pos <= ?) OR (valid_to_pos > ? AND valid_to_pos <= ?))"
        )
        kinds = (*GLOBAL_KINDS, *_POINT_KINDS, *_SPANNING_KINDS)
        marks = ", ".join("?" * len(kinds))
        row = self.tx.one(
            f"SELECT 1 FROM {self.table} "
            f"WHERE kind IN ({marks}) AND span_last >= ? AND span_first <= ? AND {changed} LIMIT 1",
            [*kinds, first, last, basis, self.position, basis, self.position],
        )
        return row is not None
