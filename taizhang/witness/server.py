"""The witness over HTTP: ``POST /add-checkpoint`` (C2SP tlog-witness) and ``GET /checkpoint/<origin>``,
and the taizhang extension for its mirror: ``POST /taizhang/leaves/<origin>`` (the leaf hashes of the
next checkpoint, sent before it) and ``GET /taizhang/leaves/<origin>?size=N`` (the mirror's first N).

A small ASGI app of its own, served by ``taizhang witness serve`` on the county's machine; it shares
nothing with the township's server but the checkpoint format.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from taizhang.audit.verifier import HASH_SIZE
from taizhang.witness.cosigner import Witness
from taizhang.witness.mirror import LEAVES_TYPE, MAX_LEAVES

MAX_REQUEST_BYTES = 64 * 1024  # a checkpoint, 63 proof hashes and a few signatures fit many times over
MAX_LEAVES_BYTES = 64 + MAX_LEAVES * HASH_SIZE
READ_LEAVES = 32_000  # hashes a read while streaming the mirror (1 MB)


async def _body(request: Request, limit: int) -> bytes | None:
    chunks, size = [], 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
    return b"".join(chunks)


def _too_large() -> Response:
    return Response("请求过大 / request too large\n", status_code=413, media_type="text/plain")


def create_witness_app(folder: Path) -> Starlette:
    witness = Witness(folder)

    async def add_checkpoint(request: Request) -> Response:
        body = await _body(request, MAX_REQUEST_BYTES)
        if body is None:
            return _too_large()
        answer = await run_in_threadpool(witness.add_checkpoint, body)
        return Response(answer.body, status_code=answer.status, media_type=answer.content_type)

    async def add_leaves(request: Request) -> Response:
        body = await _body(request, MAX_LEAVES_BYTES)
        if body is None:
            return _too_large()
        answer = await run_in_threadpool(witness.add_leaves, request.path_params["origin"], body)
        return Response(answer.body, status_code=answer.status, media_type=answer.content_type)

    async def mirrored(request: Request) -> Response:
        """The first ``size`` leaf hashes the witness co-signed, raw; whoever reads them checks their root."""
        origin = request.path_params["origin"]
        state = await run_in_threadpool(witness.store.log, origin)
        asked = request.query_params.get("size", "")
        if state is None or not asked.isdigit() or not 0 < int(asked) <= state.mirror_size:
            held = state.mirror_size if state else 0
            return Response(f"见证者的镜像只有 {held} 个叶哈希 / the mirror holds {held} leaf hashes\n",
                            status_code=404, media_type="text/plain")
        size = int(asked)

        def chunks() -> Iterator[bytes]:
            for start in range(0, size, READ_LEAVES):
                yield witness.store.mirrored(origin, start, min(size, start + READ_LEAVES))

        return StreamingResponse(chunks(), media_type=LEAVES_TYPE,
                                 headers={"Content-Length": str(size * HASH_SIZE)})

    async def latest(request: Request) -> Response:
        """The last checkpoint co-signed for a log, for whoever checks the township's record against it."""
        state = await run_in_threadpool(witness.store.log, request.path_params["origin"])
        if state is None or state.note is None:
            return Response("没有联署过的检查点 / no co-signed checkpoint\n", status_code=404, media_type="text/plain")
        return Response(state.note, media_type="text/plain; charset=utf-8")

    return Starlette(routes=[
        Route("/add-checkpoint", add_checkpoint, methods=["POST"]),
        Route("/checkpoint/{origin:path}", latest, methods=["GET"]),
        Route("/taizhang/leaves/{origin:path}", add_leaves, methods=["POST"]),
        Route("/taizhang/leaves/{origin:path}", mirrored, methods=["GET"]),
    ])
