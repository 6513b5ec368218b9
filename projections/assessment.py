"""The assessment facts kept as versions: one row per fact per event, valid between two positions.

The same fold as ``AssessmentFacts`` (its handlers run on the facts an event touches), written out
after every event, so that the facts as recorded at position P are the rows with
``valid_from_pos <= P < valid_to_pos`` and a month's facts are the rows whose span of days meets it.
"""

from __future__ import annotations

import json
from typing import Any

from domain.assessment.facts import AssessmentFacts
from projections.assessment_codec import FactKey, decode_into, dumps, encode, fact_key
from projections.db import Tx
from projections.model import Batch, chunks
from projections.tracking import physical

TABLE = "rm_assessment_facts"


class AssessmentFactsModel:
    name = "assessment_facts"
    tables = (TABLE,)

    def indexes(self, generation: int) -> list[str]:
        """The indexes only queries use; the current-row index serves its own updates, so ``ddl`` makes that one."""
        t = physical(TABLE, generation)
        return [
            # A month's facts: those of a day in it by the first index, those spanning it by either.
            f"CREATE INDEX IF NOT EXISTS {t}_first ON {t} (kind, span_first, valid_from_pos)",
            f"CREATE INDEX IF NOT EXISTS {t}_last ON {t} (kind, span_last, valid_from_pos)",
        ]

    def ddl(self, generation: int) -> list[str]:
        t = physical(TABLE, generation)
        return [
            f"""CREATE TABLE {t} (
    kind TEXT NOT NULL,
    fact_key TEXT NOT NULL,
    span_first TEXT NOT NULL,
    span_last TEXT NOT NULL,
    body TEXT NOT NULL,
    valid_from_pos BIGINT NOT NULL,
    valid_to_pos BIGINT,
    PRIMARY KEY (kind, fact_key, valid_from_pos)
)""",
            f"CREATE UNIQUE INDEX {t}_current ON {t} (kind, fact_key) WHERE valid_to_pos IS NULL",
        ]

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int) -> None:
        t = physical(TABLE, generation)
        events = [(p, e, k) for p, e in batch if (k := fact_key(e)) is not None]
        if not events:
            return
        scratch = AssessmentFacts()
        stored = self._load_current(tx, t, {k for _, _, k in events}, scratch)
        versions: dict[FactKey, list[list[Any]]] = {}
        closing: list[tuple[int, str, str]] = []
        for position, event, key in events:
            scratch.apply(position, event)
            body, (first, last) = encode(scratch, key)
            history = versions.setdefault(key, [])
            if history:
                history[-1][-1] = position
            elif key in stored:
                closing.append((position, *key))
            history.append([*key, first, last, dumps(body), position, None])
        tx.executemany(
            f"UPDATE {t} SET valid_to_pos=? WHERE kind=? AND fact_key=? AND valid_to_pos IS NULL", closing
        )
        tx.insert(
            t, ("kind", "fact_key", "span_first", "span_last", "body", "valid_from_pos", "valid_to_pos"),
            [row for history in versions.values() for row in history],
        )

    @staticmethod
    def _load_current(tx: Tx, table: str, keys: set[FactKey], into: AssessmentFacts) -> set[FactKey]:
        found: set[FactKey] = set()
        by_kind: dict[str, list[str]] = {}
        for kind, key in keys:
            by_kind.setdefault(kind, []).append(key)
        for kind, wanted in sorted(by_kind.items()):
            for part in chunks(sorted(wanted)):
                marks = ", ".join("?" * len(part))
                for key, body in tx.all(
                    f"SELECT fact_key, body FROM {table} WHERE valid_to_pos IS NULL AND kind=? AND fact_key IN ({marks})",
                    [kind, *part],
                ):
                    decode_into(into, kind, key, json.loads(body))
                    found.add((kind, key))
        return found
