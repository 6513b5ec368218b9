"""The facts assessment rests on, folded from the domain's events in log order.

The same fold serves a full rebuild, an incremental catch-up and an as-of replay: feed it the
events up to a position and it answers as the record stood then. Every fact keeps the reference
(aggregate, version, position) of the event that last changed it, for provenance.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.assessment.facts import community, organisation, patrols, periods, problems
from domain.assessment.facts.bearing import bears_from
from domain.assessment.facts.community import LetterFact, ReportFact
from domain.assessment.facts.organisation import PersonFact, VillageFact
from domain.assessment.facts.patrols import PatrolFact
from domain.assessment.facts.periods import BulletinFact, ClosingFact, SheetFact
from domain.assessment.facts.problems import ProblemFact
from domain.assessment.letters import households_on
from domain.assessment.paysheet import SheetKind
from domain.assessment.rules import RuleVersion, rule_version_on
from domain.assessment.values import FactRef, Month
from domain.people import RoleAssignment
from domain.vocabulary import Role


@dataclass
class AssessmentFacts:
    """Everything assessment and pay need, as of the last position applied."""

    position: int = 0
    township_name: str = ""
    rule_versions: list[RuleVersion] = field(default_factory=list)
    rule_refs: dict[str, FactRef] = field(default_factory=dict)
    villages: dict[uuid.UUID, VillageFact] = field(default_factory=dict)
    people: dict[uuid.UUID, PersonFact] = field(default_factory=dict)
    patrols: dict[uuid.UUID, PatrolFact] = field(default_factory=dict)
    # Each month's patrols (a patrol's day never changes): a month is scored from its own, not a walk of
    # every patrol of every year. Kept by ``put_patrol``, the one way a patrol enters the facts.
    patrol_months: dict[Month, list[uuid.UUID]] = field(default_factory=dict)
    problems: dict[uuid.UUID, ProblemFact] = field(default_factory=dict)
    letters: dict[uuid.UUID, LetterFact] = field(default_factory=dict)
    households: dict[uuid.UUID, list[tuple[date, int]]] = field(default_factory=dict)
    household_refs: dict[uuid.UUID, FactRef] = field(default_factory=dict)
    household_village: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    reports: dict[uuid.UUID, ReportFact] = field(default_factory=dict)
    closings: dict[Month, ClosingFact] = field(default_factory=dict)
    sheets: dict[tuple[SheetKind, Month], SheetFact] = field(default_factory=dict)
    bulletins: dict[tuple[int, int], BulletinFact] = field(default_factory=dict)
    # With ``track_changes``, each applied event's position and the first day it bears on (``bearing.py``).
    track_changes: bool = False
    change_positions: list[int] = field(default_factory=list)
    change_days: list[date] = field(default_factory=list)

    def apply_all(self, events: Iterable[tuple[int, Any]]) -> AssessmentFacts:
        for position, event in events:
            self.apply(position, event)
        return self

    def apply(self, position: int, event: Any) -> None:
        self.position = max(self.position, position)
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            if self.track_changes:
                self.change_positions.append(position)
                self.change_days.append(bears_from(self, event))
            handler(self, event, FactRef(position, event.originator_id, event.originator_version))

    # --- questions ----------------------------------------------------------------------

    def changed_since(self, position: int, month: Month) -> bool:
        """Whether anything applied after ``position`` can change ``month``'s figures (yes, if not tracked)."""
        if not self.track_changes:
            return True
        after = bisect.bisect_right(self.change_positions, position)
        return after < len(self.change_days) and min(self.change_days[after:]) <= month.last_day

    def earliest_change_after(self, position: int) -> date:
        """The first day anything applied after ``position`` bears on: ``date.max`` if nothing was, ``date.min``
        (everything may have changed) if changes are not tracked."""
        if not self.track_changes:
            return date.min
        after = bisect.bisect_right(self.change_positions, position)
        return min(self.change_days[after:], default=date.max)

    def rule_version_on(self, day: date) -> RuleVersion:
        return rule_version_on(self.rule_versions, day)

    def put_patrol(self, patrol: PatrolFact) -> None:
        if patrol.patrol_id not in self.patrols:
            self.patrol_months.setdefault(Month.of(patrol.day), []).append(patrol.patrol_id)
        self.patrols[patrol.patrol_id] = patrol

    def patrols_in(self, month: Month) -> list[PatrolFact]:
        return sorted((self.patrols[i] for i in self.patrol_months.get(month, ())), key=lambda p: p.ref)

    def village_of_group(self, group_id: uuid.UUID) -> uuid.UUID | None:
        for village in self.villages.values():
            if group_id in village.groups:
                return village.village_id
        return None

    def households_on(self, village_id: uuid.UUID, day: date) -> int | None:
        return households_on(self.households.get(village_id, []), day)

    def village_name(self, village_id: uuid.UUID | None) -> str:
        village = self.villages.get(village_id) if village_id else None
        return village.name if village else ""

    def person_name(self, person_id: uuid.UUID) -> str:
        person = self.people.get(person_id)
        return person.name if person else str(person_id)

    def role_holders(self, roles: Iterable[Role]) -> list[tuple[PersonFact, RoleAssignment]]:
        wanted = set(roles)
        return [
            (person, a)
            for person in sorted(self.people.values(), key=lambda p: p.ref)
            for a in person.assignments
            if a.role in wanted
        ]


_HANDLERS: dict[type, Callable[[AssessmentFacts, Any, FactRef], None]] = {
    **organisation.HANDLERS,
    **periods.HANDLERS,
    **patrols.HANDLERS,
    **problems.HANDLERS,
    **community.HANDLERS,
}

#: The event classes the fold reads, and their topics, so a reader can ask the store for these alone.
FOLDED_EVENTS = frozenset(_HANDLERS)
TOPICS = sorted(f"{cls.__module__}:{cls.__qualname__}" for cls in FOLDED_EVENTS)
