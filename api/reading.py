"""Queries over the read models: read-your-writes, and the two time axes every figure accepts.

A command answers the log position it reached; a query given ``wait_for_position`` waits (at most
``read_wait_seconds``) until the read models hold it, and answers 503 with Retry-After otherwise.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import ContextDep
from domain.errors import InvalidInput
from projections.db import ReadStore
from projections.runner import ReadModelsBehind
from projections.snapshot import Period
from taizhang.documents.base import ISO_MOMENT, Day
from taizhang.server_context import ServerContext

LOG_HEAD: ContextVar[int | None] = ContextVar("log_head", default=None)
"""The log's head when this request read the read models: each answer says how far it lags it."""


async def caught_up_store(
    context: ContextDep,
    wait_for_position: Annotated[
        int | None,
        Query(ge=1, le=2**53, description="wait (bounded) until the read models hold this command's position"),
    ] = None,
) -> ReadStore:
    # On the event loop when there is nothing to wait for (most queries); the wait, and the read of
    # the log's head before it, go to the thread pool.
    if not context.readiness.ready():
        await run_in_threadpool(context.readiness.check)
    if wait_for_position is not None:
        await run_in_threadpool(wait_until_projected, context, wait_for_position)
    LOG_HEAD.set(context.application.recorder.max_notification_id() or 0)
    return context.read_store


def wait_until_projected(context: ServerContext, wait_for_position: int) -> None:
    head = context.application.recorder.max_notification_id() or 0
    if wait_for_position > head:
        raise InvalidInput(
            f"事件记录只到位置 {head}，没有位置 {wait_for_position}",
            f"the event log ends at position {head}; there is no position {wait_for_position}",
            head=head,
        )
    limit = context.settings.read_wait_seconds
    if not context.projector.wait_for(wait_for_position, limit):
        reached = context.projector.position()
        raise ReadModelsBehind(
            f"读模型尚未更新到位置 {wait_for_position}（当前 {reached}），请稍后重试",
            f"the read models have not reached position {wait_for_position} within {limit:g} s (at {reached})",
            position=wait_for_position,
            reached=reached,
            retry_after_seconds=1,
        )


ReadStoreDep = Annotated[ReadStore, Depends(caught_up_store)]

# Text with a pattern, not a datetime: a datetime parameter would also take a bare number as Unix time.
AsOfQuery = Annotated[
    str | None,
    Query(
        pattern=ISO_MOMENT,
        max_length=40,
        description=(
            "the record as it stood at this recorded moment, e.g. 2023-06-30T18:00:00+08:00; latest when "
            "omitted"
        ),
    ),
]


async def occurred_period(
    occurred_from: Annotated[Day | None, Query(description="first day of the period (occurred time, local)")] = None,
    occurred_to: Annotated[Day | None, Query(description="last day of the period, included")] = None,
) -> Period | None:
    return period_between(occurred_from, occurred_to)


def period_between(occurred_from: Day | None, occurred_to: Day | None) -> Period | None:
    """The period between two local days, both included; None when neither is given."""
    if occurred_from is None and occurred_to is None:
        return None
    if occurred_from is not None and occurred_to is not None and occurred_to < occurred_from:
        raise InvalidInput("期间的结束日早于开始日", "occurred_to is before occurred_from")
    start = Period.days(occurred_from, occurred_from).start if occurred_from else None
    end = Period.days(occurred_to, occurred_to).end if occurred_to else None
    return Period(start, end)


PeriodDep = Annotated[Period | None, Depends(occurred_period)]


def aware(as_of: str | None) -> datetime | None:
    if as_of is None:
        return None
    try:
        moment = datetime.fromisoformat(as_of)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(
            f"as_of “{as_of}” 不是实有的带时区时间，应如 2023-06-30T18:00:00+08:00",
            f"as_of {as_of!r} is not a real time with its zone, e.g. 2023-06-30T18:00:00+08:00",
        )
    return moment
