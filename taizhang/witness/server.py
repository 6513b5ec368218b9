"""The witness over HTTP: ``POST /add-checkpoint`` (C2SP tlog-witness) and ``GET /checkpoint/<origin>``.

A small ASGI app of its own, served by ``taizhang witness serve`` on the county's machine; it shares
nothing with the township's server but the checkpoint format.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from taizhang.witness.cosigner import Witness

MAX_REQUEST_BYTES = 64 * 1024  # a checkpoint, 63 proof hashes and a few signatures fit many times over


def create_witness_app(folder: Path) -> Starlette:
    witness = Witness(folder)

    async def add_checkpoint(request: Request) -> Response:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_REQUEST_BYTES:
                return Response("请求过大 / request too large\n", status_code=413, media_type="text/plain")
        answer = await run_in_threadpool(witness.add_checkpoint, body)
        return Response(answer.body, status_code=answer.status, media_type=answer.content_type)

    async def latest(request: Request) -> Response:
        """The last checkpoint co-signed for a log, for whoever checks the township's record against it."""
        state = await run_in_threadpool(witness.store.log, request.path_params["origin"])
        if state is None or state.note is None:
            return Response("没有联署过的检查点 / no co-signed checkpoint\n", status_code=404, media_type="text/plain")
        return Response(state.note, media_type="text/plain; charset=utf-8")

    return Starlette(routes=[
        Route("/add-checkpoint", add_checkpoint, methods=["POST"]),
        Route("/checkpoint/{origin:path}", latest, methods=["GET"]),
    ])
