"""Questions asked of the problem ledger: the ledger itself, what is overdue, counts, time to close.

Every answer carries the ``Snapshot`` it came from and, for each figure, a ``ref`` that
``projections.provenance.provenance`` expands into the events that produced it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from domain.errors import InvalidInput
from domain.local_time import CHINA
from domain.vocabulary import Stage
from projections.db import ReadStore, time_text, time_value
from projections.ledger_fold import COLUMNS
from projections.snapshot import AsOf, Period, Snapshot, snapshot, start_of_day

GROUPABLE = ("village_id", "group_id", "source", "category", "stage", "unit_id", "closed_on_time")
PERIOD_BASES = ("registered", "assigned", "rectification_reported", "verified", "closed", "reopened", "voided")
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    snapshot: Snapshot


@dataclass(frozen=True)
class CountRow:
    key: dict[str, Any]
    count: int
    labour_person_times: int
    machinery_unit_times: int
    tonnes_cleared: Decimal
    buildings_demolished: int
    ref: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CloseTimeRow:
    key: dict[str, Any]
    count: int
    mean_days: float
    median_days: float
    ref: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Figures:
    rows: list[Any]
    snapshot: Snapshot


# --- building blocks (shared with provenance) -----------------------------------------------


def where_clause(where: dict[str, Any] | None) -> tuple[str, list[Any]]:
    """Equality filters on ledger columns; a list or tuple value means any of them."""
    parts, params = [], []
    for column, value in (where or {}).items():
        if column not in COLUMNS:
            raise InvalidInput(f"台账没有“{column}”这一列", f"the ledger has no column {column!r}")
        if isinstance(value, (list, tuple, set, frozenset)):
            values = [_param(v) for v in value]
            if not values:
                parts.append("1=0")
                continue
            parts.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += values
        elif value is None:
            parts.append(f"{column} IS NULL")
        else:
            parts.append(f"{column} = ?")
            params.append(_param(value))
    return " AND ".join(parts) or "1=1", params


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (str, int)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def period_clause(period: Period | None, basis: str) -> tuple[str, list[str]]:
    if basis not in PERIOD_BASES:
        raise InvalidInput(f"未知的期间依据“{basis}”", f"unknown period basis {basis!r} (use one of {PERIOD_BASES})")
    return (period or Period()).clause(f"{basis}_at")


def overdue_clause(on: date) -> tuple[str, list[str]]:
    """Open past its deadline: the deadline day itself still counts as on time."""
    return "is_open = 1 AND deadline < ?", [on.isoformat()]


def as_day(snap: Snapshot, on: date | None) -> date:
    if on is not None:
        return on
    moment = snap.recorded_at or datetime.now(CHINA)
    return moment.astimezone(CHINA).date()


def row_dict(columns: Sequence[str], values: Sequence[Any], on: date | None = None) -> dict[str, Any]:
    row = dict(zip(columns, values, strict=True))
    for name in list(row):
        if name.endswith("_at") or name == "occurred_to":
            moment = time_value(row[name])
            row[name] = moment.isoformat() if moment else None
    if "closed_on_time" in row and row["closed_on_time"] is not None:
        row["closed_on_time"] = bool(row["closed_on_time"])
    if "tonnes_milli" in row:
        row["tonnes_cleared"] = Decimal(row.pop("tonnes_milli")) / 1000
    if on is not None and "deadline" in row:
        due = date.fromisoformat(row["deadline"]) if row["deadline"] else None
        row["overdue"] = bool(row["is_open"] and due is not None and on > due)
        row["days_overdue"] = (on - due).days if row["overdue"] and due else 0
    return row


# --- the ledger ----------------------------------------------------------------------------------


def ledger(
    store: ReadStore,
    where: dict[str, Any] | None = None,
    period: Period | None = None,
    basis: str = "registered",
    overdue: bool | None = None,
    sort: str = "-registered_at",
    page: int = 1,
    page_size: int = 50,
    as_of: AsOf = None,
    on: date | None = None,
) -> Page:
    """One page of the ledger; ``overdue`` and each row's overdue flag are judged on day ``on``."""
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(
            f"页码从 1 开始，每页 1–{MAX_PAGE_SIZE} 行", f"pages start at 1; 1-{MAX_PAGE_SIZE} rows a page"
        )
    column = sort.lstrip("-")
    if column not in COLUMNS:
        raise InvalidInput(f"不能按“{column}”排序", f"cannot sort by {column!r}")
    direction = "DESC" if sort.startswith("-") else "ASC"
    with store.reading() as tx:
        snap = snapshot(tx, as_of)
        day = as_day(snap, on)
        conditions = [snap.visible(), where_clause(where), period_clause(period, basis)]
        if overdue is not None:
            clause, params = overdue_clause(day)
            conditions.append((clause if overdue else f"NOT ({clause})", params))
        sql, params = _and(conditions)
        if where or period or overdue is not None:
            total = tx.scalar(f"SELECT count(*) FROM {snap.ledger_table} WHERE {sql}", params)
        else:
            total = snap.problems  # the whole ledger: every problem registered up to the snapshot's position
        select = ", ".join(COLUMNS)
        values = tx.all(
            f"SELECT {select} FROM {snap.ledger_table} WHERE {sql} "
            f"ORDER BY {column} {direction}, problem_id {direction} LIMIT ? OFFSET ?",
            [*params, page_size, (page - 1) * page_size],
        )
    return Page([row_dict(COLUMNS, v, day) for v in values], int(total), page, page_size, snap)


def overdue(
    store: ReadStore,
    on: date,
    as_of: AsOf = None,
    where: dict[str, Any] | None = None,
    limit: int = 500,
    offset: int = 0,
) -> Figures:
    """Problems open past their deadline at the end of local day ``on``, as the record stood at ``as_of``.

    Ordered by deadline (longest overdue first), ``limit`` rows from ``offset``: a page, never the whole list.
    """
    if not 1 <= limit <= 10_000 or offset < 0:
        raise InvalidInput("每页 1–10000 行，偏移不能为负", "1-10000 rows a page, and the offset may not be negative")
    with store.reading() as tx:
        snap = snapshot(tx, as_of)
        sql, params = _and([on_day_clause(snap, on), where_clause(where), overdue_clause(on)])
        select = ", ".join(COLUMNS)
        values = tx.all(
            f"SELECT {select} FROM {snap.ledger_table} WHERE {sql} ORDER BY deadline, problem_id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    return Figures([row_dict(COLUMNS, v, on) for v in values], snap)


def end_of_day_text(on: date) -> str:
    return time_text(start_of_day(on + timedelta(days=1)))


def day_ends_after_record(snap: Snapshot, on: date) -> bool:
    """Whether local day ``on`` ends after everything the (latest) snapshot holds was recorded.

    Nothing recorded yet can have occurred after such a day ends (occurred <= recorded), so the
    versions in force at its end are simply the current rows — served by the current-row indexes.
    """
    return snap.latest and snap.recorded_at is not None and time_text(snap.recorded_at) < end_of_day_text(on)


def on_day_clause(snap: Snapshot, on: date) -> tuple[str, list[Any]]:
    """Each problem's version in force at the end of local day ``on``, among those recorded by the snapshot."""
    end = end_of_day_text(on)
    p = snap.position
    if day_ends_after_record(snap, on):
        return "valid_to_pos IS NULL", []
    return (
        "valid_from_pos <= ? AND last_occurred_at < ? "
        "AND (occurred_to IS NULL OR occurred_to >= ? OR valid_to_pos > ?)",
        [p, end, end, p],
    )


# --- figures -------------------------------------------------------------------------------------


def counts(
    store: ReadStore,
    group_by: Sequence[str] = ("village_id",),
    period: Period | None = None,
    basis: str = "registered",
    as_of: AsOf = None,
    where: dict[str, Any] | None = None,
    include_voided: bool = False,
) -> Figures:
    """How many problems (and the resources their rectification took) per group, for an occurred period.

    The problems counted are those the summary counts (docs/FIGURES.md): see ``counted``.
    """
    keys = _group_keys(group_by)
    where = counted(where, basis, include_voided)
    with store.reading() as tx:
        snap = snapshot(tx, as_of)
        sql, params = _and([snap.visible(), where_clause(where), period_clause(period, basis)])
        grouped = ", ".join(keys)
        values = tx.all(
            f"SELECT {grouped}, count(*), sum(labour_person_times), sum(machinery_unit_times), "
            f"sum(tonnes_milli), sum(buildings_demolished) FROM {snap.ledger_table} WHERE {sql} "
            f"GROUP BY {grouped} ORDER BY {grouped}",
            params,
        )
    rows = []
    for v in values:
        key = dict(zip(keys, v[: len(keys)], strict=True))
        count, labour, machinery, milli, buildings = v[len(keys) :]
        ref = _ref("counts", snap, key, where, period, basis)
        rows.append(CountRow(key, int(count), int(labour or 0), int(machinery or 0),
                             Decimal(int(milli or 0)) / 1000, int(buildings or 0), ref))
    return Figures(rows, snap)


def counted(where: dict[str, Any] | None, basis: str, include_voided: bool = False) -> dict[str, Any]:
    """The filters of a count with what it leaves out made explicit, so that its provenance lists the same problems.

    As the summary counts (docs/FIGURES.md): a voided problem is not part of the ledger's figures unless
    asked for (``include_voided``, a stage filter, or ``basis=voided``); counted by their closing, only
    problems still closed count — a reopened problem is not closed until it is closed again.
    """
    where = dict(where or {})
    asked = where.get("stage")
    if basis == "closed":
        wanted = asked is None or Stage.CLOSED.value in ([asked] if isinstance(asked, str) else list(asked))
        where["stage"] = Stage.CLOSED.value if wanted else []
    elif asked is None and not include_voided and basis != "voided":
        where["voided_at"] = None  # voiding is final: a problem never voided has no voiding time
    return where


def time_to_close(
    store: ReadStore,
    group_by: Sequence[str] = ("village_id",),
    period: Period | None = None,
    as_of: AsOf = None,
    where: dict[str, Any] | None = None,
) -> Figures:
    """Mean and median days from registration to closing, for problems closed in the period."""
    keys = _group_keys(group_by)
    with store.reading() as tx:
        snap = snapshot(tx, as_of)
        closed: tuple[str, list[Any]] = ("stage = 'closed'", [])
        sql, params = _and([snap.visible(), closed, where_clause(where), period_clause(period, "closed")])
        values = tx.all(
            f"SELECT {', '.join(keys)}, registered_at, closed_at FROM {snap.ledger_table} WHERE {sql}", params
        )
    durations: dict[tuple[Any, ...], list[float]] = {}
    for v in values:
        opened, closed_at = time_value(v[-2]), time_value(v[-1])
        assert opened is not None and closed_at is not None
        durations.setdefault(tuple(v[:-2]), []).append((closed_at - opened).total_seconds() / 86400)
    rows = []
    for group in sorted(durations, key=lambda k: tuple(str(x) for x in k)):
        days = durations[group]
        key = dict(zip(keys, group, strict=True))
        rows.append(CloseTimeRow(key, len(days), statistics.fmean(days), statistics.median(days),
                                 _ref("time_to_close", snap, key, where, period, "closed")))
    return Figures(rows, snap)


def _group_keys(group_by: Sequence[str]) -> list[str]:
    keys = list(group_by)
    bad = [k for k in keys if k not in GROUPABLE]
    if bad or not keys:
        raise InvalidInput(f"不能按 {bad or '空'} 分组", f"cannot group by {bad or 'nothing'}; use {GROUPABLE}")
    return keys


def _and(conditions: Sequence[tuple[str, Sequence[Any]]]) -> tuple[str, list[Any]]:
    return " AND ".join(f"({c})" for c, _ in conditions), [p for _, ps in conditions for p in ps]


def _ref(kind: str, snap: Snapshot, key: dict[str, Any], where: dict[str, Any] | None,
         period: Period | None, basis: str) -> dict[str, Any]:
    """What ``provenance`` needs to list the events behind one figure, pinned to the snapshot's position."""
    return {
        "kind": kind,
        "as_of": snap.position,
        "where": {**(where or {}), **key},
        "period": (period or Period()).as_dict(),
        "basis": basis,
    }
