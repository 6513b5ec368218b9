"""``taizhang people`` and ``taizhang roles``: the township's people and the posts they hold, each over dates.

A post is never deleted: it ends on a day, with a reason. The documents and refusals are the API's
own (``taizhang.documents.organisation``), and every change is made as an allowed account (``--actor``).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from domain.organisation import Village
from domain.people import Person, RoleAssignment
from domain.vocabulary import ROLE_LABELS, Role, UnitKind
from domain.words import word
from taizhang.application import Taizhang
from taizhang.cli import resolve
from taizhang.cli.options import (
    ActorOption,
    DataOption,
    ExpectedOption,
    JsonOption,
    QuietOption,
    choice_of,
    day_option,
)
from taizhang.cli.output import print_rows
from taizhang.cli.running import acting, read_file, recorded, recording
from taizhang.documents.organisation import PersonCreate, RoleEnd, RoleTake

people = typer.Typer(help="人员 the township's people (who holds posts, signs letters, is paid).", no_args_is_help=True)
roles = typer.Typer(help="任职 who holds which post in which village or group, from which day.", no_args_is_help=True)

PersonArgument = Annotated[str, typer.Argument(help="the person's id, or their name if no one else has it")]
VillageOption = Annotated[str | None, typer.Option("--village", help="village code (none: the township)")]
OnOption = Annotated[date | None, day_option("--on", help="only posts held on this day")]


@people.command("enrol")
def enrol(
    name: Annotated[str, typer.Argument(help="the person's name")],
    actor: ActorOption,
    phone: Annotated[str, typer.Option("--phone", help="a phone number (digits, + - and spaces)")] = "",
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Enrol a person who will hold posts (cadre, cleaner, river chief …)."""
    with acting(data, actor, "people.enrol") as (app, _):
        body = PersonCreate.model_validate({"name": name, "phone": phone})
        outcome = app.enrol_person(body.name, body.phone, actor)
    recorded(outcome, f"已登记人员 {body.name}", quiet)


@people.command("list")
def list_people(
    village: VillageOption = None, on: OnOption = None, data: DataOption = None, as_json: JsonOption = False
) -> None:
    """Everyone on record with the posts they hold (on a day, or now and before), by village."""
    with recording(data) as app:
        units = unit_names(app)
        place = resolve.village(app, village).id if village else None
        rows = []
        for person in app.people():
            held = held_posts(person, on, place, app)
            if place is not None and not held:
                continue
            rows.append({
                "person": person.name, "phone": person.phone,
                "posts": [post_text(a, units) for a in held] or ["（未任职）"], "person_id": str(person.id),
            })
    print_rows(rows, as_json, "人员")


@people.command("show")
def show(person: PersonArgument, data: DataOption = None, as_json: JsonOption = False) -> None:
    """One person and every post they held, numbered (a post is ended by its number)."""
    with recording(data) as app:
        found = app.get(Person, resolve.person(app, person), "人员")
        units = unit_names(app)
        rows = [assignment_row(a, units) for a in found.assignments]
    print_rows(rows, as_json, f"{found.name} 的任职", extra={"person_id": str(found.id), "phone": found.phone})


def parse_post(text: str) -> Role:
    return choice_of(text, ROLE_LABELS, "职务", "post")


@roles.command("take")
def take(
    person: PersonArgument,
    role: Annotated[Role, typer.Option("--role", parser=parse_post, metavar="职务",
                                       help="the post, in words or as its code: 保洁员 (cleaner), 村支部书记 "
                                            "(village_secretary), 分管领导 (leader_in_charge) …")],
    start: Annotated[date, day_option("--from", help="the first day held")],
    actor: ActorOption,
    village: VillageOption = None,
    group_name: Annotated[str | None, typer.Option("--group", help="a group (村民小组) of the village")] = None,
    area: Annotated[str, typer.Option("--area", help="a cleaner's patrol area, in words")] = "",
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """The person takes a post in the township, a village or a group from a day."""
    with acting(data, actor, "people.take_role") as (app, _):
        person_id = resolve.person(app, person)
        unit_kind, unit_id = unit_of(app, village, group_name)
        body = RoleTake.model_validate({
            "role": role, "unit_kind": unit_kind, "unit_id": unit_id, "start": start, "area": area,
            "expected_version": expected_version,
        })
        outcome, number = app.take_role(person_id, body.role, body.unit_kind, body.unit_id, body.start, actor,
                                        body.area, body.expected_version)
    recorded(outcome, f"已任职（第 {number} 项任职），自 {body.start.isoformat()} 起", quiet)


@roles.command("end")
def end(
    person: PersonArgument,
    number: Annotated[int, typer.Argument(min=1, max=10_000, help="which post (people show lists them)")],
    on: Annotated[date, day_option("--on", help="the last day held")],
    reason: Annotated[str, typer.Option("--reason", help="why, e.g. 换届、离职")],
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """End a post on a day, with a reason; it stays on record as held until then."""
    with acting(data, actor, "people.end_role") as (app, _):
        person_id = resolve.person(app, person)
        body = RoleEnd.model_validate({"end": on, "reason": reason, "expected_version": expected_version})
        outcome = app.end_role(person_id, number, body.end, body.reason, actor, body.expected_version)
    recorded(outcome, f"第 {number} 项任职至 {body.end.isoformat()} 止", quiet)


@roles.command("list")
def list_roles(
    village: VillageOption = None, on: OnOption = None, data: DataOption = None, as_json: JsonOption = False
) -> None:
    """Who holds (or held) which post where, from which day to which."""
    with recording(data) as app:
        units = unit_names(app)
        place = resolve.village(app, village).id if village else None
        rows = [
            {"person": person.name, **assignment_row(a, units)}
            for person in app.people()
            for a in held_posts(person, on, place, app)
        ]
    print_rows(rows, as_json, "任职")


# --- where a post is held ------------------------------------------------------------------


def unit_of(app: Taizhang, village: str | None, group_name: str | None) -> tuple[UnitKind, uuid.UUID]:
    """The unit a post is held in: a group of a village, a village, or (neither given) the township."""
    if village is None:
        if group_name:
            raise typer.BadParameter("--group needs --village / 小组须同时给出所属的村")
        return UnitKind.TOWNSHIP, app.township().id
    place = resolve.village(app, village)
    if group_name:
        return UnitKind.GROUP, resolve.group(place, group_name)
    return UnitKind.VILLAGE, place.id


def unit_names(app: Taizhang) -> dict[uuid.UUID, tuple[str, uuid.UUID]]:
    """Each unit's name, and the village it lies in (a village is its own)."""
    township = app.township()
    names: dict[uuid.UUID, tuple[str, uuid.UUID]] = {township.id: (township.name, township.id)}
    for village in app.villages():
        names[village.id] = (village.name, village.id)
        for group_id, group_name in village.groups.items():
            names[group_id] = (f"{village.name}{group_name}", village.id)
    return names


def held_posts(person: Person, day: date | None, village_id: uuid.UUID | None, app: Taizhang) -> list[RoleAssignment]:
    held = person.roles_on(day) if day is not None else person.assignments
    if village_id is None:
        return held
    inside = {village_id, *app.get(Village, village_id, "村").groups}
    return [a for a in held if a.unit_id in inside]


def post_text(a: RoleAssignment, units: dict[uuid.UUID, tuple[str, uuid.UUID]]) -> str:
    until = f"至{a.end.isoformat()}" if a.end else "起"
    return f"{units.get(a.unit_id, ('', a.unit_id))[0]}{word('role', a.role)}（{a.start.isoformat()}{until}）"


def assignment_row(a: RoleAssignment, units: dict[uuid.UUID, tuple[str, uuid.UUID]]) -> dict[str, object]:
    return {
        "number": a.number, "role": a.role.value, "unit": units.get(a.unit_id, (str(a.unit_id), a.unit_id))[0],
        "start": a.start, "end": a.end, "area": a.area,
    }


@people.command("import")
def import_roster(
    file: Annotated[Path, typer.Argument(help="the roster (花名册) as .xlsx, columns as in docs/ROSTER.md")],
    actor: ActorOption,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Enrol people and give them posts from an Excel roster: every row valid, or nothing recorded."""
    with acting(data, actor, "imports.roster") as (app, _):
        outcome = app.import_roster(read_file(file), file.name, actor)
    recorded(outcome, f"已导入花名册 {file.name}", quiet)


@people.command("roster")
def export_roster(
    out: Annotated[Path, typer.Argument(help="the .xlsx file to write")],
    on: OnOption = None,
    blank: Annotated[bool, typer.Option("--blank", help="only the headers: the form to fill in")] = False,
    data: DataOption = None,
) -> None:
    """Write the roster of posts held on a day (today by default) in the layout the import reads."""
    from taizhang.exports.roster import roster_xlsx

    with recording(data) as app:
        day = None if blank else (on or app.today())
        out.write_bytes(roster_xlsx(app, day, app.clock.now()))
    typer.echo(f"已写入 {out}")
