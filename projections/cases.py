"""The accountability cases read model: every case event kept as a step row, so that the cases as of any position
are the steps up to it folded by ``domain.cases.record`` (incremental, rebuild and as-of alike)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

from domain.cases.record import CASE_EVENTS, CaseRecord, CaseStep, case_records, step_detail
from domain.errors import InvalidInput, NotFound
from projections.db import ReadStore, Tx, time_value
from projections.model import Batch
from projections.provenance import SourceEvent
from projections.snapshot import AsOf, Snapshot, snapshot
from projections.tracking import active_tracks, physical

TABLE = "rm_case_steps"
_COLUMNS = ("position", "case_id", "version", "kind", "actor", "occurred_at", "recorded_at", "detail")
_CONSUMED = frozenset(CASE_EVENTS)


class CasesModel:
    name = "cases"
    tables = (TABLE,)

    def ddl(self, generation: int) -> list[str]:
        return [f"""CREATE TABLE {physical(TABLE, generation)} (
    position BIGINT PRIMARY KEY,
    case_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    detail TEXT NOT NULL
)"""]

    def indexes(self, generation: int) -> list[str]:
        t = physical(TABLE, generation)
        return [f"CREATE INDEX IF NOT EXISTS {t}_case ON {t} (case_id, position)"]

    def consumes(self, event_type: type) -> bool:
        return event_type in _CONSUMED

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        rows = [(r.position, r.id, int(r.event.originator_version), type(r.event).__qualname__, r.event.actor,
                 r.occurred_at or r.recorded_at, r.recorded_at, json.dumps(step_detail(r.event), sort_keys=True,
                                                                            ensure_ascii=False))
                for r in batch]
        tx.insert(physical(TABLE, generation), _COLUMNS, rows)


def read_steps(tx: Tx, generation: int, position: int, case_id: str | None = None) -> list[CaseStep]:
    """The case steps up to ``position`` (of one case, or of all), in position order."""
    where = "position <= ?"
    params: list[object] = [position]
    if case_id is not None:
        where, params = "case_id = ? AND position <= ?", [case_id, position]
    rows = tx.all(f"SELECT {', '.join(_COLUMNS)} FROM {physical(TABLE, generation)} WHERE {where} ORDER BY position",
                  params)
    return [CaseStep(int(p), c, int(v), k, a, time_value(o), time_value(rec), json.loads(d))
            for p, c, v, k, a, o, rec, d in rows]


def cases_at(tx: Tx, position: int) -> tuple[list[CaseRecord], int]:
    """The cases as the record stood at ``position`` (no further than the read model has reached), and the
    position answered at."""
    track = active_tracks(tx).get(CasesModel.name)
    if track is None:
        raise InvalidInput("问责案件读模型尚未建立：请先运行 taizhang projections run",
                           "the accountability cases read model is not set up yet")
    reached = min(position, track.position)
    return case_records(read_steps(tx, track.generation, reached)), reached


class CaseQueries:
    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def cases(self, as_of: AsOf = None) -> tuple[list[CaseRecord], Snapshot]:
        """Every case as the record stood at ``as_of`` (the latest the read models hold, when None)."""
        with self.store.reading() as tx:
            snap = snapshot(tx, as_of)
            found, _ = cases_at(tx, snap.position)
        return found, snap

    def case(self, case_id: uuid.UUID | str, as_of: AsOf = None) -> tuple[CaseRecord, Snapshot]:
        found, snap = self.cases(as_of)
        for case in found:
            if case.case_id == str(case_id):
                return case, snap
        raise NotFound(f"找不到问责案件 “{case_id}”（或当时尚未立案）", f"no accountability case {case_id} as of then")

    def open_by_village(self, as_of: AsOf = None) -> dict[str, int]:
        """Cases not closed (escalated ones among them), by village id."""
        counts: dict[str, int] = {}
        for case in self.cases(as_of)[0]:
            if case.stage.value != "closed" and case.village_id is not None:
                counts[case.village_id] = counts.get(case.village_id, 0) + 1
        return counts

    def events(self, positions: Sequence[int], snap: Snapshot) -> list[SourceEvent]:
        """The events behind a case, from the event index."""
        chosen = sorted(p for p in set(positions) if p <= snap.position)
        rows = []
        with self.store.reading() as tx:
            for start in range(0, len(chosen), 500):
                part = chosen[start : start + 500]
                rows += tx.all(
                    "SELECT position, event_type, originator_id, originator_version, actor, occurred_at, recorded_at, "
                    f"village_id FROM {snap.events_table} WHERE position IN ({', '.join('?' * len(part))})",
                    part,
                )
        return [
            SourceEvent(int(p), t, o, int(v), a, time_value(oc) if oc else None, time_value(rc), vid)
            for p, t, o, v, a, oc, rc, vid in sorted(rows)
        ]
