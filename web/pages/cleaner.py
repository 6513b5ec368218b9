"""我的考核: one cleaner's month — the patrols of their area with each one's score, the monthly rating and
the bonus lines — as of any moment. A cleaner sees their own (the person their account names); the
township's readers open any cleaner's from the ratings page. The same answer as ``/cleaners/{id}/months/{m}``.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from domain.account import AccessRole
from domain.assessment.paysheet import SHEET_STATUS_LABELS, SheetStatus
from domain.errors import InvalidInput
from domain.people import Person
from projections.cleaner_month import cleaner_month
from taizhang.access.caller import Caller
from taizhang.access.own_rows import check_cleaner, sees_own_rows_only
from web.access import check_page
from web.pages.assessment import BASIS_LABELS, facts_link, month_asked, pay_lines, queries
from web.render import as_uuid, render, village_names
from web.session import require_caller, workspace_of
from web.timeview import time_view

router = APIRouter()


def person_asked(request: Request, caller: Caller) -> uuid.UUID | None:
    """A cleaner's own person (None when their account names no one); for a reader, the one asked for."""
    if caller.role == AccessRole.CLEANER:
        return caller.person_id
    person_id = as_uuid(request.query_params.get("person"))
    if person_id is None:
        raise InvalidInput("请从“月评比”页点选一名保洁员", "choose a cleaner on the ratings page")
    return person_id


@router.get("/cleaner")
async def cleaner_page(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "cleaner")
    workspace = workspace_of(request)
    view = time_view(request, workspace.app.local_zone)
    month = month_asked(request, view)
    person_id = person_asked(request, caller)
    if person_id is None:
        return render(request, "cleaner.html", view=view, snapshot=None, month=month, answer=None, person=None)
    check_cleaner(caller, person_id)
    person = await run_in_threadpool(workspace.app.get, Person, person_id, "人员")
    answer = await run_in_threadpool(cleaner_month, queries(request), person_id, month, view.as_of)
    position, linked = answer.snapshot.position, not sees_own_rows_only(caller)
    patrols = [{"p": s.patrol, "score": s.score, "link": facts_link([s.patrol.ref], position) if linked else None,
                "found": [i for i in s.score.items if i.findings] if s.score else []} for s in answer.patrols]
    rating_link = facts_link(answer.rating["refs"], position) if answer.rating and linked else None
    lines = await run_in_threadpool(pay_lines, workspace, answer.lines, position, linked)
    status = answer.sheet_status
    status_label = SHEET_STATUS_LABELS[SheetStatus(status)] if status not in BASIS_LABELS else BASIS_LABELS[status]
    names = await run_in_threadpool(village_names, request)
    # a reader's month form keeps the cleaner chosen (a cleaner's page is always their own)
    extra = "" if caller.role == AccessRole.CLEANER else Markup(
        '<input type="hidden" name="person" value="{}">').format(person_id)
    return render(request, "cleaner.html", view=view, snapshot=answer.snapshot, month=month, answer=answer, extra=extra,
                  person=person, patrols=patrols, rating_link=rating_link, lines=lines, status_label=status_label,
                  names=names, total=sum((line.amount for line in answer.lines), 0))
