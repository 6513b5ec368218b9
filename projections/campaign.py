"""Campaign facts for the summary: work records, rectification resources, toilet surveys, sewage stations.

Each fact is a row version valid between two positions, like the ledger: a correction closes the
old version and opens a new one with the same occurred time; a withdrawal or a voided problem
closes it. Quantities are kept in thousandths (``milli``) so sums are exact on both stores.
How each figure counts these rows is in docs/FIGURES.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.problem import Problem
from domain.work import SewageStation, ToiletSurvey, WorkRecord
from projections.db import Tx
from projections.model import Batch, chunks
from projections.tracking import physical

RESOURCE_INDICATORS = {
    "labour_person_times": "labour_person_times",
    "machinery_unit_times": "machinery_unit_times",
    "garbage_tonnes": "tonnes_cleared",
    "illegal_buildings_demolished": "buildings_demolished",
}
SURVEY_INDICATORS = {
    "toilet_households": "households",
    "toilet_households_renovated": "renovated",
    "toilet_households_pending": "pending",
}
_HANDLED = (
    WorkRecord.Recorded, WorkRecord.Corrected, WorkRecord.Withdrawn, Problem.Registered,
    Problem.RectificationReported, Problem.Voided, ToiletSurvey.Surveyed, ToiletSurvey.Resurveyed,
    SewageStation.Built, SewageStation.CarePostsChanged,
)


def milli(quantity: Any) -> int:
    return int(Decimal(quantity) * 1000)


class _Pending:
    """Rows of one batch not yet written: new facts and new problems."""

    def __init__(self, tx: Tx, facts: str, problems: str) -> None:
        self.tx, self.facts_table, self.problems_table = tx, facts, problems
        self.facts: list[tuple[Any, ...]] = []
        self.problems: list[tuple[str, str]] = []

    def open(self, key: str, indicator: str, aggregate: str, village: str | None, occurred: str, quantity: Any,
             position: int) -> None:
        self.facts.append((key, indicator, aggregate, village, occurred, milli(quantity), position))

    def flushed(self) -> Tx:
        """Write what is held back; returns the transaction, now safe to read or change earlier rows in."""
        columns = ("fact_key", "indicator", "aggregate_id", "village_id", "occurred_at", "milli", "valid_from_pos")
        self.tx.insert(self.facts_table, columns, self.facts)
        self.tx.insert(self.problems_table, ("problem_id", "village_id"), self.problems)
        self.facts, self.problems = [], []
        return self.tx


class CampaignFacts:
    name = "campaign_facts"
    tables = ("rm_campaign", "rm_campaign_problems")

    def ddl(self, generation: int) -> list[str]:
        t = physical("rm_campaign", generation)
        problems = physical("rm_campaign_problems", generation)
        return [
            f"""CREATE TABLE {t} (
    fact_key TEXT NOT NULL,
    indicator TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    village_id TEXT,
    occurred_at TEXT NOT NULL,
    milli BIGINT NOT NULL,
    valid_from_pos BIGINT NOT NULL,
    valid_to_pos BIGINT,
    PRIMARY KEY (fact_key, valid_from_pos)
)""",
            # Voiding a problem closes its facts by aggregate, so this one is needed while projecting.
            f"CREATE INDEX {t}_aggregate ON {t} (aggregate_id) WHERE valid_to_pos IS NULL",
            f"CREATE TABLE {problems} (problem_id TEXT PRIMARY KEY, village_id TEXT NOT NULL)",
        ]

    def indexes(self, generation: int) -> list[str]:
        t = physical("rm_campaign", generation)
        return [
            f"CREATE INDEX IF NOT EXISTS {t}_indicator ON {t} (indicator, occurred_at)",
            # Each village's latest toilet survey before a day, without reading the surveys before it.
            f"CREATE INDEX IF NOT EXISTS {t}_village_latest "
            f"ON {t} (indicator, village_id, occurred_at, valid_from_pos)",
        ]

    def consumes(self, event_type: type) -> bool:
        return issubclass(event_type, _HANDLED)

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        if not batch:
            return
        t = physical("rm_campaign", generation)
        problems = physical("rm_campaign_problems", generation)
        # New facts and problems are written in bulk: held back until the batch ends or until a statement
        # that reads or changes earlier rows (a correction, a withdrawal, a voided problem) needs them in.
        pending = _Pending(tx, t, problems)
        villages = self._problem_villages(tx, problems, batch)
        for r in batch:
            position, e, aggregate, occurred = r.position, r.event, r.id, r.occurred_at
            assert occurred is not None  # what this model consumes are RecordedFacts, which all carry it
            if isinstance(e, Problem.Registered):
                villages[aggregate] = str(e.village_id)
                pending.problems.append((aggregate, str(e.village_id)))
            elif isinstance(e, WorkRecord.Recorded):
                village = str(e.village_id) if e.village_id else None
                pending.open(aggregate, e.indicator, aggregate, village, occurred, e.quantity, position)
            elif isinstance(e, WorkRecord.Corrected):
                self._replace(pending.flushed(), t, aggregate, milli(e.quantity), position)
            elif isinstance(e, WorkRecord.Withdrawn):
                self._close_where(pending.flushed(), t, "fact_key = ?", aggregate, position)
            elif isinstance(e, Problem.RectificationReported):
                village = villages.get(aggregate)
                for indicator, field in RESOURCE_INDICATORS.items():
                    amount = e.resources.get(field, 0)
                    if Decimal(amount):
                        key = f"{aggregate}:{e.originator_version}:{indicator}"
                        pending.open(key, indicator, aggregate, village, occurred, amount, position)
            elif isinstance(e, Problem.Voided):
                self._close_where(pending.flushed(), t, "aggregate_id = ?", aggregate, position)
            elif isinstance(e, (ToiletSurvey.Surveyed, ToiletSurvey.Resurveyed)):
                if isinstance(e, ToiletSurvey.Surveyed):
                    village = str(e.village_id)
                else:
                    village = self._village_of(pending.flushed(), t, aggregate)
                for indicator, field in SURVEY_INDICATORS.items():
                    key = f"{aggregate}:{e.originator_version}:{indicator}"
                    pending.open(key, indicator, aggregate, village, occurred, getattr(e, field), position)
            elif isinstance(e, SewageStation.Built):
                village = str(e.village_id)
                pending.open(f"{aggregate}:station", "sewage_stations", aggregate, village, occurred, 1, position)
                pending.open(f"{aggregate}:posts", "sewage_care_posts", aggregate, village, occurred,
                             e.care_posts, position)
            elif isinstance(e, SewageStation.CarePostsChanged):
                self._replace(pending.flushed(), t, f"{aggregate}:posts", milli(e.care_posts), position)
        pending.flushed()

    @staticmethod
    def _problem_villages(tx: Tx, problems: str, batch: Batch) -> dict[str, str | None]:
        """The village of every problem whose rectification the batch reports and that was registered before it."""
        registered = {r.id for r in batch if isinstance(r.event, Problem.Registered)}
        reported = {r.id for r in batch if isinstance(r.event, Problem.RectificationReported)}
        villages: dict[str, str | None] = {}
        for part in chunks(sorted(reported - registered)):
            marks = ", ".join("?" * len(part))
            villages.update(
                tx.all(f"SELECT problem_id, village_id FROM {problems} WHERE problem_id IN ({marks})", part)
            )
        return villages

    @staticmethod
    def _replace(tx: Tx, t: str, key: str, new_milli: int, position: int) -> None:
        """A new version of the same fact: same occurred time, new quantity."""
        current = tx.one(
            f"SELECT indicator, aggregate_id, village_id, occurred_at FROM {t} "
            "WHERE fact_key = ? AND valid_to_pos IS NULL",
            (key,),
        )
        if current is None:
            return
        tx.execute(f"UPDATE {t} SET valid_to_pos = ? WHERE fact_key = ? AND valid_to_pos IS NULL", (position, key))
        tx.execute(
            f"INSERT INTO {t} (fact_key, indicator, aggregate_id, village_id, occurred_at, milli, valid_from_pos, "
            "valid_to_pos) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
            (key, *current, new_milli, position),
        )

    @staticmethod
    def _close_where(tx: Tx, t: str, condition: str, value: str, position: int) -> None:
        tx.execute(f"UPDATE {t} SET valid_to_pos = ? WHERE {condition} AND valid_to_pos IS NULL", (position, value))

    @staticmethod
    def _village_of(tx: Tx, t: str, aggregate: str) -> str | None:
        row = tx.one(f"SELECT village_id FROM {t} WHERE aggregate_id = ? LIMIT 1", (aggregate,))
        return row[0] if row else None
