"""疑点: the inspector's red flags as of any moment, filtered, each opened to its events; and their review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from domain.flags.flag import FLAG_KIND_LABELS
from domain.local_time import CHINA
from domain.words import event_word
from projections.flags import FlagFilter, FlagQueries
from projections.snapshot import Snapshot
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.documents.flags import FlagReviewBody, flag_period
from taizhang.inspection import FlagNames, NamedFlag, review_flag
from web.access import check_page
from web.actions import record_form
from web.forms import validated
from web.render import render, villages
from web.session import require_caller, workspace_of
from web.timeview import parse_day, time_view
from web.workspace import Workspace

router = APIRouter()
EVENTS_SHOWN = 60  # a flag's events on the page; the API gives every one


@dataclass(frozen=True)
class ShownEvent:
    position: int
    what: str
    who: str
    village: str
    occurred_at: Any
    recorded_at: Any


@dataclass(frozen=True)
class ShownFlag:
    named: NamedFlag
    events: list[ShownEvent]


def flags_page(request: Request, caller: Caller, status: int = 200, refusal: str = "", typed: FormData | None = None
               ) -> Response:
    workspace = workspace_of(request)
    view = time_view(request, workspace.app.local_zone)
    q = request.query_params
    chosen = FlagFilter(q.get("kind") or None, q.get("village") or None, q.get("person") or None,
                        q.get("status") or None)
    queries = FlagQueries(workspace.reads)
    today = workspace.app.clock.now().astimezone(CHINA).date()
    asked = flag_period(parse_year(q.get("year")), parse_day(q.get("from"), "开始日期"),
                        parse_day(q.get("to"), "结束日期"))
    period = asked or queries.period(view.as_of, today)
    every, snap = queries.flags(view.as_of, today=today, period=period)
    names = FlagNames(workspace.app, workspace.names)
    shown = [ShownFlag(names.of(f), events_of(queries, names, f.positions, snap)) for f in every if chosen.admits(f)]
    people = sorted({(ref, names.person(ref)) for f in every for ref in f.people}, key=lambda p: p[1])
    return render(
        request, "flags.html", status, view=view, snapshot=snap, flags=shown, kinds=FLAG_KIND_LABELS,
        villages=villages(request), people=people, chosen=chosen, total=len(every), period=period,
        asked={k: q.get(k) or "" for k in ("year", "from", "to")},
        may_review=allows("flags.review", caller.role) and not view.is_past, refusal=refusal,
        typed=dict(typed or {}),
    )


def parse_year(text: str | None) -> int | None:
    if not (text or "").strip():
        return None
    try:
        return int(str(text).strip())
    except ValueError:
        raise InvalidInput(f"年度“{text}”不是年份，请填如 2023", f"{text!r} is not a year") from None


def events_of(queries: FlagQueries, names: FlagNames, positions: tuple[int, ...], snap: Snapshot) -> list[ShownEvent]:
    return [
        ShownEvent(e.position, event_word(e.event_type), names.person(e.actor) if e.actor else "",
                   names.village(e.village_id) if e.village_id else "", e.occurred_at, e.recorded_at)
        for e in queries.events(positions[:EVENTS_SHOWN], snap)
    ]


@router.get("/flags")
async def flags(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "flags")
    return await run_in_threadpool(flags_page, request, caller)


@router.post("/flags/review")
async def review(request: Request) -> Response:
    def run(workspace: Workspace, caller: Caller, form: FormData) -> Any:
        body = validated(FlagReviewBody, **{k: str(form.get(k) or "") for k in ("flag_key", "verdict", "reason")})
        return review_flag(workspace.app, workspace.reads, body.flag_key, body.verdict, body.reason, caller.username)

    def refused(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return flags_page(request, caller, status, message, form)

    return await record_form(request, "flags.review", run, refused, "/flags")
