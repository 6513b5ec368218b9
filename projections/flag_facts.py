"""The facts red flags are reckoned from: one row per relevant event, kept whole, so that the flags as of any
position are the rules of ``domain.flags`` run over the rows up to it (incremental, rebuild and as-of alike)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from domain.assessment.patrol import DailyPatrol
from domain.assessment.paysheet import PaySheet
from domain.assessment.periods import MonthClosing
from domain.assessment.rules import RuleBook
from domain.flags.facts import (
    CITING,
    DEADLINE_EVENTS,
    FLAG_REVIEWED,
    OPENINGS,
    PATROL_EVENTS,
    PROBLEM_STEPS,
    RULES_ADOPTED,
    Fact,
    FlagFacts,
    FlagPeriod,
)
from domain.flags.review import FlagReview
from domain.problem import Problem
from projections.db import Tx, time_text, time_value
from projections.model import Batch
from projections.tracking import physical

TABLE = "rm_flag_facts"
_COLUMNS = ("position", "kind", "subject", "actor", "village_id", "occurred_at", "recorded_at", "detail")

_PROBLEM = frozenset((
    Problem.Registered, Problem.Assigned, Problem.DeadlineExtended, Problem.RectificationReported,
    Problem.RectificationPassed, Problem.RectificationRejected, Problem.Closed, Problem.Reopened, Problem.Voided,
))
_OTHERS = frozenset((
    DailyPatrol.Recorded, DailyPatrol.Corrected, DailyPatrol.Withdrawn, MonthClosing.Closed, PaySheet.Approved,
    RuleBook.VersionAdopted, FlagReview.Reviewed, FlagReview.Revised,
))


def _digests(evidence: list[dict[str, str]]) -> list[str]:
    return sorted({e["sha256"] for e in evidence})


def _findings(findings: list[dict[str, Any]]) -> int:
    return sum(int(f["count"]) for f in findings)


def detail_of(event: Any) -> tuple[str | None, dict[str, Any]]:
    """The village an event names itself (problems' later steps take their registration's) and what rules read."""
    kind = type(event)
    if kind is Problem.Registered or kind is Problem.RectificationReported:
        # A photo's marks (perceptual hash, EXIF time, GPS) as its reference recorded them; older ones have none.
        photos = {e["sha256"]: {k: v for k, v in e.items() if k in ("phash", "taken_at", "latitude", "longitude")}
                  for e in event.evidence if e.get("phash")}
        detail: dict[str, Any] = {"evidence": _digests(event.evidence)}
        if photos:
            detail["photos"] = [photos[sha] | {"sha256": sha} for sha in sorted(photos)]
        if kind is Problem.RectificationReported:
            return None, detail
        return str(event.village_id), {"source": event.source, "location": event.location, **detail}
    if kind is Problem.Assigned or kind is Problem.DeadlineExtended or kind is Problem.Reopened:
        return None, {"deadline": event.deadline.isoformat()}
    if kind is Problem.Closed:
        return None, {"deadline": event.deadline.isoformat(), "on_time": event.on_time}
    if kind is DailyPatrol.Recorded:
        return str(event.village_id), {
            "day": event.day.isoformat(), "inspector": str(event.inspector_id),
            "cleaner": str(event.cleaner_id) if event.cleaner_id else None, "findings": _findings(event.findings),
        }
    if kind is DailyPatrol.Corrected:
        return None, {"findings": _findings(event.findings)}
    if kind is MonthClosing.Closed:
        return None, {"month": event.month}
    if kind is RuleBook.VersionAdopted:
        return None, {"effective_from": event.rules["effective_from"], "version_id": event.rules["version_id"],
                      "red_flags": event.rules.get("red_flags")}
    if kind is FlagReview.Reviewed or kind is FlagReview.Revised:
        return None, {"flag_key": event.flag_key, "verdict": event.verdict, "reason": event.reason}
    return None, {}


class FlagFactsModel:
    name = "flag_facts"
    tables = (TABLE,)

    def ddl(self, generation: int) -> list[str]:
        return [f"""CREATE TABLE {physical(TABLE, generation)} (
    position BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    actor TEXT NOT NULL,
    village_id TEXT,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    detail TEXT NOT NULL
)"""]

    def indexes(self, generation: int) -> list[str]:
        # A period's flags read its problems and patrols (by their opening's occurred time, then every step by
        # subject), the deadlines and people's records around them (recorded time), a person's usual rate
        # (actor, recorded time), the rule versions and reviews (kind): never the whole table.
        t = physical(TABLE, generation)
        return [
            f"CREATE INDEX IF NOT EXISTS {t}_opened ON {t} (kind, occurred_at)",
            f"CREATE INDEX IF NOT EXISTS {t}_subject ON {t} (subject, position)",
            f"CREATE INDEX IF NOT EXISTS {t}_recorded ON {t} (recorded_at)",
            f"CREATE INDEX IF NOT EXISTS {t}_actor ON {t} (actor, recorded_at)",
        ]

    def consumes(self, event_type: type) -> bool:
        return event_type in _PROBLEM or event_type in _OTHERS

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        rows = []
        for r in batch:
            village, detail = detail_of(r.event)
            rows.append((r.position, type(r.event).__qualname__, r.id, r.event.actor, village,
                         r.occurred_at or r.recorded_at, r.recorded_at, json.dumps(detail, sort_keys=True)))
        tx.insert(physical(TABLE, generation), _COLUMNS, rows)


_SELECT = "SELECT position, kind, subject, actor, village_id, occurred_at, recorded_at, detail"
_RECORDS = tuple(sorted(PROBLEM_STEPS | PATROL_EVENTS))


def read_facts(tx: Tx, generation: int, position: int) -> list[Fact]:
    """Every fact up to ``position``: the whole record (tests and the rebuild check; a query reads a period)."""
    rows = tx.all(f"{_SELECT} FROM {physical(TABLE, generation)} WHERE position <= ? ORDER BY position", [position])
    return _facts(rows)


class PeriodFacts(FlagFacts):
    """The facts of one period read through the indexes (as ``domain.flags.facts.period_facts`` defines them from
    the whole record), with people's records around deadlines asked of the store."""

    def __init__(self, tx: Tx, generation: int, position: int, period: FlagPeriod, evidence_table: str | None,
                 start: str, end: str) -> None:
        self.tx, self.table, self.position = tx, physical(TABLE, generation), position
        t = self.table
        kinds = ", ".join("?" * len(OPENINGS))
        opened = tx.all(
            f"{_SELECT} FROM {t} WHERE position <= ? AND subject IN (SELECT subject FROM {t} WHERE kind IN ({kinds})"
            f" AND occurred_at >= ? AND occurred_at < ? AND position <= ?)",
            [position, *OPENINGS, start, end, position],
        )
        # Closings, approvals, rule versions and reviews are few (a handful a month): read whole, deadlines kept
        # only when recorded in the period.
        others = (*DEADLINE_EVENTS, RULES_ADOPTED, *FLAG_REVIEWED)
        around = tx.all(
            f"{_SELECT} FROM {t} WHERE kind IN ({', '.join('?' * len(others))}) AND position <= ?",
            [*others, position],
        )
        begins, ends = time_value(start), time_value(end)
        facts = sorted(_facts(opened) + [f for f in _facts(around) if f.kind not in DEADLINE_EVENTS
                                         or begins <= f.recorded < ends], key=lambda f: f.position)
        super().__init__(facts, period, self._elsewhere(facts, evidence_table))

    def _elsewhere(self, facts: list[Fact], evidence_table: str | None) -> list[Fact]:
        """Outside the period: the problems citing a photo the period's problems cite (from the evidence index)."""
        digests = sorted({sha for f in facts if f.kind in CITING for sha in f.evidence})
        if not digests or evidence_table is None:
            return []
        held = {f.position for f in facts}
        subjects: set[str] = set()
        for part in _parts(digests):
            rows = self.tx.all(
                f"SELECT DISTINCT originator_id FROM {evidence_table} WHERE sha256 IN ({', '.join('?' * len(part))})"
                " AND position <= ?", [*part, self.position])
            subjects.update(str(r[0]) for r in rows)
        subjects -= {f.subject for f in facts}
        found: list[Fact] = []
        for part in _parts(sorted(subjects)):
            rows = self.tx.all(
                f"{_SELECT} FROM {self.table} WHERE subject IN ({', '.join('?' * len(part))}) AND kind IN (?, ?)"
                " AND position <= ?", [*part, *CITING, self.position])
            found += [f for f in _facts(rows) if f.position not in held]
        return sorted(found, key=lambda f: f.position)

    def records_between(self, start: datetime, end: datetime) -> list[Fact]:
        # A problem's village is on its registration, which may lie before the days asked.
        rows = self.tx.all(
            f"SELECT f.position, f.kind, f.subject, f.actor, COALESCE(f.village_id, r.village_id), f.occurred_at, "
            f"f.recorded_at, f.detail FROM {self.table} f LEFT JOIN {self.table} r ON r.subject = f.subject "
            f"AND r.kind = 'Problem.Registered' WHERE f.recorded_at >= ? AND f.recorded_at < ? AND f.position <= ? "
            f"AND f.kind IN ({', '.join('?' * len(_RECORDS))}) AND f.actor NOT LIKE ? ORDER BY f.position",
            [time_text(start), time_text(end), self.position, *_RECORDS, "system:%"],
        )
        return _facts(rows)

    def records_by(self, actor: str, since: datetime, end: datetime) -> tuple[datetime | None, int]:
        kinds = ", ".join("?" * len(_RECORDS))
        first = self.tx.one(
            f"SELECT MIN(recorded_at) FROM {self.table} WHERE actor = ? AND recorded_at < ? AND position <= ? "
            f"AND kind IN ({kinds})", [actor, time_text(end), self.position, *_RECORDS])
        count = self.tx.one(
            f"SELECT COUNT(*) FROM {self.table} WHERE actor = ? AND recorded_at >= ? AND recorded_at < ? "
            f"AND position <= ? AND kind IN ({kinds})",
            [actor, time_text(since), time_text(end), self.position, *_RECORDS])
        return (_when(first[0]) if first and first[0] else None), int(count[0]) if count else 0


def _parts(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def fact_of_row(row: Any) -> Fact:
    p, k, s, a, v, o, rec, d = row
    return Fact(int(p), k, s, a, v, _when(o), _when(rec), json.loads(d))


def _facts(rows: list[Any]) -> list[Fact]:
    return [fact_of_row(r) for r in rows]


def _when(text: str) -> datetime:
    return time_value(text)
