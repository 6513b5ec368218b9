"""What the 工作量 and 改厕与污水站 pages read: the campaign facts (``projections.campaign``) as of a position.

A work record is one fact whose key is the record; a correction is a new version of it, a withdrawal closes
it with none after. A toilet survey is three facts per survey (households, renovated, pending); a station is
a fact and its care posts another. So the record at any position is the versions visible there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from domain.errors import InvalidInput
from domain.indicators import WORK_CODES
from projections.campaign import SURVEY_INDICATORS
from projections.db import ReadStore, Tx, time_value
from projections.snapshot import AsOf, Period, Snapshot, snapshot
from projections.tracking import active_tracks, physical


@dataclass(frozen=True)
class WorkRow:
    """One work record as the record held it at the snapshot."""

    record_id: str
    indicator: str
    village_id: str | None
    occurred_at: datetime
    quantity: Decimal
    versions: int  # recorded, then one per correction: the record's version while not withdrawn
    withdrawn: bool
    position: int  # the event that set what is shown


@dataclass(frozen=True)
class SurveyRow:
    """A village's latest toilet survey at the snapshot, and how many surveys it has had."""

    village_id: str
    households: int
    renovated: int
    pending: int
    occurred_at: datetime
    surveys: int
    position: int


@dataclass(frozen=True)
class StationRow:
    station_id: str
    village_id: str
    occurred_at: datetime
    care_posts: int
    position: int


def _table(tx: Tx, snap: Snapshot) -> str:
    track = active_tracks(tx).get("campaign_facts")
    if track is None or track.position < snap.position:
        raise InvalidInput("读模型尚未追上：请稍候或运行 taizhang projections run", "the campaign read model is behind")
    return physical("rm_campaign", track.generation)


def _marks(values: Any) -> str:
    return ", ".join("?" * len(values))


def work_rows(store: ReadStore, first: date, last: date, zone: tzinfo, as_of: AsOf = None,
              village_id: str | None = None) -> tuple[list[WorkRow], Snapshot]:
    """The work records that occurred in ``first``–``last``, withdrawn ones included (marked), oldest first."""
    codes = sorted(WORK_CODES)
    span, span_params = Period.days(first, last, zone).clause("occurred_at")
    where, params = "", []
    if village_id is not None:
        where, params = " AND village_id = ?", [village_id]
    with store.reading() as tx:
        snap = snapshot(tx, as_of)
        rows = tx.all(
            f"SELECT fact_key, indicator, village_id, occurred_at, milli, valid_from_pos, valid_to_pos "
            f"FROM {_table(tx, snap)} WHERE indicator IN ({_marks(codes)}) AND valid_from_pos <= ? AND {span}{where} "
            "ORDER BY valid_from_pos",
            [*codes, snap.position, *span_params, *params],
        )
    versions: dict[str, list[Any]] = {}
    for row in rows:
        versions.setdefault(row[0], []).append(row)
    found = []
    for key, kept in versions.items():
        _, indicator, village, occurred, milli, since, until = kept[-1]
        found.append(WorkRow(key, indicator, village, time_value(occurred), Decimal(milli) / 1000, len(kept),
                             until is not None and int(until) <= snap.position, int(since)))
    return sorted(found, key=lambda r: (r.occurred_at, r.position)), snap


def _visible(snap: Snapshot) -> tuple[str, list[int]]:
    return "valid_from_pos <= ? AND (valid_to_pos IS NULL OR valid_to_pos > ?)", [snap.position, snap.position]


def toilet_surveys(store: ReadStore, as_of: AsOf = None) -> tuple[dict[str, SurveyRow], Snapshot]:
    """Each surveyed village's latest survey (by when it occurred), as recorded at ``as_of``."""
    codes = sorted(SURVEY_INDICATORS)
    with store.reading() as tx:
        snap = snapshot(tx, as_of)
        visible, params = _visible(snap)
        rows = tx.all(
            f"SELECT fact_key, indicator, village_id, occurred_at, milli, valid_from_pos FROM {_table(tx, snap)} "
            f"WHERE indicator IN ({_marks(codes)}) AND {visible} ORDER BY occurred_at, valid_from_pos",
            [*codes, *params],
        )
    by_village: dict[str, dict[str, Any]] = {}
    for key, indicator, village, occurred, milli, position in rows:
        survey = key.rsplit(":", 1)[0]  # ``{aggregate}:{version}``: one survey of the village
        seen = by_village.setdefault(village, {"surveys": set()})
        seen["surveys"].add(survey)
        seen[SURVEY_INDICATORS[indicator]] = int(milli) // 1000
        seen["occurred_at"], seen["position"] = time_value(occurred), int(position)
    return {village: SurveyRow(village, s.get("households", 0), s.get("renovated", 0), s.get("pending", 0),
                               s["occurred_at"], len(s["surveys"]), s["position"])
            for village, s in by_village.items()}, snap


def sewage_stations(store: ReadStore, as_of: AsOf = None) -> tuple[list[StationRow], Snapshot]:
    """The stations built as recorded at ``as_of``, with their care posts then."""
    with store.reading() as tx:
        snap = snapshot(tx, as_of)
        visible, params = _visible(snap)
        rows = tx.all(
            f"SELECT aggregate_id, indicator, village_id, occurred_at, milli, valid_from_pos FROM {_table(tx, snap)} "
            f"WHERE indicator IN ('sewage_stations', 'sewage_care_posts') AND {visible} ORDER BY occurred_at",
            params,
        )
    posts = {r[0]: int(r[4]) // 1000 for r in rows if r[1] == "sewage_care_posts"}
    return [StationRow(r[0], r[2], time_value(r[3]), posts.get(r[0], 0), int(r[5]))
            for r in rows if r[1] == "sewage_stations"], snap
