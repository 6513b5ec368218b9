"""Facts of the township's villages and people, with the roles they held over dates."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from domain.assessment.values import FactRef
from domain.organisation import Township, Village
from domain.people import Person, RoleAssignment
from domain.vocabulary import Role, UnitKind

if TYPE_CHECKING:
    from domain.assessment.facts.fold import AssessmentFacts


@dataclass
class PersonFact:
    person_id: uuid.UUID
    ref: FactRef
    name: str
    assignments: list[RoleAssignment] = field(default_factory=list)


@dataclass
class VillageFact:
    village_id: uuid.UUID
    ref: FactRef
    name: str
    code: str
    groups: dict[uuid.UUID, str] = field(default_factory=dict)


def _township(f: AssessmentFacts, e: Township.Established | Township.Renamed, ref: FactRef) -> None:
    f.township_name = e.name


def _village(f: AssessmentFacts, e: Village.Registered, ref: FactRef) -> None:
    f.villages[e.originator_id] = VillageFact(e.originator_id, ref, e.name, e.code)


def _village_group(f: AssessmentFacts, e: Village.GroupAdded, ref: FactRef) -> None:
    f.villages[e.originator_id].groups[e.group_id] = e.name
    f.villages[e.originator_id].ref = ref


def _village_renamed(f: AssessmentFacts, e: Village.Renamed, ref: FactRef) -> None:
    f.villages[e.originator_id].name = e.name
    f.villages[e.originator_id].ref = ref


def _person(f: AssessmentFacts, e: Person.Enrolled, ref: FactRef) -> None:
    f.people[e.originator_id] = PersonFact(e.originator_id, ref, e.name)


def _role_taken(f: AssessmentFacts, e: Person.RoleTaken, ref: FactRef) -> None:
    person = f.people[e.originator_id]
    person.assignments.append(
        RoleAssignment(e.number, Role(e.role), UnitKind(e.unit_kind), e.unit_id, e.start, None, e.area)
    )
    person.ref = ref


def _role_ended(f: AssessmentFacts, e: Person.RoleEnded, ref: FactRef) -> None:
    person = f.people[e.originator_id]
    person.assignments = [
        RoleAssignment(a.number, a.role, a.unit_kind, a.unit_id, a.start, e.end, a.area) if a.number == e.number else a
        for a in person.assignments
    ]
    person.ref = ref


HANDLERS: dict[type, Callable[[AssessmentFacts, Any, FactRef], None]] = {
    Township.Established: _township,
    Township.Renamed: _township,
    Village.Registered: _village,
    Village.GroupAdded: _village_group,
    Village.Renamed: _village_renamed,
    Person.Enrolled: _person,
    Person.RoleTaken: _role_taken,
    Person.RoleEnded: _role_ended,
}
