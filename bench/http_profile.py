"""Where a POST /problems spends its CPU in the server: a cProfile of the API run inline in this thread.

    python -m bench.http_profile [--requests 300] [--top 40]

The API runs in this process on a fresh SQLite store with an administrator and a village, driven by
httpx through its ASGI transport on one event loop; the thread-pool hops (``run_in_threadpool``) are
made inline, so one profile holds the whole request: routing, validation, access rules, the command,
the save. No socket and no uvicorn (``bench.http_floor`` measures those); the client's own functions
(httpx) show in the listing too. For the figures themselves see ``bench.http_bench --floor``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import httpx

from api.app import create_api
from taizhang.settings import Settings
from tests.support.servers import initialise

ADMIN, PASSWORD = "bench-admin", "bench-pass-2023"


async def inline(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return function(*args, **kwargs)


async def commands(settings: Settings, requests: int, top: int) -> str:
    api = create_api(settings)
    async with api.router.lifespan_context(api), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=api), base_url="http://bench") as client:
        token = (await client.post("/auth/token", data={"username": ADMIN, "password": PASSWORD})).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        village = (await client.post("/villages", json={"name": "基准村", "code": "b01"}, headers=headers)).json()
        body = {"source": "township_patrol", "category": "plastic_litter", "village_id": village["id"],
                "place": "村口桥下", "description": "堆放生活垃圾两袋"}
        for _ in range(20):  # warm
            assert (await client.post("/problems", json=body, headers=headers)).status_code == 201
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(requests):
            await client.post("/problems", json=body, headers=headers)
        profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        settings = Settings(store="sqlite", data_dir=Path(name), run_projections=False)
        initialise(settings, ADMIN, PASSWORD)
        with mock.patch("api.routing.run_in_threadpool", inline):
            print(asyncio.run(commands(settings, args.requests, args.top)))


if __name__ == "__main__":
    main()
