"""The accountability cases read model: each case kept as versions valid between two positions (``rm_cases``,
for lists and counts that stay cheap as cases accumulate), and every case event as a step (``rm_case_steps``),
folded by ``domain.cases.record`` into the cases shown, as of any position (incremental, rebuild and as-of alike).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.cases.case import CaseStage
from domain.cases.record import CASE_EVENTS, CaseRecord, CaseStep, case_records, step_detail
from domain.errors import InvalidInput, NotFound
from projections.db import ReadStore, Tx, time_value
from projections.model import Batch, chunks
from projections.provenance import SourceEvent, events_at
from projections.snapshot import AsOf, Snapshot, snapshot
from projections.tracking import active_tracks, physical

TABLE = "rm_case_steps"
CASES = "rm_cases"
# How many cases there are and how many are open, township-wide (scope "") and open by village (scope: its id),
# kept as versions valid between two positions: the counts as of any position are one row per scope.
COUNTS = "rm_case_counts"
TOWNSHIP = ""
_COLUMNS = ("position", "case_id", "version", "kind", "actor", "occurred_at", "recorded_at", "detail")
_CASE_COLUMNS = ("case_id", "valid_from_pos", "valid_to_pos", "opened_pos", "trigger_kind", "village_id", "day",
                 "stage", "escalations")
_CONSUMED = frozenset(CASE_EVENTS)
_STAGE_AFTER = {
    "AccountabilityCase.InterviewHeld": CaseStage.INTERVIEWED, "AccountabilityCase.CommitmentMade": CaseStage.COMMITTED,
    "AccountabilityCase.FollowUpChecked": CaseStage.FOLLOWED_UP, "AccountabilityCase.Closed": CaseStage.CLOSED,
    "AccountabilityCase.Escalated": CaseStage.ESCALATED,
}


class CasesModel:
    name = "cases"
    tables = (TABLE, CASES, COUNTS)

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
)""", f"""CREATE TABLE {physical(CASES, generation)} (
    case_id TEXT NOT NULL,
    valid_from_pos BIGINT NOT NULL,
    valid_to_pos BIGINT,
    opened_pos BIGINT NOT NULL,
    trigger_kind TEXT NOT NULL,
    village_id TEXT,
    day TEXT NOT NULL,
    stage TEXT NOT NULL,
    escalations TEXT NOT NULL,
    PRIMARY KEY (case_id, valid_from_pos)
)""", f"""CREATE TABLE {physical(COUNTS, generation)} (
    scope TEXT NOT NULL,
    valid_from_pos BIGINT NOT NULL,
    valid_to_pos BIGINT,
    total BIGINT NOT NULL,
    open BIGINT NOT NULL,
    PRIMARY KEY (scope, valid_from_pos)
)"""]

    def indexes(self, generation: int) -> list[str]:
        t, c = physical(TABLE, generation), physical(CASES, generation)
        return [
            f"CREATE INDEX IF NOT EXISTS {t}_case ON {t} (case_id, position)",
            # The cases now, newest first, a page at a time; as of a past position, the versions then in force.
            f"CREATE INDEX IF NOT EXISTS {c}_current ON {c} (opened_pos) WHERE valid_to_pos IS NULL",
            f"CREATE INDEX IF NOT EXISTS {c}_opened ON {c} (opened_pos, valid_from_pos, valid_to_pos)",
            f"CREATE INDEX IF NOT EXISTS {physical(COUNTS, generation)}_current ON {physical(COUNTS, generation)} "
            "(scope) WHERE valid_to_pos IS NULL",
            # A year's cases (the year-end): now, among the current versions only; as of a past position, by day.
            f"CREATE INDEX IF NOT EXISTS {c}_current_day ON {c} (day) WHERE valid_to_pos IS NULL",
            f"CREATE INDEX IF NOT EXISTS {c}_day ON {c} (day, valid_from_pos, valid_to_pos)",
        ]

    def consumes(self, event_type: type) -> bool:
        return event_type in _CONSUMED

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        if not batch:
            return
        steps = [(r.position, r.id, int(r.event.originator_version), type(r.event).__qualname__, r.event.actor,
                  r.occurred_at or r.recorded_at, r.recorded_at,
                  json.dumps(step_detail(r.event), sort_keys=True, ensure_ascii=False)) for r in batch]
        tx.insert(physical(TABLE, generation), _COLUMNS, steps)
        changes = self._versions(tx, physical(CASES, generation), batch)
        self._counts(tx, physical(COUNTS, generation), changes)

    def _versions(self, tx: Tx, table: str, batch: Batch) -> list[tuple[int, str | None, int, int]]:
        """A new version of the case for each event; the one it supersedes ends at the event's position. Returns
        how the counts change: (position, village, cases added, cases opened minus closed)."""
        current = {row[0]: list(row) for row in self._current(tx, table, {r.id for r in batch})}
        added: dict[tuple[str, int], list[object]] = {}
        closing: list[tuple[int, str, int]] = []
        changes: list[tuple[int, str | None, int, int]] = []
        for r in batch:
            kind = type(r.event).__qualname__
            if kind == "AccountabilityCase.Opened":
                e = r.event
                village = str(e.village_id) if e.village_id else None
                row: list[object] = [r.id, r.position, None, r.position, e.trigger_kind, village, e.day.isoformat(),
                                     "opened", ""]
                changes.append((r.position, village, 1, 1))
            else:
                previous = current.get(r.id)
                if previous is None:
                    continue  # a step of a case this model never saw opened cannot be versioned
                previous[2] = r.position
                key = (str(previous[0]), int(str(previous[1])))
                if key not in added:
                    closing.append((r.position, key[0], key[1]))
                escalations = str(previous[8])
                if kind == "AccountabilityCase.Escalated":
                    escalations = ",".join(filter(None, [escalations, r.event.to]))
                row = [r.id, r.position, None, previous[3], previous[4], previous[5], previous[6],
                       _STAGE_AFTER[kind].value, escalations]
                if row[7] == CaseStage.CLOSED and previous[7] != CaseStage.CLOSED:
                    changes.append((r.position, str(row[5]) if row[5] else None, 0, -1))
            current[r.id] = row
            added[(r.id, r.position)] = row
        tx.executemany(f"UPDATE {table} SET valid_to_pos=? WHERE case_id=? AND valid_from_pos=?", closing)
        tx.insert(table, _CASE_COLUMNS, list(added.values()))
        return changes

    def _counts(self, tx: Tx, table: str, changes: list[tuple[int, str | None, int, int]]) -> None:
        """A new version of the township's counts and of the village's open count at each change."""
        if not changes:
            return
        scopes = {TOWNSHIP} | {village for _, village, _, _ in changes if village}
        current: dict[str, list[int]] = {}
        for part in chunks(sorted(scopes)):
            for scope, since, total, opened in tx.all(
                    f"SELECT scope, valid_from_pos, total, open FROM {table} WHERE valid_to_pos IS NULL "
                    f"AND scope IN ({', '.join('?' * len(part))})", part):
                current[str(scope)] = [int(since), int(total), int(opened)]
        stored = {scope: row[0] for scope, row in current.items()}  # versions already in the table
        added: dict[tuple[str, int], list[int]] = {}
        for position, village, more, opened in changes:
            for scope in (TOWNSHIP, village) if village else (TOWNSHIP,):
                _, total, open_now = current.get(scope, [0, 0, 0])
                row = [position, total + more, open_now + opened]
                previous = current.get(scope)
                if previous is not None and (scope, previous[0]) in added:
                    added[(scope, previous[0])].append(position)  # ends where this one starts
                current[scope] = row
                added[(scope, position)] = row
        for scope, since in stored.items():
            first = min(p for (s, p) in added if s == scope)
            tx.execute(f"UPDATE {table} SET valid_to_pos = ? WHERE scope = ? AND valid_from_pos = ?",
                       [first, scope, since])
        tx.insert(table, ("scope", "valid_from_pos", "total", "open", "valid_to_pos"),
                  [(scope, since, row[1], row[2], row[3] if len(row) > 3 else None)
                   for (scope, since), row in added.items()])

    def _current(self, tx: Tx, table: str, ids: set[str]) -> list[tuple[object, ...]]:
        rows: list[tuple[object, ...]] = []
        for part in chunks(sorted(ids)):
            rows += tx.all(f"SELECT {', '.join(_CASE_COLUMNS)} FROM {table} "
                           f"WHERE valid_to_pos IS NULL AND case_id IN ({', '.join('?' * len(part))})", part)
        return rows


@dataclass(frozen=True)
class CaseView:
    """Where a question about cases reads: the active tables and the position answered at (the read model's own,
    if it is behind the snapshot)."""

    steps_table: str
    cases_table: str
    counts_table: str
    position: int
    latest: bool

    def visible(self) -> tuple[str, list[int]]:
        """The versions of the cases as the record stood at this position."""
        if self.latest:
            return "valid_to_pos IS NULL", []
        # opened_pos bounds the walk of the index from the newest case down to those opened by then.
        return ("opened_pos <= ? AND valid_from_pos <= ? AND (valid_to_pos IS NULL OR valid_to_pos > ?)",
                [self.position] * 3)


def case_view(tx: Tx, position: int) -> CaseView:
    track = active_tracks(tx).get(CasesModel.name)
    if track is None:
        raise InvalidInput("问责案件读模型尚未建立：请先运行 taizhang projections run",
                           "the accountability cases read model is not set up yet")
    reached = min(position, track.position)
    return CaseView(physical(TABLE, track.generation), physical(CASES, track.generation),
                    physical(COUNTS, track.generation), reached, reached >= track.position)


def read_steps(tx: Tx, view: CaseView, case_ids: Sequence[str]) -> list[CaseStep]:
    """The steps of these cases up to the view's position, in position order."""
    rows: list[tuple[object, ...]] = []
    for part in chunks(sorted(set(case_ids))):
        rows += tx.all(f"SELECT {', '.join(_COLUMNS)} FROM {view.steps_table} "
                       f"WHERE case_id IN ({', '.join('?' * len(part))}) AND position <= ?", [*part, view.position])
    rows.sort(key=lambda row: int(str(row[0])))
    return [CaseStep(int(str(p)), str(c), int(str(v)), str(k), str(a), time_value(str(o)), time_value(str(rec)),
                     json.loads(str(d))) for p, c, v, k, a, o, rec, d in rows]


def chosen_cases(tx: Tx, view: CaseView, where: str = "1=1", params: Sequence[object] = (),
                 limit: int | None = None, offset: int = 0, counted: bool = True) -> tuple[list[CaseRecord], int]:
    """The cases visible in the view that ``where`` admits, newest first (a page of them), and how many in all
    (-1 when not ``counted``: the whole township's counts are kept, ``counts_at``)."""
    visible, visible_params = view.visible()
    condition = f"{visible} AND {where}"
    total = int(tx.scalar(f"SELECT count(*) FROM {view.cases_table} WHERE {condition}",
                          [*visible_params, *params])) if counted else -1
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    ids = [str(row[0]) for row in tx.all(
        f"SELECT case_id FROM {view.cases_table} WHERE {condition} ORDER BY opened_pos DESC{page}",
        [*visible_params, *params])]
    by_id = {c.case_id: c for c in case_records(read_steps(tx, view, ids))}
    return [by_id[i] for i in ids if i in by_id], total


def read_at(tx: Tx, as_of: AsOf) -> tuple[Snapshot, CaseView]:
    """The moment asked and where the cases are read; a model behind it (while rebuilt) answers where it read."""
    snap = snapshot(tx, as_of)
    view = case_view(tx, snap.position)
    return (snapshot(tx, view.position) if view.position < snap.position else snap), view


def counts_at(tx: Tx, view: CaseView, scope: str) -> tuple[int, int]:
    """(cases, open cases) of a scope (the township, or a village's id) as of the view's position."""
    row = tx.one(f"SELECT total, open FROM {view.counts_table} WHERE scope = ? AND valid_from_pos <= ? "
                 "ORDER BY valid_from_pos DESC LIMIT 1", [scope, view.position])
    return (int(row[0]), int(row[1])) if row else (0, 0)


def cases_of_year(tx: Tx, position: int, year: int) -> list[CaseRecord]:
    """The cases whose trigger day falls in ``year`` (those the year-end counts), as of ``position``."""
    view = case_view(tx, position)
    found, _ = chosen_cases(tx, view, "day >= ? AND day <= ?", [date(year, 1, 1).isoformat(),
                                                                date(year, 12, 31).isoformat()], counted=False)
    return found[::-1]


@dataclass(frozen=True)
class CasePage:
    cases: list[CaseRecord]
    total: int
    snapshot: Snapshot


class CaseQueries:
    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def position(self) -> int:
        """How far the cases read model has read the log (0 before it is set up)."""
        with self.store.reading() as tx:
            track = active_tracks(tx).get(CasesModel.name)
        return track.position if track is not None else 0

    def cases(self, as_of: AsOf = None, limit: int | None = None, offset: int = 0,
              open_only: bool = False) -> tuple[list[CaseRecord], Snapshot]:
        """The cases as the record stood at ``as_of`` (the latest the read models hold, when None), newest first."""
        page = self.page(as_of, limit, offset, open_only)
        return page.cases, page.snapshot

    def page(self, as_of: AsOf = None, limit: int | None = None, offset: int = 0,
             open_only: bool = False) -> CasePage:
        if limit is not None and not 1 <= limit <= 1000:
            raise InvalidInput("每页案件数应在 1–1000 之间", "limit must be between 1 and 1000")
        if offset < 0:
            raise InvalidInput("偏移不能为负数", "offset may not be negative")
        with self.store.reading() as tx:
            snap, view = read_at(tx, as_of)
            where = "stage != 'closed'" if open_only else "1=1"
            found, _ = chosen_cases(tx, view, where, (), limit, offset, counted=False)
            kept = counts_at(tx, view, TOWNSHIP)
            total = kept[1] if open_only else kept[0]
        return CasePage(found, total, snap)

    def case(self, case_id: uuid.UUID | str, as_of: AsOf = None) -> tuple[CaseRecord, Snapshot]:
        with self.store.reading() as tx:
            snap, view = read_at(tx, as_of)
            found = case_records(read_steps(tx, view, [str(case_id)]))
        if not found:
            raise NotFound(f"找不到问责案件 “{case_id}”（或当时尚未立案）",
                           f"no accountability case {case_id} as of then")
        return found[0], snap

    def open_by_village(self, as_of: AsOf = None) -> dict[str, int]:
        """Cases not closed (escalated ones among them), by village id: one kept count per village."""
        with self.store.reading() as tx:
            view = case_view(tx, snapshot(tx, as_of).position)
            villages = [str(row[0]) for row in tx.all(
                f"SELECT scope FROM {view.counts_table} WHERE valid_to_pos IS NULL AND scope != ? ORDER BY scope",
                [TOWNSHIP])]
            counts = {village: counts_at(tx, view, village)[1] for village in villages}
        return {village: n for village, n in counts.items() if n}

    def events(self, positions: Sequence[int], snap: Snapshot) -> list[SourceEvent]:
        """The events behind a case, from the event index."""
        return events_at(self.store, positions, snap)
