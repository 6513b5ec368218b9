"""The two time axes of a query: ``as_of`` on the recorded axis (a position), a ``Period`` on the occurred axis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from domain.errors import InvalidInput
from domain.local_time import CHINA
from projections.db import Tx, time_text, time_value
from projections.tracking import active_tracks, physical

AsOf = datetime | int | None
"""A recorded moment, a log position, or None for the latest the read models hold."""


@dataclass(frozen=True)
class Period:
    """A half-open interval [start, end) of occurred time; either end may be open."""

    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            if moment is not None and moment.tzinfo is None:
                raise InvalidInput("期间的起止时间必须带时区", "a period's start and end must carry a time zone")
        if self.start and self.end and self.end < self.start:
            raise InvalidInput("期间的结束早于开始", "the period ends before it starts")

    @classmethod
    def days(cls, first: date, last: date, zone: tzinfo = CHINA) -> Period:
        """From the start of local day ``first`` to the end of local day ``last`` (both included)."""
        return cls(start_of_day(first, zone), start_of_day(last + timedelta(days=1), zone))

    def clause(self, column: str) -> tuple[str, list[str]]:
        parts, params = [], []
        if self.start is not None:
            parts.append(f"{column} >= ?")
            params.append(time_text(self.start))
        if self.end is not None:
            parts.append(f"{column} < ?")
            params.append(time_text(self.end))
        return " AND ".join(parts) or "1=1", params

    def as_dict(self) -> dict[str, str | None]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


def start_of_day(day: date, zone: tzinfo = CHINA) -> datetime:
    return datetime.combine(day, time(0), zone)


@dataclass(frozen=True)
class Snapshot:
    """Which record a query answered from: the position, and the recorded time it corresponds to."""

    position: int
    recorded_at: datetime | None
    latest: bool
    ledger_table: str
    events_table: str
    problems: int = 0
    """How many problems the record held at this position: the size of the unfiltered ledger."""

    def visible(self, alias: str = "") -> tuple[str, list[int]]:
        """The rows of the ledger as the record stood at this position."""
        a = f"{alias}." if alias else ""
        if self.latest:
            return f"{a}valid_to_pos IS NULL", []
        return (
            f"{a}valid_from_pos <= ? AND ({a}valid_to_pos IS NULL OR {a}valid_to_pos > ?)",
            [self.position, self.position],
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "position": self.position,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "latest": self.latest,
        }


def snapshot(tx: Tx, as_of: AsOf = None) -> Snapshot:
    tracks = active_tracks(tx)
    if "problem_ledger" not in tracks or "event_index" not in tracks:
        raise InvalidInput("读模型尚未建立：请先运行 taizhang projections run", "the read models are not set up yet")
    ledger, events = tracks["problem_ledger"], tracks["event_index"]
    ledger_table = physical("rm_ledger", ledger.generation)
    events_table = physical("rm_events", events.generation)
    reached = min(ledger.position, events.position)
    if isinstance(as_of, bool):
        raise InvalidInput("as_of 应为时间或位置", "as_of must be a time or a position")
    if isinstance(as_of, int):
        if as_of < 0:
            raise InvalidInput("位置不能为负数", "a position may not be negative")
        position = min(as_of, reached)
    elif isinstance(as_of, datetime):
        if as_of.tzinfo is None:
            raise InvalidInput("as_of 必须带时区", "as_of must carry a time zone")
        row = tx.one(
            f"SELECT position FROM {events_table} "
            "WHERE recorded_max <= ? ORDER BY recorded_max DESC, position DESC LIMIT 1",
            (time_text(as_of),),
        )
        position = min(int(row[0]) if row else 0, reached)
    else:
        position = reached
    row = tx.one(
        f"SELECT recorded_max, problems FROM {events_table} WHERE position <= ? ORDER BY position DESC LIMIT 1",
        (position,),
    )
    recorded = time_value(row[0]) if row else None
    latest = position >= ledger.position
    return Snapshot(position, recorded, latest, ledger_table, events_table, int(row[1]) if row else 0)
