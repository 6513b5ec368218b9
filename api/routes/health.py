"""Whether the server lives and whether it may answer reads yet, for a load balancer or a deploy script."""

from __future__ import annotations

from fastapi import Response
from fastapi.concurrency import run_in_threadpool

from api.deps import ContextDep
from api.routes import resource_router

router = resource_router("/health", "health")


@router.get("/live", name="health.live")
async def live() -> dict[str, str]:
    """The process answers."""
    return {"status": "live"}


@router.get("/ready", name="health.ready", responses={503: {"description": "the read models are still catching up"}})
async def ready(context: ContextDep, response: Response) -> dict[str, bool]:
    """Ready once the read models have caught up with the log as it stood at start-up; 503 with Retry-After before.

    Public, for a load balancer: it says nothing of the record beyond that.
    """
    is_ready = await run_in_threadpool(context.readiness.ready)
    if not is_ready:
        response.status_code = 503
        response.headers["Retry-After"] = "1"
    return {"ready": is_ready}
