"""The assessment facts kept as versions: one row per fact per event, valid between two positions.

The same fold as ``AssessmentFacts`` (its handlers run on the facts an event touches), written out
after every event, so that the facts as recorded at position P are the rows with
``valid_from_pos <= P < valid_to_pos`` and a month's facts are the rows whose span of days meets it.
"""

from __future__ import annotations

import json
from typing import Any

from domain.assessment.facts import AssessmentFacts, ProblemFact
from projections.assessment_codec import FactKey, ProblemTexts, decode_into, dumps, encode, fact_key, folds
from projections.db import Tx
from projections.model import Batch, chunks
from projections.tracking import physical

TABLE = "rm_assessment_facts"
_SETTLED = ("closed", "voided")


class ProblemFactCache:
    """Problem facts kept between batches, so that a problem's next step need not read and decode its row again.

    Trusted only if the next batch continues from the last one (as ``ledger.RowCache``): after a rollback, a
    reset or another runner's batch the positions do not join and everything is dropped, so a fact changed
    by a batch that was not committed is never used. Only problems still being worked are kept.
    """

    def __init__(self, capacity: int = 50_000) -> None:
        self.capacity = capacity
        self.generation = 0
        self.position = -1
        self.current: dict[str, ProblemFact] = {}

    def facts(self, generation: int, since: int) -> dict[str, ProblemFact]:
        if generation != self.generation or since != self.position:
            self.current = {}
        return self.current

    def keep(self, generation: int, last_position: int, facts: dict[str, ProblemFact]) -> None:
        if len(self.current) + len(facts) > self.capacity:
            self.current = {}
        self.generation, self.position = generation, last_position
        for key, fact in facts.items():
            if fact.steps[-1].kind in _SETTLED:
                self.current.pop(key, None)
            else:
                self.current[key] = fact


class AssessmentFactsModel:
    name = "assessment_facts"
    tables = (TABLE,)

    def __init__(self) -> None:
        self._problems = ProblemFactCache()
        self._problem_texts = ProblemTexts()

    def indexes(self, generation: int) -> list[str]:
        """The indexes only queries use; the current-row index serves its own updates, so ``ddl`` makes that one.

        ``current_last`` serves reads at the latest position of what spans into a period: every problem
        was open once, with a span ending at ``date.max``, so the span index alone also walks every
        superseded open version ever recorded (docs/PERFORMANCE.md, rankings).
        """
        t = physical(TABLE, generation)
        return [
            # A month's facts: those of a day in it by the first index, those spanning it by either.
            f"CREATE INDEX IF NOT EXISTS {t}_first ON {t} (kind, span_first, valid_from_pos)",
            f"CREATE INDEX IF NOT EXISTS {t}_last ON {t} (kind, span_last, valid_from_pos)",
            f"CREATE INDEX IF NOT EXISTS {t}_current_last ON {t} (kind, span_last) WHERE valid_to_pos IS NULL",
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

    def consumes(self, event_type: type) -> bool:
        return folds(event_type)

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        t = physical(TABLE, generation)
        events = [(r.position, r.event, k) for r in batch if (k := fact_key(r.event, r.id)) is not None]
        kept = self._problems.facts(generation, since)
        if not events:
            self._problems.keep(generation, until, {})
            return
        scratch = AssessmentFacts()
        keys = {k for _, _, k in events}
        cached = {k for k in keys if k[0] == "problem" and k[1] in kept}
        for _, problem_key in cached:
            fact = kept[problem_key]
            scratch.problems[fact.problem_id] = fact
        stored = self._load_current(tx, t, keys - cached, scratch) | cached
        versions: dict[FactKey, list[list[Any]]] = {}
        closing: list[tuple[int, str, str]] = []
        problem_text = self._problem_texts.text
        for position, event, key in events:
            scratch.apply(position, event)
            if key[0] == "problem":  # most events: a problem's step, its earlier steps' text kept
                text, (first, last) = problem_text(scratch, key[1], event.originator_id)
            else:
                body, (first, last) = encode(scratch, key)
                text = dumps(body)
            history = versions.setdefault(key, [])
            if history:
                history[-1][-1] = position
            elif key in stored:
                closing.append((position, *key))
            history.append([*key, first, last, text, position, None])
        tx.executemany(
            f"UPDATE {t} SET valid_to_pos=? WHERE kind=? AND fact_key=? AND valid_to_pos IS NULL", closing
        )
        tx.insert(
            t, ("kind", "fact_key", "span_first", "span_last", "body", "valid_from_pos", "valid_to_pos"),
            [row for history in versions.values() for row in history],
        )
        # Every problem in the scratch fold was changed by this batch: cached, read or registered for its events.
        self._problems.keep(generation, until, {str(f.problem_id): f for f in scratch.problems.values()})
        self._problem_texts.keep_only(self._problems.current.keys())

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
                    f"SELECT fact_key, body FROM {table} "
                    f"WHERE valid_to_pos IS NULL AND kind=? AND fact_key IN ({marks})",
                    [kind, *part],
                ):
                    decode_into(into, kind, key, json.loads(body))
                    found.add((kind, key))
        return found
