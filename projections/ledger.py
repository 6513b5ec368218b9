"""The problem ledger (问题台账) kept as versions: one row per problem per event, valid between two positions.

The current ledger is the rows with ``valid_to_pos IS NULL``; the ledger as recorded at position P
is the rows with ``valid_from_pos <= P < valid_to_pos``; the ledger as it stood on an occurred day
also uses ``last_occurred_at <= day < occurred_to`` (a problem's steps occur in the order recorded).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from domain.organisation import Village
from domain.vocabulary import Stage
from projections.db import Tx
from projections.ledger_fold import COLUMNS, LedgerRow, fold, is_ledger_step
from projections.model import Batch, chunks
from projections.tracking import physical

_values = attrgetter(*COLUMNS)

_INT_COLUMNS = {
    "deadline_working_days", "extension_count", "reopen_count", "sent_back_count", "rectification_count",
    "closed_on_time", "labour_person_times", "machinery_unit_times", "tonnes_milli", "buildings_demolished",
    "is_open", "version",
}
_BIG_COLUMNS = {"valid_from_pos"}
_SETTLED = {Stage.CLOSED.value, Stage.VOIDED.value}
# The villages and groups the ledger names units by.
_UNIT_EVENTS = (Village.Registered, Village.GroupAdded, Village.Renamed)


def _column_type(name: str) -> str:
    if name in _BIG_COLUMNS:
        return "BIGINT"
    return "INTEGER" if name in _INT_COLUMNS else "TEXT"


class RowCache:
    """Current rows kept between batches, trusted only if the next batch continues from the last one.

    If another runner applied events in between, a batch rolled back, or the tables were reset, the
    positions do not join and the cache is dropped, so it can never serve a stale row.
    """

    def __init__(self, capacity: int = 50_000) -> None:
        self.capacity = capacity
        self.generation = 0
        self.position = -1
        self.current: dict[str, LedgerRow] = {}

    def rows(self, generation: int, since: int, wanted: set[str]) -> dict[str, LedgerRow]:
        if generation != self.generation or since != self.position:
            self.current = {}
            return {}
        return {pid: self.current[pid] for pid in wanted if pid in self.current}

    def keep(self, generation: int, last_position: int, rows: dict[str, LedgerRow]) -> None:
        """Keep the rows of problems still being worked; closed and voided ones rarely change again."""
        if len(self.current) + len(rows) > self.capacity:
            self.current = {}
        self.generation, self.position = generation, last_position
        for pid, row in rows.items():
            if row.stage in _SETTLED:
                self.current.pop(pid, None)
            else:
                self.current[pid] = row

    def forget(self) -> None:
        self.current = {}
        self.position = -1


class ProblemLedger:
    name = "problem_ledger"
    tables = ("rm_ledger", "rm_units")

    def __init__(self) -> None:
        self._cache = RowCache()

    def ddl(self, generation: int) -> list[str]:
        t = physical("rm_ledger", generation)
        units = physical("rm_units", generation)
        not_null = {"problem_id", "village_id", "source", "category", "stage", "registered_at", "valid_from_pos"}
        cols = ",\n    ".join(
            f"{c} {_column_type(c)}{' NOT NULL' if c in not_null else ''}" for c in COLUMNS
        )
        return [
            f"""CREATE TABLE {t} (
    {cols},
    valid_to_pos BIGINT,
    occurred_to TEXT,
    PRIMARY KEY (problem_id, valid_from_pos)
)""",
            f"""CREATE TABLE {units} (
    unit_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    village_id TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT NOT NULL
)""",
        ]

    def indexes(self, generation: int) -> list[str]:
        t = physical("rm_ledger", generation)
        return [
            f"CREATE UNIQUE INDEX IF NOT EXISTS {t}_current ON {t} (problem_id) WHERE valid_to_pos IS NULL",
            # The ledger page in its default order (newest first, ties by id) is read straight off this index.
            f"CREATE INDEX IF NOT EXISTS {t}_current_registered ON {t} (registered_at, problem_id) "
            "WHERE valid_to_pos IS NULL",
            # What is overdue now: the open current rows in deadline order, read a page at a time.
            f"CREATE INDEX IF NOT EXISTS {t}_open_deadline ON {t} (deadline, problem_id) "
            "WHERE valid_to_pos IS NULL AND is_open = 1",
            f"CREATE INDEX IF NOT EXISTS {t}_registered ON {t} (registered_at, valid_from_pos)",
            f"CREATE INDEX IF NOT EXISTS {t}_closed ON {t} (closed_at) WHERE closed_at IS NOT NULL",
            # Overdue on a past day: the versions still in force at its end (occurred_to NULL or later) or
            # superseded only after the as-of position; each OR branch has its own index.
            f"CREATE INDEX IF NOT EXISTS {t}_occurred_to ON {t} (occurred_to)",
            # Partial, so that the planner never prefers it over the current-row indexes for IS NULL.
            f"CREATE INDEX IF NOT EXISTS {t}_valid_to ON {t} (valid_to_pos) WHERE valid_to_pos IS NOT NULL",
            # Overdue as of a past position: the superseded versions that were open, by deadline. Those due
            # before a past day belong to problems registered before it, so later history hardly adds to them.
            f"CREATE INDEX IF NOT EXISTS {t}_superseded_open ON {t} (deadline, valid_from_pos) "
            "WHERE valid_to_pos IS NOT NULL AND is_open = 1",
        ]

    def consumes(self, event_type: type) -> bool:
        return is_ledger_step(event_type) or issubclass(event_type, _UNIT_EVENTS)

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        t = physical("rm_ledger", generation)
        events = [r for r in batch if is_ledger_step(type(r.event))]
        if len(events) < len(batch):
            self._apply_units(tx, physical("rm_units", generation), batch)
        if not events:
            if self._cache.generation == generation and self._cache.position == since:
                self._cache.position = until
            return
        wanted = {r.id for r in events}
        current = self._cache.rows(generation, since, wanted)
        current.update(self._current_rows(tx, t, wanted - current.keys()))
        versions: dict[str, list[list[Any]]] = {}
        closing: list[tuple[int, str, str, int]] = []
        for r in events:
            position, pid = r.position, r.id
            previous = current.get(pid)
            row = fold(previous, r.event, position, r.occurred_at, r.recorded_at)
            current[pid] = row
            history = versions.setdefault(pid, [])
            if history:
                history[-1][-2:] = [position, row.last_occurred_at]
            elif previous is not None:  # stored before this batch: that row's validity ends here
                closing.append((position, row.last_occurred_at, pid, previous.valid_from_pos))
            history.append([*_values(row), None, None])
        tx.executemany(
            # By primary key: a rebuild fills its tables before the current-row index exists.
            f"UPDATE {t} SET valid_to_pos=?, occurred_to=? WHERE problem_id=? AND valid_from_pos=?", closing
        )
        self._cache.keep(generation, until, {pid: current[pid] for pid in versions})
        tx.insert(t, [*COLUMNS, "valid_to_pos", "occurred_to"], [r for h in versions.values() for r in h])

    def _current_rows(self, tx: Tx, table: str, ids: set[str]) -> dict[str, LedgerRow]:
        found: dict[str, LedgerRow] = {}
        select = ", ".join(COLUMNS)
        for part in chunks(sorted(ids)):
            marks = ", ".join("?" * len(part))
            for values in tx.all(
                f"SELECT {select} FROM {table} WHERE valid_to_pos IS NULL AND problem_id IN ({marks})", part
            ):
                row = LedgerRow(*values)
                found[row.problem_id] = row
        return found

    def _apply_units(self, tx: Tx, table: str, batch: Batch) -> None:
        for r in batch:
            e = r.event
            if isinstance(e, Village.Registered):
                tx.execute(
                    f"INSERT INTO {table} (unit_id, kind, village_id, name, code) VALUES (?, 'village', ?, ?, ?)",
                    (str(e.originator_id), str(e.originator_id), e.name, e.code),
                )
            elif isinstance(e, Village.GroupAdded):
                tx.execute(
                    f"INSERT INTO {table} (unit_id, kind, village_id, name, code) VALUES (?, 'group', ?, ?, '')",
                    (str(e.group_id), str(e.originator_id), e.name),
                )
            elif isinstance(e, Village.Renamed):
                tx.execute(f"UPDATE {table} SET name=? WHERE unit_id=?", (e.name, str(e.originator_id)))
