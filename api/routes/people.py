"""People and the roles they hold in units, each for a span of dates."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query

from api.deps import AppDep, CallerDep, IfMatchDep, expected_version
from api.routes import resource_router, result
from api.schemas.common import CommandResult
from api.schemas.organisation import PersonPublic, RoleAssignmentPublic, RoleTaken
from domain.errors import NotFound
from domain.people import Person
from domain.vocabulary import UnitKind
from taizhang.access.caller import Caller
from taizhang.documents.base import Day
from taizhang.documents.organisation import PersonCreate, RoleEnd, RoleTake

router = resource_router("/people", "organisation")


def check_person(caller: Caller, person: Person) -> None:
    """A cadre sees the people who hold or held a role in their own village."""
    if caller.is_village_scoped and not any(
        a.unit_kind == UnitKind.VILLAGE and a.unit_id == caller.village_id for a in person.assignments
    ):
        raise NotFound(f"找不到人员 {person.id}", f"no person {person.id}")


@router.post("", status_code=201, name="people.enrol")
def enrol_person(body: PersonCreate, app: AppDep, caller: CallerDep) -> CommandResult:
    """Enrol a person who will hold roles (cadre, cleaner, river chief …)."""
    return result(app.enrol_person(body.name, body.phone, caller.username))


@router.get("/{person_id}", name="people.get")
def get_person(
    person_id: uuid.UUID,
    app: AppDep,
    caller: CallerDep,
    on: Annotated[Day | None, Query(description="only the roles held on this day")] = None,
) -> PersonPublic:
    """A person and their roles, all of them or those held on a given day."""
    person = app.get(Person, person_id, "人员")
    check_person(caller, person)
    assignments = person.roles_on(on) if on is not None else person.assignments
    return PersonPublic(
        id=person.id,
        version=person.version,
        name=person.name,
        phone=person.phone,
        roles_on=on,
        roles=[RoleAssignmentPublic(**a.__dict__) for a in assignments],
    )


@router.post("/{person_id}/roles", status_code=201, name="people.take_role")
def take_role(
    person_id: uuid.UUID, body: RoleTake, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> RoleTaken:
    """The person takes a role in a unit from a start date."""
    outcome, number = app.take_role(
        person_id, body.role, body.unit_kind, body.unit_id, body.start, caller.username, body.area,
        expected_version(if_match, body.expected_version),
    )
    return RoleTaken(**result(outcome).model_dump(), number=number)


@router.post("/{person_id}/roles/{number}/end", name="people.end_role")
def end_role(
    person_id: uuid.UUID,
    number: Annotated[int, Path(ge=1, le=10_000)],
    body: RoleEnd,
    app: AppDep,
    caller: CallerDep,
    if_match: IfMatchDep,
) -> CommandResult:
    """End one of the person's roles on a date, with a reason."""
    return result(
        app.end_role(
            person_id, number, body.end, body.reason, caller.username, expected_version(if_match, body.expected_version)
        )
    )


