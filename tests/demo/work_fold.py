"""An independent fold of the stored work events: work records, toilet surveys, sewage stations and names.

It follows docs/FIGURES.md: a work record counts in the period its work occurred, at its latest
quantity, unless withdrawn, as far as the record knew before the as-of moment; the toilet survey
figures are each village's latest survey; a station counts once built.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.organisation import Village
from domain.people import Person
from domain.work import SewageStation, ToiletSurvey, WorkRecord


@dataclass
class Entry:
    indicator: str
    quantity: Decimal
    village_id: uuid.UUID | None
    evidence: int
    withdrawn: bool = False
    corrected: bool = False
    late: bool = False


@dataclass
class WorkFigures:
    entries: dict[uuid.UUID, Entry] = field(default_factory=dict)
    surveys: dict[uuid.UUID, tuple[int, int, int]] = field(default_factory=dict)
    resurveyed: set[uuid.UUID] = field(default_factory=set)
    stations: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    village_names: dict[uuid.UUID, str] = field(default_factory=dict)
    people: dict[uuid.UUID, str] = field(default_factory=dict)
    custodians: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # station id → person holding the role

    def counted(self, indicator: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.indicator == indicator and not e.withdrawn]

    def total(self, indicator: str) -> Decimal:
        return sum((e.quantity for e in self.counted(indicator)), Decimal(0))

    def village_names_of(self, indicator: str) -> list[str]:
        return sorted(self.village_names[e.village_id] for e in self.counted(indicator) if e.village_id)

    def survey_total(self, column: int) -> int:
        return sum(counts[column] for counts in self.surveys.values())


def fold_work(events: list[Any], recorded_before: datetime | None = None,
              occurred_from: datetime | None = None, occurred_before: datetime | None = None) -> WorkFigures:
    figures = WorkFigures()

    survey_village: dict[uuid.UUID, uuid.UUID] = {}

    def in_period(moment: datetime) -> bool:
        return (occurred_from is None or moment >= occurred_from) and by_the_end(moment)

    def by_the_end(moment: datetime) -> bool:  # surveys and facilities: the state at the period's end
        return occurred_before is None or moment < occurred_before

    for event in events:
        if recorded_before is not None and event.timestamp >= recorded_before:
            break
        if isinstance(event, Village.Registered):
            figures.village_names[event.originator_id] = event.name
        elif isinstance(event, Person.Enrolled):
            figures.people[event.originator_id] = event.name
        elif isinstance(event, Person.RoleTaken) and event.role == "facility_custodian":
            figures.custodians[event.unit_id] = event.originator_id
        elif isinstance(event, WorkRecord.Recorded) and in_period(event.occurred_at):
            figures.entries[event.originator_id] = Entry(
                event.indicator, event.quantity, event.village_id, len(event.evidence),
                late=(event.timestamp - event.occurred_at).days >= 7,
            )
        elif isinstance(event, WorkRecord.Corrected) and event.originator_id in figures.entries:
            entry = figures.entries[event.originator_id]
            assert entry.quantity == event.previous_quantity
            entry.quantity, entry.corrected = event.quantity, True
        elif isinstance(event, WorkRecord.Withdrawn) and event.originator_id in figures.entries:
            figures.entries[event.originator_id].withdrawn = True
        elif isinstance(event, ToiletSurvey.Surveyed | ToiletSurvey.Resurveyed):
            if isinstance(event, ToiletSurvey.Surveyed):
                survey_village[event.originator_id] = event.village_id
            village_id = survey_village[event.originator_id]
            if not by_the_end(event.occurred_at):
                continue
            if isinstance(event, ToiletSurvey.Resurveyed):
                assert event.reason.strip()
                figures.resurveyed.add(village_id)
            figures.surveys[village_id] = (event.households, event.renovated, event.pending)
        elif isinstance(event, SewageStation.Built) and by_the_end(event.occurred_at):
            figures.stations[event.originator_id] = {
                "village_id": event.village_id, "name": event.name,
                "custodian_id": event.custodian_id, "care_posts": event.care_posts,
            }
    return figures
