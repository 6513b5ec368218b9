"""A server killed between reserving a retry key and recording its command: the retry then succeeds, once.

Reservations taken before a SIGKILL once stayed for ever, and every retry of a command that was never
recorded answered 409 request_in_progress. A real ``taizhang serve`` process, killed, on SQLite and PostgreSQL;
the command is a 1,500-row Excel ledger import, whose parsing leaves time to kill the server after
the key is reserved and before anything is recorded (the test checks that it did).
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from openpyxl import Workbook

from api.app import create_api
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.settings import Settings
from tests.security.real_record import initialised
from tests.support.servers import sign_in, start_worker

ADMIN, PASSWORD = "boss", "Lantern-orbit-2023"
ROWS = 1500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STALE = "1"  # seconds after which a retry may take over a reservation whose command never recorded


def ledger(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["来源", "类别", "村", "地点", "问题描述", "发现日期", "截止日期", "整改日期", "验收日期", "销号日期"])
    for n in range(rows):
        sheet.append(["镇巡查", "非正规垃圾堆放点", "东沟村", f"村口{n}", "堆放", "2024-04-01", "2024-04-10",
                      "2024-04-05", "2024-04-06", "2024-04-07"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def last_position(settings: Settings) -> int:
    app = build_app(settings)
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()


def post_import(server: str | TestClient, headers: dict[str, str], content: bytes) -> httpx.Response:
    """The import sent to a served address, or through a client of an app in this process."""
    files = {"file": ("2023台账.xlsx", content, XLSX)}
    if isinstance(server, TestClient):
        return server.post("/imports/excel-ledger", files=files, headers=headers)
    return httpx.post(f"{server}/imports/excel-ledger", files=files, headers=headers, timeout=120)


def reservation(settings: Settings) -> list[tuple[object, ...]]:
    tables = build_side_tables(settings)
    try:
        return tables.query(
            "SELECT k.status_code, (SELECT count(*) FROM taizhang_retry_records r WHERE r.caller = k.caller "
            "AND r.idempotency_key = k.idempotency_key) FROM taizhang_retry_keys k WHERE k.idempotency_key = ?",
            ("ledger-2023",),
        )
    finally:
        tables.close()


def test_a_retry_after_the_server_was_killed_mid_command_succeeds_once(settings: Settings, tmp_path: Path) -> None:
    settings = settings.model_copy(update={"data_dir": tmp_path, "retry_reservation_seconds": 1})
    initialised(settings, ADMIN, PASSWORD)
    content = ledger(ROWS)
    before = last_position(settings)
    worker = start_worker(settings, tmp_path, name="killed", TAIZHANG_RETRY_RESERVATION_SECONDS=STALE)
    try:
        headers = {**sign_in(worker.url, ADMIN, PASSWORD), "Idempotency-Key": "ledger-2023"}
        sending = threading.Thread(target=lambda: _swallow(post_import, worker.url, headers, content), daemon=True)
        sending.start()
        deadline = time.monotonic() + 30
        while not reservation(settings) and time.monotonic() < deadline:
            time.sleep(0.005)
        worker.process.send_signal(signal.SIGKILL)  # between reserving the key and recording the import
        worker.process.wait(10)
        sending.join(30)
    finally:
        worker.stop()
    assert last_position(settings) == before, "the import was recorded before the kill: the test proved nothing"
    assert reservation(settings) == [(None, 0)]  # the reservation stayed behind, its command not recorded

    with TestClient(create_api(settings)) as restarted:  # the server started again on the same store
        token = restarted.post("/auth/token", data={"username": ADMIN, "password": PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "ledger-2023"}
        answer = post_import(restarted, headers, content)
        while answer.status_code == 409 and answer.json()["code"] == "request_in_progress":
            time.sleep(float(answer.headers.get("Retry-After", "1")))
            answer = post_import(restarted, headers, content)
        assert answer.status_code == 201, answer.text
        replayed = post_import(restarted, headers, content)
        assert replayed.headers.get("Idempotent-Replayed") == "true" and replayed.json() == answer.json()
    app = build_app(settings)
    try:
        registered = sum(1 for n in app.recorder.select_notifications(start=before + 1, limit=100_000)
                         if n.topic.endswith("Problem.Registered"))
    finally:
        app.close()
    assert registered == ROWS  # recorded once, not twice


def _swallow(send: object, *args: object) -> None:
    """The request whose server is killed under it: its connection breaks, as expected."""
    with contextlib.suppress(httpx.TransportError):
        send(*args)  # type: ignore[operator]  # post_import
