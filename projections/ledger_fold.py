"""The problem ledger as a pure fold: a row, an event and its position give the next row.

Catch-up, rebuild and as-of replay all call ``fold``; only where the rows are kept differs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from domain.problem import Problem
from domain.vocabulary import Stage
from projections.db import time_text

OPEN_STAGES = (Stage.ASSIGNED.value, Stage.RECTIFICATION_REPORTED.value, Stage.VERIFIED.value, Stage.REOPENED.value)


@dataclass(frozen=True)
class LedgerRow:
    """One problem as the ledger shows it from the event at ``valid_from_pos`` until the next one."""

    problem_id: str
    village_id: str
    group_id: str | None
    source: str
    category: str
    place: str
    stage: str
    registered_at: str
    assigned_at: str | None = None
    rectification_reported_at: str | None = None
    verified_at: str | None = None
    closed_at: str | None = None
    reopened_at: str | None = None
    voided_at: str | None = None
    unit_kind: str | None = None
    unit_id: str | None = None
    deadline: str | None = None
    deadline_working_days: int | None = None
    extension_count: int = 0
    reopen_count: int = 0
    sent_back_count: int = 0
    rectification_count: int = 0
    closed_on_time: int | None = None
    closed_deadline: str | None = None
    void_kind: str | None = None
    original_id: str | None = None
    labour_person_times: int = 0
    machinery_unit_times: int = 0
    tonnes_milli: int = 0
    buildings_demolished: int = 0
    is_open: int = 0
    version: int = 1
    last_actor: str = ""
    last_occurred_at: str = ""
    last_recorded_at: str = ""
    valid_from_pos: int = 0

    @property
    def tonnes_cleared(self) -> Decimal:
        return Decimal(self.tonnes_milli) / 1000


COLUMNS = [f.name for f in fields(LedgerRow)]


Changes = dict[str, Any]


Entering = tuple[str, int, str]
"""A stage as the fold writes it: its value, whether it is open, and the column of the time it was entered."""


def _entering(stage: Stage) -> Entering:
    return stage.value, int(stage.value in OPEN_STAGES), f"{stage.value}_at"


# Worked out once: reading an enum member's ``value`` runs Python code, a tenth of the fold when done per event.
_REGISTERED, _ASSIGNED, _REPORTED, _VERIFIED, _CLOSED, _REOPENED, _VOIDED = (
    _entering(s) for s in (
        Stage.REGISTERED, Stage.ASSIGNED, Stage.RECTIFICATION_REPORTED, Stage.VERIFIED, Stage.CLOSED, Stage.REOPENED,
        Stage.VOIDED,
    )
)


def _stage(at: str, entering: Entering, **changes: Any) -> Changes:
    stage, is_open, column = entering
    return {"stage": stage, "is_open": is_open, column: at, **changes}


def _registered(row: LedgerRow | None, e: Problem.Registered, at: str) -> LedgerRow:
    return LedgerRow(  # a fresh row: the changes dict of every other step
        problem_id=str(e.originator_id),
        village_id=str(e.village_id),
        group_id=str(e.group_id) if e.group_id else None,
        source=e.source,
        category=e.category,
        place=e.place,
        stage=_REGISTERED[0],
        registered_at=at,
    )


def _assigned(row: LedgerRow, e: Problem.Assigned, at: str) -> Changes:
    return _stage(
        at, _ASSIGNED, unit_kind=e.unit_kind, unit_id=str(e.unit_id),
        deadline=e.deadline.isoformat(), deadline_working_days=e.working_days,
    )


def _extended(row: LedgerRow, e: Problem.DeadlineExtended, at: str) -> Changes:
    return {
        "deadline": e.deadline.isoformat(), "deadline_working_days": e.working_days,
        "extension_count": row.extension_count + 1,
    }


def _reported(row: LedgerRow, e: Problem.RectificationReported, at: str) -> Changes:
    used = e.resources
    return _stage(
        at, _REPORTED,
        rectification_count=row.rectification_count + 1,
        labour_person_times=row.labour_person_times + int(used.get("labour_person_times", 0)),
        machinery_unit_times=row.machinery_unit_times + int(used.get("machinery_unit_times", 0)),
        tonnes_milli=row.tonnes_milli + int(Decimal(str(used.get("tonnes_cleared", 0))) * 1000),
        buildings_demolished=row.buildings_demolished + int(used.get("buildings_demolished", 0)),
    )


def _passed(row: LedgerRow, e: Problem.RectificationPassed, at: str) -> Changes:
    return _stage(at, _VERIFIED)


def _rejected(row: LedgerRow, e: Problem.RectificationRejected, at: str) -> Changes:
    # Sent back: the problem is again with the rectifying unit; the stage time of "assigned" stays the assignment's.
    return {"stage": _ASSIGNED[0], "is_open": 1, "sent_back_count": row.sent_back_count + 1}


def _closed(row: LedgerRow, e: Problem.Closed, at: str) -> Changes:
    return _stage(at, _CLOSED, closed_on_time=int(e.on_time), closed_deadline=e.deadline.isoformat())


def _reopened(row: LedgerRow, e: Problem.Reopened, at: str) -> Changes:
    return _stage(
        at, _REOPENED, reopen_count=row.reopen_count + 1, deadline=e.deadline.isoformat(),
        deadline_working_days=e.working_days, closed_on_time=None, closed_deadline=None,
    )


def _voided(row: LedgerRow, e: Problem.Voided, at: str) -> Changes:
    return _stage(at, _VOIDED, void_kind=e.kind, original_id=str(e.original_id) if e.original_id else None)


STEPS: dict[type, Callable[[Any, Any, str], Any]] = {
    Problem.Registered: _registered,
    Problem.Assigned: _assigned,
    Problem.DeadlineExtended: _extended,
    Problem.RectificationReported: _reported,
    Problem.RectificationPassed: _passed,
    Problem.RectificationRejected: _rejected,
    Problem.Closed: _closed,
    Problem.Reopened: _reopened,
    Problem.Voided: _voided,
}


def is_ledger_event(event: object) -> bool:
    return type(event) in STEPS


def is_ledger_step(event_type: type) -> bool:
    return event_type in STEPS


def fold(
    row: LedgerRow | None, event: Any, position: int, occurred_at: str | None = None, recorded_at: str | None = None
) -> LedgerRow:
    """The ledger row after ``event`` (recorded at ``position``) is applied to ``row``.

    ``occurred_at`` and ``recorded_at`` are the event's times as ``time_text`` if the caller has them already.
    """
    step = STEPS[type(event)]
    if row is None and type(event) is not Problem.Registered:
        raise ValueError(f"event at position {position} changes problem {event.originator_id} never registered")
    at = occurred_at if occurred_at is not None else time_text(event.occurred_at)
    changed = step(row, event, at)
    # The next row's fields: one copy of the dict, then set in place (``dataclasses.replace`` re-runs
    # ``__init__``, which was the fold's hot spot).
    if isinstance(changed, LedgerRow):
        values = changed.__dict__
    else:
        values = row.__dict__.copy()
        values.update(changed)
    values["version"] = event.originator_version
    values["last_actor"] = event.actor
    values["last_occurred_at"] = at
    values["last_recorded_at"] = recorded_at if recorded_at is not None else time_text(event.timestamp)
    values["valid_from_pos"] = position
    next_row = object.__new__(LedgerRow)
    object.__setattr__(next_row, "__dict__", values)
    return next_row
