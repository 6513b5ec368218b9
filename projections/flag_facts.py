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
from domain.flags.facts import Fact
from domain.flags.review import FlagReview
from domain.problem import Problem
from projections.db import Tx, time_value
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
        return []  # read whole up to a position; the primary key is the order

    def consumes(self, event_type: type) -> bool:
        return event_type in _PROBLEM or event_type in _OTHERS

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        rows = []
        for r in batch:
            village, detail = detail_of(r.event)
            rows.append((r.position, type(r.event).__qualname__, r.id, r.event.actor, village,
                         r.occurred_at or r.recorded_at, r.recorded_at, json.dumps(detail, sort_keys=True)))
        tx.insert(physical(TABLE, generation), _COLUMNS, rows)


def read_facts(tx: Tx, generation: int, position: int) -> list[Fact]:
    rows = tx.all(
        f"SELECT position, kind, subject, actor, village_id, occurred_at, recorded_at, detail "
        f"FROM {physical(TABLE, generation)} WHERE position <= ? ORDER BY position",
        [position],
    )
    return [Fact(int(p), k, s, a, v, _when(o), _when(rec), json.loads(d)) for p, k, s, a, v, o, rec, d in rows]


def _when(text: str) -> datetime:
    return time_value(text)
