"""Routes, one module per resource; every router uses ``TaizhangRoute`` and documents its refusals."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

from api.routing import TaizhangRoute
from api.schemas.common import CommandResult, ErrorPublic
from taizhang.commands.base import Outcome

REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "not signed in, or the token or API key is not valid"},
    403: {"model": ErrorPublic, "description": "the account's access role may not call this route"},
    404: {"model": ErrorPublic, "description": "no such resource within the caller's reach"},
    409: {"model": ErrorPublic, "description": "stale version, state that refuses the step, or a retry in progress"},
    422: {"model": ErrorPublic, "description": "the input is not valid, or an Idempotency-Key reused for another body"},
    507: {
        "model": ErrorPublic,
        "description": "the store is out of space: nothing was written; repeat once space is freed",
    },
}


class ResourceRouter(APIRouter):
    """The routes of one resource, all under one prefix; a request for another path is turned away at once.

    The application tries its included routers in order and FastAPI tries every route of each, so a
    request for the last resource used to be matched against nearly every route of the API first
    (docs/PERFORMANCE.md). No route here can match a path outside the prefix, so skipping them
    changes no answer and keeps the order in which routes are tried.
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope.get("type") == "http" and not get_route_path(scope).startswith(self.prefix):
            return Match.NONE, {}
        return super().matches(scope)


def resource_router(prefix: str, tag: str) -> APIRouter:
    return ResourceRouter(prefix=prefix, tags=[tag], route_class=TaizhangRoute, responses=dict(REFUSALS))


def result(outcome: Outcome) -> CommandResult:
    return CommandResult(
        id=outcome.id, version=outcome.version, position=outcome.position, recorded_at=outcome.recorded_at
    )
