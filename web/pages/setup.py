"""建账: the set-up walk-through of a new record, and the villages, groups and holiday notices behind it.

Every change is an event with who, when and why, made through the API's own documents and commands;
the walk-through reads what is still missing from the record (``taizhang.setup_status``).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.calendar import HolidayNotice
from domain.errors import NotFound
from domain.organisation import Village
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome
from taizhang.documents.organisation import GroupCreate, HolidayNoticeCreate, VillageCreate, VillageRename
from taizhang.setup_status import knows_year, setup_steps
from web.access import check_page
from web.actions import record_form
from web.forms import text, validated
from web.render import as_uuid, now, render
from web.session import require_caller, workspace_of
from web.timeview import parse_day
from web.workspace import Workspace

router = APIRouter()


@router.get("/setup")
async def walk_through(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "setup")
    app = workspace_of(request).app
    today = now(request).date()
    steps = await run_in_threadpool(setup_steps, app, today)
    return render(request, "setup.html", steps=steps, done=all(s.done for s in steps))


# --- villages and groups ---------------------------------------------------------------------------


def villages_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                  form: Any = None, failed: str = "") -> Response:
    check_page(caller, "setup")
    app = workspace_of(request).app
    return render(request, "setup_villages.html", status=status, villages=app.villages(), error=error,
                  form=form or {}, failed=failed, may_rename=allows("villages.rename", caller.role))


@router.get("/setup/villages")
def villages(request: Request) -> Response:
    return villages_page(request, require_caller(request))


def refused_on(failed: str) -> Any:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return villages_page(request, caller, status, message, form, failed)

    return again


@router.post("/setup/villages")
async def register_village(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(VillageCreate, name=text(form, "name"), code=text(form, "code"))
        return ws.app.register_village(body.name, body.code, caller.username)

    return await record_form(request, "villages.register", run, refused_on("register"), "/setup/villages?done=1")


def village_of(app: Taizhang, village_id: str) -> Village:
    found = as_uuid(village_id)
    if found is None:
        raise NotFound(f"找不到村 {village_id}", f"no village {village_id}")
    return app.get(Village, found, "村")


@router.post("/setup/villages/{village_id}/groups")
async def add_group(request: Request, village_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        village = village_of(ws.app, village_id)
        body = validated(GroupCreate, name=text(form, "name"))
        outcome, _ = ws.app.add_group(village.id, body.name, caller.username)
        return outcome

    return await record_form(request, "villages.add_group", run, refused_on(f"group-{village_id}"),
                             "/setup/villages?done=1")


@router.post("/setup/villages/{village_id}/rename")
async def rename_village(request: Request, village_id: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        village = village_of(ws.app, village_id)
        body = validated(VillageRename, name=text(form, "name"), reason=text(form, "reason"))
        return ws.app.rename_village(village.id, body.name, body.reason, caller.username)

    return await record_form(request, "villages.rename", run, refused_on(f"rename-{village_id}"),
                             "/setup/villages?done=1")


# --- the holiday notices ---------------------------------------------------------------------------


def calendar_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                  form: Any = None) -> Response:
    check_page(caller, "setup")
    app = workspace_of(request).app
    year = now(request).year
    years = [{"year": y, "known": knows_year(app, y), "notice": recorded_notice(app, y)}
             for y in range(year - 1, year + 2)]
    return render(request, "setup_calendar.html", status=status, years=years, error=error, form=form or {},
                  next_year=year + 1)


def recorded_notice(app: Taizhang, year: int) -> HolidayNotice | None:
    try:
        notice: HolidayNotice = app.get(HolidayNotice, HolidayNotice.id_for(year), "放假通知")
    except NotFound:
        return None
    return notice


@router.get("/setup/calendar")
def calendar(request: Request) -> Response:
    return calendar_page(request, require_caller(request))


def days(form: FormData, name: str, what: str) -> list[Any]:
    """Days typed one to a line (or separated by commas), each YYYY-MM-DD; a range as 2024-02-10..2024-02-17."""
    found = []
    for item in text(form, name).replace("，", ",").replace(",", "\n").splitlines():
        first, _, last = item.strip().partition("..")
        if not first:
            continue
        start = parse_day(first.strip(), what)
        end = parse_day(last.strip(), what) if last else start
        if start is None or end is None:
            continue
        found += [start.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    return sorted(set(found))


@router.post("/setup/calendar")
async def record_notice(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        year = text(form, "year")
        body = validated(HolidayNoticeCreate, year=year, holidays=days(form, "holidays", "放假日"),
                         makeup_workdays=days(form, "makeup_workdays", "调休上班日"), title=text(form, "title"),
                         reason=text(form, "reason"))
        return ws.app.record_holiday_notice(body.year, list(body.holidays), list(body.makeup_workdays), body.title,
                                            caller.username, body.reason)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return calendar_page(request, caller, status, message, form)

    return await record_form(request, "calendar.record_notice", run, again, "/setup/calendar?done=1")


def group_names(app: Taizhang) -> dict[uuid.UUID, str]:
    """Every unit's name a post can be held in: the township, each village and each of its groups."""
    township = app.township()
    names: dict[uuid.UUID, str] = {township.id: township.name}
    for village in app.villages():
        names[village.id] = village.name
        names.update({gid: f"{village.name}{name}" for gid, name in village.groups.items()})
    return names
