"""The web workspace as an application of its own: pages, static files, HTML refusals, safe headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError
from taizhang.access.refusals import NotPermitted, NotSignedIn
from taizhang.http_status import status_of
from web.limits import FormLimits
from web.pages import (
    accounts,
    assessment,
    audit,
    audit_log,
    auth,
    case_actions,
    cases,
    cleaner,
    evidence,
    flags,
    ledger,
    ledger_import,
    letter_actions,
    letters,
    overdue,
    overview,
    patrol_actions,
    patrols,
    pay_actions,
    people,
    periods,
    problem,
    problem_actions,
    report_actions,
    reports,
    roster,
    rules,
    setup,
    summary,
    todo,
    verify,
    work,
    work_actions,
)
from web.render import redirect, render
from web.session import CSRF_COOKIE, FormExpired
from web.workspace import HERE, Workspace

PREFIX = "/web"

# Nothing is fetched from elsewhere: every style and image is this package's own; pages need no script.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'none'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_site(workspace: Workspace) -> FastAPI:
    site = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, title="台账 工作台")
    site.state.workspace = workspace
    site.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (auth, todo, overview, ledger, problem, problem_actions, overdue, audit, summary, assessment,
                   cleaner, audit_log, flags, cases, case_actions, verify, setup, people, accounts, roster, evidence,
                   patrols, patrol_actions, periods, pay_actions,
                   letters, letter_actions, reports, report_actions, ledger_import, rules,
                   work, work_actions):
        site.include_router(module.router)
    install_refusal_pages(site)
    site.add_middleware(FormLimits, workspace=workspace)

    @site.middleware("http")
    async def start_and_protect(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        workspace.start()  # normally already started by the API's lifespan
        response = await call_next(request)
        seed = getattr(request.state, "new_csrf_seed", None)
        if seed and not request.cookies.get(CSRF_COOKIE):
            response.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="strict", path="/",
                                secure=request.url.scheme == "https")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if response.media_type == "text/html" or response.headers.get("content-type", "").startswith("text/html"):
            response.headers["Cache-Control"] = "no-store"
        return response

    return site


def install_refusal_pages(site: FastAPI) -> None:
    @site.exception_handler(NotSignedIn)
    def to_login(request: Request, error: NotSignedIn) -> Response:
        target = request.url.path[len(request.scope.get("root_path", "")):] or "/"
        if request.url.query:
            target += f"?{request.url.query}"
        return redirect(request, f"/login?next={quote(target, safe='')}")

    @site.exception_handler(DomainError)
    def refused(request: Request, error: DomainError) -> Response:
        status = 403 if isinstance(error, FormExpired | NotPermitted) else status_of(error)
        title = {403: "无权访问", 404: "找不到页面或记录"}.get(status, "无法完成")
        return render(request, "error.html", status=status, title=title, message=error.zh)

    @site.exception_handler(StarletteHTTPException)
    def http_refusal(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return render(request, "error.html", status=404, title="找不到页面或记录", message="没有这个页面")
        return render(request, "error.html", status=error.status_code, title="请求被拒绝", message=str(error.detail))

