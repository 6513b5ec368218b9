"""What a patrol inspector's pages read: the day's patrols, and who was on the roster of a village or group that day.

Both come from the assessment read model (``projections.assessment``): a person's posts and a patrol are facts
there, each with the days it bears on, so a day's question is an indexed look-up, not a scan of the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.vocabulary import Role, UnitKind
from projections.assessment_reader import FactsReader
from projections.db import ReadStore

TOWNSHIP_POSTS = {Role.ENVIRONMENT_OFFICE.value, Role.LEADER_IN_CHARGE.value, Role.VILLAGE_CONTACT_CADRE.value,
                  Role.TOWNSHIP_ADMIN.value, Role.INSPECTOR.value}


@dataclass(frozen=True)
class OnDuty:
    """Someone holding a post on the day asked about."""

    person_id: str
    name: str
    unit_id: str
    area: str


def _held_on(assignment: list[Any], day: date) -> bool:
    _, _, _, _, start, end, _ = assignment
    return date.fromisoformat(start) <= day and (end is None or day <= date.fromisoformat(end))


def _people_on(store: ReadStore, day: date) -> list[dict[str, Any]]:
    with store.reading() as tx:
        text = day.isoformat()
        return FactsReader(tx).records("person", "span_first <= ? AND span_last >= ?", [text, text])


def cleaners_on(store: ReadStore, day: date, units: set[str]) -> list[OnDuty]:
    """The cleaners whose post on ``day`` was in one of ``units`` (a village and its groups, or one group)."""
    found = []
    for person in _people_on(store, day):
        for assignment in person["assignments"]:
            _, role, _, unit, _, _, area = assignment
            if role == Role.CLEANER.value and unit in units and _held_on(assignment, day):
                found.append(OnDuty(person["_key"], person["name"], unit, area))
                break
    return sorted(found, key=lambda p: p.name)


def township_staff_on(store: ReadStore, day: date) -> list[OnDuty]:
    """The people holding a township post on ``day``: those who inspect villages."""
    found = []
    for person in _people_on(store, day):
        for assignment in person["assignments"]:
            _, role, kind, unit, _, _, area = assignment
            if role in TOWNSHIP_POSTS and kind == UnitKind.TOWNSHIP.value and _held_on(assignment, day):
                found.append(OnDuty(person["_key"], person["name"], unit, area))
                break
    return sorted(found, key=lambda p: p.name)


def patrols_on(store: ReadStore, day: date) -> list[dict[str, Any]]:
    """The patrols of ``day`` as the read model holds them now (withdrawn ones included, marked)."""
    with store.reading() as tx:
        text = day.isoformat()
        return FactsReader(tx).records("patrol", "span_first = ?", [text])
