"""One way every workspace form records: the policy's step, the session's token, the domain's refusal shown.

A form that records is the API route of the same step (``taizhang.access.policy``): a role the step is
not given is refused before the form is read. The domain's refusal re-shows the page with its reason
and what was typed; nothing is recorded. On success the read models are waited for (read-your-writes)
and the browser is sent where the result shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError, NotFound
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.access.refusals import NotPermitted
from taizhang.access.steps import step_label
from taizhang.http_status import status_of
from web.render import redirect
from web.session import check_csrf, require_caller, workspace_of
from web.workspace import Workspace

Recording = Callable[[Workspace, Caller, FormData], Any]
"""Records from the form; answers an ``Outcome`` (its position is waited for) or anything with ``.position``."""
Refused = Callable[[Request, Caller, FormData, int, str], Response]
"""The page again, with the refusal's status and words and the form as typed."""


def check_step(caller: Caller, route: str) -> None:
    if not allows(route, caller.role):
        raise NotPermitted(f"你的账号无权{step_label(route)}", f"role {caller.role} may not {route}")


async def record_form(
    request: Request, route: str, run: Recording, refused: Refused, done: str | Callable[[Any], str]
) -> Response:
    """Check the step and the form's token, record, and answer: the page ``done`` names, or the refusal."""
    caller = require_caller(request)
    check_step(caller, route)
    await check_csrf(request)
    form = await request.form()
    workspace = workspace_of(request)

    def go() -> Any:
        outcome = run(workspace, caller, form)
        position = getattr(outcome, "position", None)
        if isinstance(position, int):
            workspace.settle(position)
        return outcome

    try:
        outcome = await run_in_threadpool(go)
    except DomainError as error:
        if isinstance(error, NotPermitted | NotFound):
            raise
        status, message = status_of(error), error.zh  # bound now: ``error`` is unbound after the except block
        request.state.refusal_details = error.details  # e.g. an import's bad rows, for the page to list
        return await run_in_threadpool(lambda: refused(request, caller, form, status, message))
    return redirect(request, done(outcome) if callable(done) else done)
