"""The floor of an HTTP command on this machine: the same server stack and one durable SQLite insert, nothing else.

    python -m bench.http_floor --port PORT --db FILE

A bare ASGI application under uvicorn with the product's options (``taizhang.serving.FAST_SERVER``:
httptools, uvloop, one write per answer). ``POST /problems`` reads the JSON body, and in a worker thread
(as the product runs its commands) inserts one event row — an id, a version, a topic and the body as
JSON — into a SQLite file with the event store's settings (WAL, ``synchronous=FULL``) and commits; the
answer is 201 with the new id. No validation, no access rules, no aggregate: the limit ``bench.http_bench``
compares the product's ``POST /problems`` with (``--floor``).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import threading
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
import uvicorn

from taizhang.serving import FAST_SERVER

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class Floor:
    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS stored_events (id INTEGER PRIMARY KEY AUTOINCREMENT, originator_id TEXT, "
            "originator_version INTEGER, topic TEXT, state BLOB, UNIQUE (originator_id, originator_version))")
        self.lock = threading.Lock()

    def record(self, body: bytes) -> str:
        problem = str(uuid.uuid4())
        with self.lock:
            self.connection.execute("BEGIN")
            self.connection.execute(
                "INSERT INTO stored_events (originator_id, originator_version, topic, state) VALUES (?, 1, ?, ?)",
                (problem, "domain.problem:Problem.Registered", body))
            self.connection.execute("COMMIT")
        return problem

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await receive()  # startup
            await send({"type": "lifespan.startup.complete"})
            await receive()  # shutdown
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["method"] != "POST":
            status, answer = 200, b"{}"
        else:
            state = json.dumps(json.loads(body), ensure_ascii=False).encode()
            answer = json.dumps({"id": await anyio.to_thread.run_sync(self.record, state)}).encode()
            status = 201
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(answer)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": answer})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    uvicorn.run(Floor(args.db), host="127.0.0.1", port=args.port, log_level="warning", access_log=False,
                lifespan="on", **FAST_SERVER)


if __name__ == "__main__":
    main()
