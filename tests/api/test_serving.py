"""``taizhang serve`` writes each answer in one piece, and every kind of answer still arrives whole."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
from pathlib import Path

from taizhang.serving import CoalescingTransport
from taizhang.settings import Settings
from tests.support.servers import LOOPBACK, initialise, sign_in, start_worker

ADMIN, PASSWORD = "serve-admin", "serve-pass-2023"


def test_writes_of_one_loop_turn_leave_together_and_closing_sends_what_is_held() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        ours, peer = socket.socketpair()
        peer.setblocking(False)
        transport, _ = await loop.create_connection(asyncio.Protocol, sock=ours)
        held = CoalescingTransport(transport, loop)
        try:
            held.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
            held.write(b"{}")
            try:
                early = peer.recv(4096)
            except BlockingIOError:
                early = b""
            assert early == b"", "the status line left before the body was written"
            await asyncio.sleep(0.05)
            assert peer.recv(4096) == b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"

            held.write(b"last words")
            held.close()
            await asyncio.sleep(0.05)
            assert peer.recv(4096) == b"last words"
            assert peer.recv(4096) == b"", "the connection was not closed after the held bytes"
        finally:
            transport.close()
            peer.close()

    asyncio.run(scenario())


def test_every_kind_of_answer_arrives_whole_on_one_kept_alive_connection(tmp_path: Path) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path / "store")
    initialise(settings, ADMIN, PASSWORD)
    worker = start_worker(settings, tmp_path, "api", run_projections=True)
    try:
        headers = sign_in(worker.url, ADMIN, PASSWORD)
        connection = http.client.HTTPConnection(LOOPBACK, worker.port, timeout=30)

        def ask(method: str, path: str, body: object = None, extra: dict[str, str] | None = None,
                ) -> tuple[int, dict[str, str], bytes]:
            sent = {**headers, **(extra or {})}
            payload = None
            if body is not None:
                payload = json.dumps(body).encode()
                sent["Content-Type"] = "application/json"
            connection.request(method, path, body=payload, headers=sent)
            answer = connection.getresponse()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()

        status, _, document = ask("GET", "/openapi.json")  # a large body, beyond one socket buffer
        assert status == 200 and "/problems" in json.loads(document)["paths"]

        status, _, body = ask("POST", "/villages", {"name": "一村", "code": "s01"})
        assert status == 201
        village = json.loads(body)["id"]
        problem = {"source": "township_patrol", "category": "plastic_litter", "village_id": village,
                   "place": "桥头", "description": "垃圾"}
        status, _, body = ask("POST", "/problems", problem, {"Idempotency-Key": "serve-1"})
        assert status == 201
        status, answered, again = ask("POST", "/problems", problem, {"Idempotency-Key": "serve-1"})
        assert status == 201 and again == body and answered["idempotent-replayed"] == "true"

        status, _, refusal = ask("POST", "/problems", {}, {"Authorization": "Bearer not-a-token"})
        assert status == 401 and json.loads(refusal)["code"] == "not_signed_in"
        status, _, refusal = ask("POST", "/problems", {"village_id": "x"})
        assert status == 422 and json.loads(refusal)["code"]

        status, answered, css = ask("GET", "/web/static/site.css")  # a file, sent in pieces
        assert status == 200 and len(css) == int(answered["content-length"]) > 0
        status, answered, nothing = ask("HEAD", "/web/static/site.css")  # headers only, no body ever written
        assert status == 200 and nothing == b"" and int(answered["content-length"]) == len(css)

        status, _, body = ask("GET", f"/problems/{json.loads(again)['id']}")
        assert status == 200 and json.loads(body)["stage"]

        status, answered, body = ask("GET", "/township", extra={"Connection": "close"})
        assert status == 200 and json.loads(body)["code"] == "bench" and answered["connection"] == "close"
        connection.close()
    finally:
        worker.stop()
