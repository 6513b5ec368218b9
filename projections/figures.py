"""The summary's figures for a period as of a moment, each with the events that produced it.

Definitions: docs/FIGURES.md. Every figure of one answer is read at the same log position.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from domain.errors import InvalidInput
from domain.indicators import CATALOGUE, Indicator, Measure, Origin
from domain.vocabulary import Stage
from projections.db import ReadStore, Tx, iso_text, time_text
from projections.queries import day_ends_after_record, end_of_day_text, overdue_clause
from projections.snapshot import AsOf, Period, Snapshot, snapshot
from projections.tracking import active_tracks, physical

PROVENANCE_LIMIT = 2000


@dataclass(frozen=True)
class FigureValue:
    code: str
    value: Decimal
    positions: list[int] = field(default_factory=list)  # the events establishing each contributing fact
    problems: list[str] = field(default_factory=list)  # for ledger figures: the problems counted
    # Whether the record holds anything this figure could count: a 0 then means none, not "not entered".
    # Work, surveys and facilities: some record of the kind in the period; ledger figures: a ledger in use.
    recorded: bool = True


@dataclass(frozen=True)
class CampaignFigures:
    figures: dict[str, FigureValue]
    names: dict[str, list[str]]
    snapshot: Snapshot


def campaign_figures(store: ReadStore, first: date, last: date, as_of: AsOf = None) -> CampaignFigures:
    if last < first:
        raise InvalidInput("期间的结束早于开始", "the period ends before it starts")
    period = Period.days(first, last)
    with store.reading() as tx:
        snap = snapshot(tx, as_of)
        table = _campaign_table(tx, snap)
        ledger_in_use = _ledger_in_use(tx, snap, period)
        figures = {i.code: _figure(tx, snap, table, i, period, last, ledger_in_use) for i in CATALOGUE}
        names = {
            "clean_village_names": _village_names(tx, snap, table, "clean_villages_targeted", period),
            "sewage_station_villages": _village_names(tx, snap, table, "sewage_stations", Period(None, period.end)),
        }
    return CampaignFigures(figures, names, snap)


def _campaign_table(tx: Tx, snap: Snapshot) -> str:
    track = active_tracks(tx).get("campaign_facts")
    if track is None or track.position < snap.position:
        raise InvalidInput("读模型尚未追上：请稍候或运行 taizhang projections run", "the campaign read model is behind")
    return physical("rm_campaign", track.generation)


def _visible(snap: Snapshot, alias: str = "") -> tuple[str, list[int]]:
    a = f"{alias}." if alias else ""
    return f"{a}valid_from_pos <= ? AND ({a}valid_to_pos IS NULL OR {a}valid_to_pos > ?)", [
        snap.position,
        snap.position,
    ]


def _ledger_in_use(tx: Tx, snap: Snapshot, period: Period) -> bool:
    """Whether any problem was registered before the period's end, as recorded at the snapshot."""
    visible, params = snap.visible()
    end, end_params = Period(None, period.end).clause("registered_at")
    return tx.one(f"SELECT 1 FROM {snap.ledger_table} WHERE {visible} AND {end} LIMIT 1",
                  [*params, *end_params]) is not None


def _figure(
    tx: Tx, snap: Snapshot, table: str, indicator: Indicator, period: Period, last: date, ledger_in_use: bool
) -> FigureValue:
    if indicator.origin == Origin.LEDGER:
        if indicator.measure in (Measure.REGISTERED, Measure.CLOSED, Measure.OVERDUE):
            found = _ledger_count(tx, snap, indicator, period, last)
        else:
            found = _recorded_quantities(tx, snap, table, indicator, period)
        return replace(found, recorded=ledger_in_use)
    if indicator.origin == Origin.SURVEY:
        found = _latest_survey(tx, snap, table, indicator, period)
        return replace(found, recorded=bool(found.positions))
    found = _recorded_quantities(tx, snap, table, indicator,
                                 Period(None, period.end) if indicator.origin == Origin.FACILITY else period)
    return replace(found, recorded=bool(found.positions))


def _recorded_quantities(tx: Tx, snap: Snapshot, table: str, indicator: Indicator, period: Period) -> FigureValue:
    """The sum of the facts of one indicator that occurred in the period, as known at the snapshot."""
    visible, params = _visible(snap)
    span, span_params = period.clause("occurred_at")
    rows = tx.all(
        f"SELECT milli, valid_from_pos FROM {table} "
        f"WHERE indicator = ? AND {visible} AND {span} ORDER BY valid_from_pos",
        [indicator.code, *params, *span_params],
    )
    return FigureValue(indicator.code, _sum(rows), [int(p) for _, p in rows])


def _latest_survey(tx: Tx, snap: Snapshot, table: str, indicator: Indicator, period: Period) -> FigureValue:
    """Each village's latest survey that occurred before the period's end, as known at the snapshot.

    Read village by village: the villages surveyed are found by skipping through the
    ``(indicator, village_id, occurred_at, valid_from_pos)`` index, and each village's latest survey is
    the first visible row walking that index back from the period's end — a few lookups a village,
    however many surveys came before.
    """
    code = "toilet_households" if indicator.code == "toilet_villages_surveyed" else indicator.code
    assert period.end is not None  # the campaign's periods are whole days (Period.days), never open-ended
    end = time_text(period.end)
    x_visible, x_params = _visible(snap, "x")
    s_visible, s_params = _visible(snap, "s")

    def latest_of(village: str) -> str:
        # A fact has at most one version visible at a position, so its key names the row.
        return (
            f"s.fact_key = (SELECT x.fact_key FROM {table} x WHERE x.indicator = ? AND {village} "
            f"AND x.occurred_at < ? AND {x_visible} ORDER BY x.occurred_at DESC, x.valid_from_pos DESC LIMIT 1)"
        )

    rows = tx.all(
        f"""WITH RECURSIVE villages(id) AS (
            SELECT MIN(village_id) FROM {table} WHERE indicator = ?
            UNION ALL
            SELECT (SELECT MIN(village_id) FROM {table} WHERE indicator = ? AND village_id > villages.id)
            FROM villages WHERE villages.id IS NOT NULL)
        SELECT milli, valid_from_pos FROM (
            SELECT s.milli, s.valid_from_pos FROM villages v JOIN {table} s ON {latest_of("x.village_id = v.id")}
            WHERE {s_visible}
            UNION ALL
            SELECT s.milli, s.valid_from_pos FROM {table} s WHERE {latest_of("x.village_id IS NULL")} AND {s_visible}
        ) found ORDER BY valid_from_pos""",
        [code, code, code, end, *x_params, *s_params, code, end, *x_params, *s_params],
    )
    positions = [int(p) for _, p in rows]
    if indicator.code == "toilet_villages_surveyed":
        return FigureValue(indicator.code, Decimal(len(rows)), positions)
    return FigureValue(indicator.code, _sum(rows), positions)


def _ledger_count(tx: Tx, snap: Snapshot, indicator: Indicator, period: Period, last: date) -> FigureValue:
    where: list[str] = []
    params: list[Any] = []
    if indicator.source is not None:
        where.append("source = ?")
        params.append(indicator.source.value)
    if indicator.category is not None:
        where.append("category = ?")
        params.append(indicator.category.value)
    if indicator.measure == Measure.OVERDUE:
        problems = overdue_at_end_of(tx, snap, last, where, params)
    else:
        visible, visible_params = snap.visible()
        where.append(visible)
        params += visible_params
        if indicator.measure == Measure.REGISTERED:
            span, span_params = period.clause("registered_at")
            where += [span, "stage <> ?"]
            params += [*span_params, Stage.VOIDED.value]
        else:
            span, span_params = period.clause("closed_at")
            where += [span, "stage = ?"]
            params += [*span_params, Stage.CLOSED.value]
        condition = " AND ".join(f"({w})" for w in where)
        problems = [r[0] for r in tx.all(f"SELECT problem_id FROM {snap.ledger_table} WHERE {condition}", params)]
    # Sorted here, not in SQL: ORDER BY problem_id led SQLite to walk every current row in the
    # problem-id index rather than the few rows the figure's own index finds (38 ms at 100 000 events).
    problems.sort()
    return FigureValue(indicator.code, Decimal(len(problems)), problems=problems)


def overdue_at_end_of(tx: Tx, snap: Snapshot, day: date, where: list[str], params: list[Any]) -> list[str]:
    """Problems open past their deadline at the end of ``day``, as recorded at the snapshot.

    The versions in force at the day's end, in three disjoint parts, each read through its own index
    so that none grows with the history recorded after the day or after the snapshot:

    - the current rows still open: the open-deadline index, as many as the backlog;
    - versions superseded by a step that occurred after the day's end and was recorded by the
      snapshot: the ``occurred_to`` index, as many as the steps between the two;
    - for a snapshot in the past, versions superseded only after it: the superseded-open index by
      deadline — those due before the day belong to problems registered before it.

    ``|| ''`` and the unary ``+`` keep the planner on the index meant for each part: the others'
    ranges grow with every version superseded since. A superseded version always has both
    ``valid_to_pos`` and ``occurred_to``, a current one neither (projections/ledger.py).
    """
    due, due_params = overdue_clause(day)
    extra = "".join(f" AND ({w})" for w in where)
    t = snap.ledger_table
    if day_ends_after_record(snap, day):
        return [r[0] for r in tx.all(f"SELECT problem_id FROM {t} WHERE valid_to_pos IS NULL AND {due}{extra}",
                                     [*due_params, *params])]
    if snap.recorded_at is None:
        return []
    end, p = end_of_day_text(day), snap.position
    in_force = "valid_from_pos <= ? AND last_occurred_at < ?"
    due_unindexed = "is_open = 1 AND deadline || '' < ?"
    parts = [
        (f"SELECT problem_id FROM {t} WHERE valid_to_pos IS NULL AND {due} AND {in_force}{extra}",
         [*due_params, p, end, *params]),
        (f"""SELECT problem_id FROM {t} WHERE valid_to_pos IS NOT NULL AND occurred_to >= ? AND occurred_to <= ?
            AND +valid_to_pos <= ? AND {in_force} AND {due_unindexed}{extra}""",
         [end, time_text(snap.recorded_at), p, p, end, *due_params, *params]),
    ]
    if not snap.latest:
        parts.append(
            (f"""SELECT problem_id FROM {t} WHERE valid_to_pos IS NOT NULL AND {due}
                AND +valid_to_pos > ? AND {in_force}{extra}""",
             [*due_params, p, p, end, *params])
        )
    rows = tx.all(" UNION ALL ".join(sql for sql, _ in parts), [v for _, values in parts for v in values])
    return [r[0] for r in rows]


def _village_names(tx: Tx, snap: Snapshot, table: str, code: str, period: Period) -> list[str]:
    units = snap.ledger_table.replace("rm_ledger", "rm_units")
    visible, params = _visible(snap)
    span, span_params = period.clause("c.occurred_at")
    rows = tx.all(
        f"""SELECT u.name, MIN(c.occurred_at) FROM {table} c JOIN {units} u ON u.unit_id = c.village_id
        WHERE c.indicator = ? AND {visible.replace('valid_', 'c.valid_')} AND {span}
        GROUP BY u.name ORDER BY MIN(c.occurred_at), u.name""",
        [code, *params, *span_params],
    )
    return [name for name, _ in rows]


def _sum(rows: list[tuple[Any, ...]]) -> Decimal:
    return Decimal(sum(int(m) for m, *_ in rows)) / 1000


def figure_events(
    store: ReadStore, figure: FigureValue, snap: Snapshot, limit: int = PROVENANCE_LIMIT
) -> dict[str, Any]:
    """The events behind one figure: the establishing event of each fact, or every event of each problem."""
    with store.reading() as tx:
        columns = "position, event_type, originator_id, originator_version, actor, occurred_at, recorded_at"
        if figure.problems:
            marks = ", ".join("?" * len(figure.problems[:limit]))
            rows = tx.all(
                f"SELECT {columns} FROM {snap.events_table} WHERE originator_id IN ({marks}) AND position <= ? "
                "ORDER BY position LIMIT ?",
                [*figure.problems[:limit], snap.position, limit],
            )
            counted = len(figure.problems)
        else:
            wanted = figure.positions[:limit]
            marks = ", ".join("?" * len(wanted)) or "NULL"
            rows = tx.all(
                f"SELECT {columns} FROM {snap.events_table} WHERE position IN ({marks}) ORDER BY position", wanted
            )
            counted = len(figure.positions)
    events = [
        {
            "position": int(p), "event_type": t, "aggregate_id": o, "version": int(v), "actor": a,
            "occurred_at": iso_text(oc), "recorded_at": iso_text(rc),
        }
        for p, t, o, v, a, oc, rc in rows
    ]
    return {"records": counted, "events": events, "truncated": counted > limit}
