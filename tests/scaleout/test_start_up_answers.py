"""A server started on a store whose read models are 10 000 events behind never answers from half-caught-up tables.

The server is started as an operator starts it and asked for the summary from the first connection it
accepts, as fast as it answers: every answer is the caught-up one, or says it is not (503, Retry-After).
"""

from __future__ import annotations

import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from taizhang.bootstrap import build_app
from taizhang.settings import Settings
from tests.support.history import HistoryMaker
from tests.support.servers import LOOPBACK, free_port, initialise, settings_env, start, taizhang_command

ADMIN, PASSWORD = "boss", "correct-horse-battery-9"


def test_no_answer_comes_from_read_models_behind_the_log(tmp_path: Path) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path / "store")
    initialise(settings, ADMIN, PASSWORD)
    app = build_app(settings)
    made = HistoryMaker(app, seed=11, start=datetime.now(UTC), villages=6).make(10_000)
    head = app.recorder.max_notification_id()
    app.close()
    assert made >= 10_000

    today = datetime.now(UTC).date()
    summary = f"/summary?from={today - timedelta(days=1)}&to={today + timedelta(days=30)}"
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    server = start("api", taizhang_command("serve"), settings_env(settings, TAIZHANG_PORT=str(port)), tmp_path)
    answers: list[httpx.Response] = []
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            deadline = time.monotonic() + 120
            while True:  # the first connection the server accepts
                assert server.poll() is None, (tmp_path / "api.log").read_text()
                try:
                    token = client.post("/auth/token", data={"username": ADMIN, "password": PASSWORD})
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the server never accepted a connection"
                    time.sleep(0.01)
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            started = time.monotonic()
            while time.monotonic() - started < 3:
                answers.append(client.get(summary, headers=headers))
            settled = client.get(summary, headers=headers)
    finally:
        server.send_signal(2)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    assert settled.status_code == 200 and settled.json()["position"] == head, settled.text
    expected = settled.json()["figures"]
    for answer in answers:
        if answer.status_code == 503:  # says it is not caught up, and when to ask again
            assert answer.headers["Retry-After"] and answer.json()["code"] == "read_models_behind"
            continue
        assert answer.status_code == 200 and answer.json()["figures"] == expected
    assert any(a.status_code == 200 for a in answers) and len(answers) >= 3
