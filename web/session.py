"""The signed-in session (an HttpOnly cookie holding the API's own JWT) and CSRF tokens for every form.

CSRF: a random value in its own cookie, and in each form its HMAC under the server's secret; a POST
is accepted only when the two agree, so another site can neither read nor forge the form's token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError
from taizhang.access.caller import Caller
from taizhang.access.refusals import NotSignedIn
from web.workspace import Workspace

SESSION_COOKIE = "taizhang_session"
CSRF_COOKIE = "taizhang_csrf"
CSRF_FIELD = "csrf_token"


class FormExpired(DomainError):
    """A form POST without a valid CSRF token (another site's form, or a page left open too long)."""

    code = "csrf_refused"
    title = "表单已过期"


def workspace_of(request: Request) -> Workspace:
    return request.app.state.workspace


def caller_of(request: Request) -> Caller | None:
    """The signed-in caller, or None (no cookie, expired or disabled account)."""
    if not hasattr(request.state, "caller"):
        token = request.cookies.get(SESSION_COOKIE)
        caller = None
        if token:
            try:
                caller = workspace_of(request).context.identify(f"Bearer {token}", None)
            except NotSignedIn:
                caller = None
        request.state.caller = caller
    return request.state.caller


def require_caller(request: Request) -> Caller:
    caller = caller_of(request)
    if caller is None:
        raise NotSignedIn("请先登录", "sign in first")
    return caller


def start_session(response: Response, token: str, lifetime_seconds: int, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, max_age=lifetime_seconds, httponly=True, samesite="lax", secure=secure, path="/"
    )


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def csrf_seed(request: Request) -> str:
    """This browser's CSRF seed (a new one is set as a cookie by the site's middleware)."""
    seed = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf_seed", None)
    if not seed:
        seed = secrets.token_urlsafe(32)
        request.state.new_csrf_seed = seed
    return seed


def csrf_token(request: Request) -> str:
    secret = workspace_of(request).context.secret.encode()
    return hmac.new(secret, csrf_seed(request).encode(), hashlib.sha256).hexdigest()


async def check_csrf(request: Request) -> None:
    """Refuse a form POST whose token does not match this browser's seed, or that comes from another origin."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise FormExpired("表单来自其他网站，已拒绝", "the form came from another site")
    seed = request.cookies.get(CSRF_COOKIE)
    given = (await request.form()).get(CSRF_FIELD)
    if not seed or not isinstance(given, str) or not hmac.compare_digest(given, csrf_token(request)):
        raise FormExpired("页面已过期或表单无效，请刷新页面后重试", "the form's CSRF token is missing or wrong")
