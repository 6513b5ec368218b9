"""Dependencies that chain: the context → the presented credentials → the caller → the policy check."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

from domain.errors import InvalidInput
from taizhang.access.caller import Caller
from taizhang.access.policy import allows, is_public
from taizhang.access.refusals import NotPermitted, NotSignedIn
from taizhang.application import Taizhang
from taizhang.server_context import ServerContext

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="auth/token", auto_error=False)
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="for machine clients")


# Dependencies are ``async``: FastAPI runs a plain ``def`` one in the thread pool, and those hops cost
# more than the command itself. They are also few and flat: FastAPI solves every node of a route's
# dependency tree on every request, a cached one included, so each level costs CPU per request
# (docs/PERFORMANCE.md). A command's tree is the policy (with the two credential schemes, which
# also document the route's security in OpenAPI), the Idempotency-Key header, the application and
# the caller the policy identified.
CALLER = "taizhang.caller"
"""Where the policy check leaves the identified caller in the request's scope, for the endpoint."""


async def get_context(request: Request) -> ServerContext:
    return request.app.state.context


ContextDep = Annotated[ServerContext, Depends(get_context)]


async def get_application(request: Request) -> Taizhang:
    return request.app.state.context.application


AppDep = Annotated[Taizhang, Depends(get_application)]


async def enforce_policy(
    request: Request,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    api_key: Annotated[str | None, Depends(api_key_scheme)],
) -> None:
    """Deny by default: the route's entry in ``taizhang.access.policy.POLICY`` must name the caller's role.

    Every route runs this before anything else, so a caller who may not do something hears 401/403,
    not 422 for the body. The caller is identified here, on the event loop rather than in the pool:
    a signature check and one indexed read of one row (taizhang/access/current_callers.py) cost less than the hop.
    """
    if CALLER in request.scope:  # already admitted before its body was read (api/routing.py)
        return
    authorization = f"Bearer {token}" if token else None
    admit(request, request.app.state.context.identify(authorization, api_key))


def admit(request: Request, caller: Caller | None) -> None:
    """Leave the caller for the endpoint, or refuse them: not signed in (401), not permitted (403)."""
    request.scope[CALLER] = caller
    name = request.scope["route"].name
    if is_public(name):
        return
    if caller is None:
        raise NotSignedIn("请先登录", "sign in first (bearer token or X-API-Key)")
    if not allows(name, caller.role):
        raise NotPermitted("你的账号无权进行此操作", f"an account with role {caller.role} may not do this")


async def current_caller(request: Request) -> Caller:
    """The caller the policy check identified for this request (it runs first on every route)."""
    caller = request.scope.get(CALLER)
    if caller is None:
        raise NotSignedIn("请先登录", "sign in first (bearer token or X-API-Key)")
    return caller


CallerDep = Annotated[Caller, Depends(current_caller)]


async def if_match_version(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", max_length=40, description='the version you saw, e.g. "3" (a stale one answers 409)'),
    ] = None,
) -> int | None:
    if if_match is None:
        return None
    value = if_match.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if not value.isdigit() or len(value) > 9:
        raise InvalidInput(
            f"If-Match “{if_match}” 不是版本号", f'If-Match {if_match!r} is not a version such as "3"'
        )
    return int(value)


IfMatchDep = Annotated[int | None, Depends(if_match_version)]


def expected_version(header: int | None, body: int | None) -> int | None:
    """The version the caller saw, from If-Match or the body; both given must agree."""
    if header is not None and body is not None and header != body:
        raise InvalidInput(
            f"If-Match（{header}）与 expected_version（{body}）不一致",
            f"If-Match ({header}) and expected_version ({body}) disagree",
        )
    return header if header is not None else body
