"""Sign-in: the OAuth2 password flow, answering a short-lived bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from api.deps import ContextDep
from api.routes import resource_router
from api.routing import BODY_LIMIT
from api.schemas.accounts import TokenPublic
from taizhang.access.refusals import NotSignedIn

router = resource_router("/auth", "accounts")
router.responses[429] = {"model": router.responses[401]["model"], "description": "too many failed sign-ins"}


@router.post("/token", name="auth.token", openapi_extra={BODY_LIMIT: 64 * 1024})
def sign_in(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, context: ContextDep
) -> TokenPublic:
    """Exchange a username and password for a bearer token (failed attempts are rate-limited)."""
    client = request.client.host if request.client else "unknown"
    context.limiter.check(form.username, client)
    account = context.desk.sign_in(form.username, form.password)
    if account is None:
        context.limiter.failed(form.username, client)
        raise NotSignedIn("用户名或密码不正确", "wrong username or password")
    context.limiter.succeeded(form.username, client)
    lifetime = context.tokens.lifetime
    token = context.tokens.issue(account.username, context.application.clock.now(), account.sign_in_generation)
    return TokenPublic(access_token=token, expires_in=int(lifetime.total_seconds()))
