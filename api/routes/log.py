"""The event log itself: where its head stands, for a client that pins queries or checks what a backup holds."""

from __future__ import annotations

from api.deps import AppDep, CallerDep
from api.routes import resource_router
from api.schemas.log import LogHeadPublic

router = resource_router("/log", "log")


@router.get("/head", name="log.head")
def log_head(app: AppDep, caller: CallerDep) -> LogHeadPublic:
    """The log's head position and the recorded time of its event; a query may wait for it (``wait_for_position``)
    or pin itself to it (``as_of``)."""
    position, recorded_at = app.log_head()
    return LogHeadPublic(position=position, recorded_at=recorded_at)
