"""日巡查 on a phone: the day's patrols, the form that records one, and a patrol's own page.

The form is a phone's: the day, village and group are chosen first (a plain GET, no script), then the
cleaner comes from the roster on that day and the deduction items from the rule version in force that
day, each with a count, the camera and a note. Recording, correcting, withdrawing and opening a problem
from a finding are the API's own steps (``patrols.*``) through ``web.actions.record_form``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.assessment.patrol import DailyPatrol
from domain.assessment.rules import RuleVersion
from domain.assessment.values import Month
from domain.errors import DomainError, InvalidInput
from domain.organisation import Village
from domain.people import Person
from domain.vocabulary import CATEGORY_LABELS
from projections.patrol_queries import OnDuty, cleaners_on, patrols_on, township_staff_on
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from web.access import check_page
from web.patrol_form import typed
from web.render import as_uuid, now, render, villages
from web.session import require_caller, workspace_of
from web.timeview import parse_day

router = APIRouter()


def day_asked(request: Request, given: str | None = None) -> date:
    text = given if given is not None else request.query_params.get("day")
    return parse_day(text, "巡查日期") or now(request).date()


def rules_on(request: Request, day: date) -> RuleVersion | None:
    try:
        return workspace_of(request).app.rule_version_on(day)
    except DomainError:
        return None  # no rule version in force: the page says so


@router.get("/patrols")
async def day_page(request: Request) -> Response:
    """The day's patrols, newest village first, each opening its own page."""
    caller = require_caller(request)
    check_page(caller, "patrols")
    workspace = workspace_of(request)
    day = day_asked(request)
    found = await run_in_threadpool(patrols_on, workspace.reads, day)
    rules = await run_in_threadpool(rules_on, request, day)
    items = {i.code: i.name for i in rules.deduction_items} if rules else {}
    names = {str(v.id): v for v in villages(request)}
    people = await run_in_threadpool(
        lambda: {p: workspace.app.get(Person, uuid.UUID(p), "人员").name
                 for p in {r["cleaner_id"] for r in found if r["cleaner_id"]}})
    rows = []
    for r in sorted(found, key=lambda r: (r["withdrawn"], names[r["village_id"]].code if r["village_id"] in names
                                          else "")):
        village = names.get(r["village_id"])
        group = village.groups.get(uuid.UUID(r["group_id"]), "") if village and r["group_id"] else ""
        rows.append({"id": r["_key"], "village": village.name if village else "—", "group": group,
                     "cleaner": people.get(r["cleaner_id"], "") if r["cleaner_id"] else "",
                     "area": r["area"], "withdrawn": r["withdrawn"],
                     "findings": [f"{items.get(code, code)} × {count}" for code, count in r["findings"].items()]})
    return render(request, "patrols.html", day=day, rows=rows, rules=rules,
                  may_record=allows("patrols.record", caller.role))


def form_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
              form: Any = None) -> Response:
    """The recording form for the day, village and group chosen (from the query, or as typed when refused)."""
    check_page(caller, "patrols")
    workspace = workspace_of(request)
    source = form or request.query_params
    day = day_asked(request, source.get("day") or None)
    all_villages = villages(request)
    village: Village | None = next((v for v in all_villages if str(v.id) == source.get("village_id")), None)
    group_id = as_uuid(source.get("group_id"))
    if village is not None and group_id not in village.groups:
        group_id = None
    rules = rules_on(request, day)
    cleaners: list[OnDuty] = []
    if village is not None:
        units = {str(group_id)} if group_id else {str(village.id), *(str(g) for g in village.groups)}
        cleaners = cleaners_on(workspace.reads, day, units)
    staff = township_staff_on(workspace.reads, day)
    inspector = source.get("inspector_id") or (str(caller.person_id) if caller.person_id else "")
    return render(request, "patrol_new.html", status=status, error=error, day=day, villages=all_villages,
                  village=village, group_id=str(group_id) if group_id else "",
                  group_name=village.groups.get(group_id, "") if village and group_id else "", rules=rules,
                  cleaners=cleaners,
                  staff=staff, inspector=inspector, items=typed(form, rules) if rules else {},
                  form=form or {}, refused=form is not None)


@router.get("/patrols/new")
def new_patrol(request: Request) -> Response:
    return form_page(request, require_caller(request))


def patrol_page(request: Request, caller: Caller, patrol_id: str, status: int = 200, error: str | None = None,
                form: Any = None, failed: str = "") -> Response:
    check_page(caller, "patrols")
    app = workspace_of(request).app
    found = as_uuid(patrol_id)
    if found is None:
        raise InvalidInput(f"巡查记录编号“{patrol_id}”无法识别", f"cannot read patrol id {patrol_id!r}")
    patrol: DailyPatrol = app.patrol(found)
    rules = app.rule_version_on(patrol.day)
    village = app.get(Village, patrol.village_id, "村")
    names = {i.code: i.name for i in rules.deduction_items}
    cleaner = app.get(Person, patrol.cleaner_id, "保洁员").name if patrol.cleaner_id else ""
    inspector = app.get(Person, patrol.inspector_id, "巡查人员").name
    group = village.groups.get(patrol.group_id, "") if patrol.group_id else ""
    place = "".join(x for x in (village.name, group, patrol.area) if x)
    findings = [{"f": f, "name": names.get(f.item, f.item),
                 "description": f"{patrol.day.isoformat()} 巡查发现：{names.get(f.item, f.item)} {f.count} 处"
                                + (f"（{f.note}）" if f.note else "")} for f in patrol.findings]
    return render(request, "patrol.html", status=status, error=error, form=form or {}, failed=failed,
                  patrol=patrol, village=village, group=group, cleaner=cleaner, inspector=inspector, rules=rules,
                  findings=findings, place=place, categories=CATEGORY_LABELS,
                  items=typed(form if failed == "correct" else None, rules, patrol.findings),
                  month_closed=app.month_closing(Month.of(patrol.day)) is not None,
                  may=lambda route: allows(route, caller.role))


@router.get("/patrols/{patrol_id}")
def one_patrol(request: Request, patrol_id: str) -> Response:
    return patrol_page(request, require_caller(request), patrol_id)
