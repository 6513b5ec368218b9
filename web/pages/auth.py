"""Signing in and out: the same accounts, rate limit and token as the API's /auth/token."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError
from web.render import redirect, render
from web.session import caller_of, check_csrf, end_session, start_session, workspace_of

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path inside the workspace: never an address elsewhere (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    if caller_of(request) is not None:
        return redirect(request, safe_next(next))
    return render(request, "login.html", next=safe_next(next))


@router.post("/login")
async def login(request: Request) -> Response:
    await check_csrf(request)
    form = await request.form()
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    context = workspace_of(request).context
    client = request.client.host if request.client else "unknown"
    try:
        context.limiter.check(username, client)
        account = await run_in_threadpool(context.desk.sign_in, username, password)
    except DomainError as error:
        return render(request, "login.html", status=429, error=error.zh, username=username, next=target)
    if account is None:
        context.limiter.failed(username, client)
        return render(request, "login.html", status=401, error="用户名或密码不正确", username=username, next=target)
    context.limiter.succeeded(username, client)
    token = context.tokens.issue(account.username, context.application.clock.now(), account.sign_in_generation)
    response = redirect(request, target)
    start_session(response, token, int(context.tokens.lifetime.total_seconds()), request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await check_csrf(request)
    caller = caller_of(request)
    if caller is not None:  # the token itself stops working, not only the cookie that held it
        await run_in_threadpool(workspace_of(request).app.end_sessions, caller.username, caller.username)
    response = redirect(request, "/login")
    end_session(response)
    return response
