"""``mount_web``: hang the web workspace on the API app, and run it for as long as the API runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import RedirectResponse

from web.site import PREFIX, create_site
from web.workspace import Workspace


def mount_web(api: FastAPI) -> Workspace:
    """Mount the pages at /web (a sub-application, so the API's route policy and OpenAPI stay its own)."""
    workspace = Workspace.build(api.state.context)
    api.mount(PREFIX, create_site(workspace), name="web")

    def to_workspace(request: Request) -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/", status_code=307)

    api.add_route("/", to_workspace, include_in_schema=False)
    outer = api.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        # Mounted applications get no lifespan of their own: the workspace starts and stops inside the API's.
        async with outer(app) as state:
            workspace.start()
            try:
                yield state
            finally:
                workspace.close()

    api.router.lifespan_context = lifespan
    return workspace
