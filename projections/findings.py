"""What the record says went wrong in a period: recurring categories, villages with overdue or sent-back problems.

Each finding counts problems (or steps) with the ids or log positions behind it, so a sentence written
from it can show its events. Every query reads at the snapshot it is given, so that a summary's
findings and figures are of one position.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from domain.vocabulary import Stage
from projections.db import Tx
from projections.figures import overdue_at_end_of
from projections.snapshot import Period, Snapshot


@dataclass(frozen=True)
class Counted:
    """How many problems (or steps) share a key — a category, or a village — and which."""

    key: str
    name: str
    count: int
    problems: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)


def _units(snap: Snapshot) -> str:
    return snap.ledger_table.replace("rm_ledger", "rm_units")


def _village_names(tx: Tx, snap: Snapshot) -> dict[str, str]:
    return dict(tx.all(f"SELECT unit_id, name FROM {_units(snap)} WHERE kind = ?", ["village"]))


def registered_by_category(tx: Tx, snap: Snapshot, period: Period) -> list[Counted]:
    """Problems registered in the period, not voided, by category (most first)."""
    visible, params = snap.visible()
    span, span_params = period.clause("registered_at")
    rows = tx.all(f"SELECT category, problem_id FROM {snap.ledger_table} WHERE {visible} AND {span} AND stage <> ?",
                  [*params, *span_params, Stage.VOIDED.value])
    return _grouped(rows, {})


def overdue_by_village(tx: Tx, snap: Snapshot, last: date) -> list[Counted]:
    """Problems open past their deadline at the end of ``last``, by village (most first)."""
    overdue = set(overdue_at_end_of(tx, snap, last, [], []))
    if not overdue:
        return []
    visible, params = snap.visible()
    rows = tx.all(f"SELECT village_id, problem_id FROM {snap.ledger_table} WHERE {visible}", params)
    return _grouped([(v, p) for v, p in rows if p in overdue], _village_names(tx, snap))


def sent_back_by_village(tx: Tx, snap: Snapshot, period: Period) -> list[Counted]:
    """Rectifications sent back (验收退回) that occurred in the period, by village (most first)."""
    span, span_params = period.clause("occurred_at")
    rows = tx.all(
        f"SELECT village_id, originator_id, position FROM {snap.events_table} "
        f"WHERE event_type = ? AND position <= ? AND {span}",
        ["Problem.RectificationRejected", snap.position, *span_params],
    )
    names = _village_names(tx, snap)
    by_village: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for village_id, problem_id, position in rows:
        by_village[village_id].append((problem_id, int(position)))
    counted = [Counted(v, names.get(v, v), len(steps), sorted({p for p, _ in steps}), sorted(n for _, n in steps))
               for v, steps in by_village.items()]
    return sorted(counted, key=lambda c: (-c.count, c.name))


def _grouped(rows: list[tuple[str, str]], names: dict[str, str]) -> list[Counted]:
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, problem_id in rows:
        by_key[key].append(problem_id)
    counted = [Counted(k, names.get(k, k), len(ps), sorted(ps)) for k, ps in by_key.items()]
    return sorted(counted, key=lambda c: (-c.count, c.name))
