"""人员与任职: the township's people and the posts they hold over dates; a post ends on a day, never deleted."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput, NotFound
from domain.people import Person
from domain.vocabulary import ROLE_LABELS, Role, UnitKind
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome
from taizhang.documents.organisation import PersonCreate, RoleEnd, RoleTake
from web.access import check_page
from web.actions import record_form
from web.forms import text, validated
from web.pages.setup import group_names
from web.render import as_uuid, now, render
from web.session import require_caller, workspace_of
from web.timeview import parse_day
from web.workspace import Workspace

router = APIRouter()


def people_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                form: Any = None) -> Response:
    check_page(caller, "setup")
    app = workspace_of(request).app
    today = now(request).date()
    units = group_names(app)
    people = [
        {"person": p, "posts": [post_words(a, units) for a in p.roles_on(today)]}
        for p in sorted(app.people(), key=lambda p: p.name)
    ]
    return render(request, "setup_people.html", status=status, people=people, today=today, error=error,
                  form=form or {}, may_enrol=allows("people.enrol", caller.role))


def post_words(assignment: Any, units: dict[Any, str]) -> str:
    return f"{units.get(assignment.unit_id, '')}{ROLE_LABELS.get(assignment.role, assignment.role)}"


@router.get("/setup/people")
def people(request: Request) -> Response:
    return people_page(request, require_caller(request))


@router.post("/setup/people")
async def enrol(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(PersonCreate, name=text(form, "name"), phone=text(form, "phone"))
        return ws.app.enrol_person(body.name, body.phone, caller.username)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return people_page(request, caller, status, message, form)

    return await record_form(request, "people.enrol", run, again, lambda outcome: f"/setup/people/{outcome.id}")


# --- one person and their posts ----------------------------------------------------------------------


def person_of(app: Taizhang, person_id: str) -> Person:
    found = as_uuid(person_id)
    if found is None:
        raise NotFound(f"找不到人员 {person_id}", f"no person {person_id}")
    return app.get(Person, found, "人员")


def person_page(request: Request, caller: Caller, person_id: str, status: int = 200, error: str | None = None,
                form: Any = None, failed: str = "") -> Response:
    check_page(caller, "setup")
    app = workspace_of(request).app
    person = person_of(app, person_id)
    units = group_names(app)
    posts = [{"a": a, "unit": units.get(a.unit_id, "—"), "role": ROLE_LABELS.get(a.role, a.role)}
             for a in person.assignments]
    return render(request, "setup_person.html", status=status, person=person, posts=posts, error=error,
                  form=form or {}, failed=failed, villages=app.villages(), roles=ROLE_LABELS,
                  township=app.township(), today=now(request).date(),
                  may_take=allows("people.take_role", caller.role), may_end=allows("people.end_role", caller.role))


@router.get("/setup/people/{person_id}")
async def person(request: Request, person_id: str) -> Response:
    caller = require_caller(request)
    return await run_in_threadpool(person_page, request, caller, person_id)


def unit_chosen(app: Taizhang, form: FormData) -> tuple[UnitKind, Any]:
    """The unit picked: ``township``, a village's id, or ``village-id/group-id`` for a group of it."""
    chosen = text(form, "unit")
    if not chosen:
        raise InvalidInput("请选择任职的单位（乡镇、村或村民小组）", "choose where the post is held")
    if chosen == "township":
        return UnitKind.TOWNSHIP, app.township().id
    village_text, _, group_text = chosen.partition("/")
    village = as_uuid(village_text)
    group = as_uuid(group_text) if group_text else None
    if village is None or (group_text and group is None):
        raise InvalidInput("任职的单位无法识别，请重新选择", f"cannot read the unit {chosen!r}")
    return (UnitKind.GROUP, group) if group is not None else (UnitKind.VILLAGE, village)


@router.post("/setup/people/{person_id}/roles")
async def take_role(request: Request, person_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        person = person_of(ws.app, person_id)
        kind, unit = unit_chosen(ws.app, form)
        role = text(form, "role")
        if role not in Role._value2member_map_:
            raise InvalidInput("请选择职务", "choose the post")
        body = validated(RoleTake, role=role, unit_kind=kind, unit_id=unit, start=day_given(form, "start", "任职日期"),
                         area=text(form, "area"))
        outcome, _ = ws.app.take_role(person.id, body.role, body.unit_kind, body.unit_id, body.start, caller.username,
                                      body.area)
        return outcome

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return person_page(request, caller, person_id, status, message, form, "take")

    return await record_form(request, "people.take_role", run, again, f"/setup/people/{person_id}?done=1")


@router.post("/setup/people/{person_id}/roles/{number}/end")
async def end_role(request: Request, person_id: str, number: Annotated[int, Path(ge=1, le=10_000)]) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        person = person_of(ws.app, person_id)
        body = validated(RoleEnd, end=day_given(form, "end", "离任日期"), reason=text(form, "reason"))
        return ws.app.end_role(person.id, number, body.end, body.reason, caller.username)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return person_page(request, caller, person_id, status, message, form, f"end-{number}")

    return await record_form(request, "people.end_role", run, again, f"/setup/people/{person_id}?done=1")


def day_given(form: FormData, name: str, what: str) -> date:
    day = parse_day(text(form, name), what)
    if day is None:
        raise InvalidInput(f"请填写{what}", f"give the {name}")
    return day
