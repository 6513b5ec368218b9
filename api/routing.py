"""The route class every router uses: the access policy on every route, idempotent retries on POSTs."""

from __future__ import annotations

import functools
import inspect
import logging
import typing
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute

from api.deps import CALLER, enforce_policy
from taizhang.access.evidence import cited_digests, may_cite
from taizhang.access.policy import is_public
from taizhang.access.refusals import NotSignedIn
from taizhang.store.failures import is_store_full
from taizhang.store.idempotency import StoredResponse, fingerprint

log = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY = 200


async def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias=IDEMPOTENCY_HEADER,
            min_length=1,
            max_length=MAX_KEY,
            pattern=r"^[\x21-\x7e]+$",
            description="a retry with the same key and body returns the first answer and records nothing",
        ),
    ] = None,
) -> str | None:
    return key


def in_one_hop(endpoint: Callable[..., Any]) -> Callable[..., Coroutine[Any, Any, Any]]:
    """A plain endpoint made a coroutine that runs it in the thread pool.

    FastAPI runs a plain ``def`` endpoint in the thread pool and then validates its answer in the
    pool again; as a coroutine the answer is validated on the event loop, so a request makes one
    hop instead of two (docs/PERFORMANCE.md). Its signature, and so its OpenAPI, is the endpoint's.
    """

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


CITING_REQUEST = "taizhang_citing_request"


def checking_citations(endpoint: Callable[..., Any]) -> Callable[..., Coroutine[Any, Any, Any]] | None:
    """The endpoint, first refusing evidence its body cites that the caller may not cite; None if it cites none.

    Read from the endpoint's declared types once, when the route is built: every route whose input
    document can hold an ``EvidenceIn`` is checked, whichever resource it belongs to.
    """
    hints = typing.get_type_hints(endpoint, include_extras=True)
    if not any(may_cite(hint) for name, hint in hints.items() if name != "return"):
        return None
    signature = inspect.signature(endpoint)
    parameters = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()]
    own = next((p.name for p in parameters if p.annotation is Request), None)  # FastAPI passes one request only
    if own is None:
        parameters.append(inspect.Parameter(CITING_REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request))

    async def run(*args: Any, **kwargs: Any) -> Any:
        request: Request = kwargs[own] if own is not None else kwargs.pop(CITING_REQUEST)
        cited = {sha for value in kwargs.values() for sha in cited_digests(value)}
        if cited:
            context = request.app.state.context
            await run_in_threadpool(context.check_citations, request.scope[CALLER], cited)
        return await endpoint(*args, **kwargs)

    run.__name__, run.__doc__, run.__module__ = endpoint.__name__, endpoint.__doc__, endpoint.__module__
    run.checks_citations = True  # type: ignore[attr-defined]  # for the test that every citing route is checked
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]  # FastAPI reads the route's parameters here
        parameters=parameters, return_annotation=hints.get("return", signature.return_annotation)
    )
    return run


class TaizhangRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = in_one_hop(endpoint)
        endpoint = checking_citations(endpoint) or endpoint
        dependencies = list(kwargs.pop("dependencies", None) or [])
        dependencies.append(Depends(enforce_policy))
        if "POST" in (kwargs.get("methods") or ()):
            dependencies.append(Depends(idempotency_key))
        super().__init__(path, endpoint, dependencies=dependencies, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle_command = super().get_route_handler()
        assert self.methods is not None  # APIRoute.__init__ sets them (GET when none are given)
        if "POST" not in self.methods or is_public(self.name):
            return handle_command

        async def handle(request: Request) -> Response:
            try:
                return await handle_command(request)
            finally:
                request.app.state.context.projector.nudge()  # project the new events now, not at the next poll

        async def handle_once(request: Request) -> Response:
            key = request.headers.get(IDEMPOTENCY_HEADER)
            if not key or len(key) > MAX_KEY or not key.isascii() or not key.isprintable():
                return await handle(request)  # absent, or refused by the header's validation
            context = request.app.state.context
            try:
                caller = context.identify(request.headers.get("authorization"), request.headers.get("x-api-key"))
            except NotSignedIn:
                caller = None
            if caller is None:
                return await handle(request)  # answered 401 by the policy
            print_ = fingerprint(request.method, request.url.path, await request.body())
            now = context.application.clock.now()
            stored = await run_in_threadpool(context.idempotency.reserve, caller.username, key, print_, now)
            if stored is not None:
                return Response(
                    stored.body,
                    stored.status_code,
                    media_type="application/json",
                    headers={"Idempotent-Replayed": "true"},
                )
            try:
                response = await handle(request)
            except BaseException:
                await run_in_threadpool(context.idempotency.release, caller.username, key)
                raise
            if 200 <= response.status_code < 300:
                answer = StoredResponse(response.status_code, bytes(response.body))
                try:
                    await run_in_threadpool(context.idempotency.complete, caller.username, key, answer)
                except Exception as error:
                    if not is_store_full(error):
                        raise
                    # The command is recorded, so its answer is the truth, not "nothing was written". The
                    # key stays reserved: a retry hears "in progress" rather than recording it twice.
                    log.warning("the answer to %s could not be kept for Idempotency-Key retries: disk full", key)
            else:
                await run_in_threadpool(context.idempotency.release, caller.username, key)
            return response

        return handle_once
