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

from api.deps import CALLER, admit, enforce_policy
from taizhang.access.evidence import cited_digests, may_cite
from taizhang.access.policy import is_public
from taizhang.bodies import MULTIPART_OVERHEAD, Cutoff, check_declared, too_large
from taizhang.documents.base import Document
from taizhang.settings import Settings
from taizhang.store.failures import is_store_full
from taizhang.store.idempotency import StoredResponse, fingerprint
from taizhang.store.retry_marks import RetryClaim, claiming

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


def sealed_fields(endpoint: Callable[..., Any]) -> frozenset[str]:
    """The fields the endpoint's input documents keep sealed: left out of a retry key's fingerprint."""
    hints = typing.get_type_hints(endpoint)
    documents = [h for h in hints.values() if isinstance(h, type) and issubclass(h, Document)]
    return frozenset().union(*(d.SEALED for d in documents))


BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BODY_LIMIT = "x-max-body-bytes"
"""A route's own limit, in its OpenAPI (``openapi_extra``): bytes, or ``"evidence"`` for the evidence setting."""


def body_limit(declared: object, settings: Settings) -> int:
    if declared == "evidence":
        return settings.evidence_max_bytes + MULTIPART_OVERHEAD
    return int(declared) if isinstance(declared, int) else settings.body_max_bytes


class TaizhangRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self.sealed = sealed_fields(endpoint)
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = in_one_hop(endpoint)
        endpoint = checking_citations(endpoint) or endpoint
        dependencies = list(kwargs.pop("dependencies", None) or [])
        dependencies.append(Depends(enforce_policy))
        if "POST" in (kwargs.get("methods") or ()):
            dependencies.append(Depends(idempotency_key))
        super().__init__(path, endpoint, dependencies=dependencies, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return self.guarded(self.retried(super().get_route_handler()))

    def guarded(self, handle: Callable[[Request], Coroutine[Any, Any, Response]]
                ) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Who is calling is settled from the headers, and the body read only to the route's limit.

        A caller the policy turns away hears 401/403 before a byte of the body is read; a body larger
        than the limit is refused by its Content-Length, or as soon as it passes the limit.
        """
        declared = (self.openapi_extra or {}).get(BODY_LIMIT)

        async def guard(request: Request) -> Response:
            if request.method not in BODY_METHODS:
                return await handle(request)
            context = request.app.state.context
            if not is_public(self.name):
                caller = context.identify(request.headers.get("authorization"), request.headers.get("x-api-key"))
                admit(request, caller)
            limit = body_limit(declared, context.settings)
            check_declared(request.headers, limit)
            reading = Cutoff(request.receive, limit)
            try:
                response = await handle(Request(request.scope, reading.receive))
            except Exception:
                if reading.exceeded:  # FastAPI turns any failure to read the body into a 400 of its own
                    raise too_large(limit) from None
                raise
            if reading.exceeded:
                raise too_large(limit)
            return response

        return guard

    def retried(self, handle_command: Callable[[Request], Coroutine[Any, Any, Response]]
                ) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """A POST with an Idempotency-Key runs once; its retries get the first answer."""
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
            caller = request.scope.get(CALLER)  # admitted by ``guarded`` before the body was read
            if caller is None:
                return await handle(request)  # answered 401 by the policy
            print_ = fingerprint(context.secret, request.method, request.url.path, await request.body(), self.sealed,
                                 request.headers.get("content-type", ""))
            now = context.application.clock.now()
            held = await run_in_threadpool(context.idempotency.reserve, caller.username, key, print_, now)
            if isinstance(held, StoredResponse):
                return Response(
                    held.body,
                    held.status_code,
                    media_type="application/json",
                    headers={"Idempotent-Replayed": "true"},
                )
            try:
                with claiming(RetryClaim(caller.username, key, held.attempt)):  # noted in the command's transaction
                    response = await handle(request)
            except BaseException:
                await run_in_threadpool(context.idempotency.release, caller.username, key, held.attempt)
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
                await run_in_threadpool(context.idempotency.release, caller.username, key, held.attempt)
            return response

        return handle_once
