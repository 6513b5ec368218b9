"""Rendering a page: the template, plus what every page shows (who is signed in, the menu, the moment)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from domain.organisation import Village
from projections.db import time_value
from projections.snapshot import snapshot
from web.access import navigation
from web.session import CSRF_FIELD, caller_of, csrf_token, workspace_of


def prefix(request: Request) -> str:
    return request.scope.get("root_path", "")


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    workspace = workspace_of(request)
    caller = caller_of(request)
    account = workspace.app.find_account(caller.username) if caller else None
    page = {
        "request": request,
        "prefix": prefix(request),
        "caller": caller,
        "account": account,
        "me": workspace.names.name(caller.username) if caller else "",
        "todo_count": workspace.todo_count(caller, now(request).date()) if caller else 0,
        "nav": navigation(caller),
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
        "now": now(request),
        **context,
    }
    if page.get("snapshot") is not None:  # a page of figures says how far its read models lag the log
        page["log_head"] = workspace.app.recorder.max_notification_id() or 0
    return workspace.templates.TemplateResponse(request, template, page, status_code=status)


def redirect(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(f"{prefix(request)}{path}", status_code=303)


def now(request: Request) -> datetime:
    """The moment pages open on: now for a real record; for a simulated one (the demo), the last moment it holds.

    A demo's year is in the past: opening on today's empty month would show nothing of it.
    """
    workspace = workspace_of(request)
    app = workspace.app
    moment = app.clock.now()
    if workspace.is_simulation():
        last = last_occurred(workspace)
        if last is not None and last < moment:
            moment = last
    return moment.astimezone(app.local_zone)


def last_occurred(workspace: Any) -> datetime | None:
    """The last moment a problem's step happened in the record (a simulated record's "now")."""
    with workspace.reads.reading() as tx:
        snap = snapshot(tx)
        found = tx.scalar(f"SELECT max(last_occurred_at) FROM {snap.ledger_table}", [])
    return time_value(found) if found else None


def villages(request: Request) -> list[Village]:
    """The township's villages, read once per request."""
    if not hasattr(request.state, "villages"):
        request.state.villages = workspace_of(request).app.villages()
    return request.state.villages


def village_names(request: Request) -> dict[str, str]:
    return {str(v.id): v.name for v in villages(request)}


def as_uuid(text: str | None) -> uuid.UUID | None:
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
