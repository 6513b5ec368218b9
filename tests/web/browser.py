"""A real server (uvicorn on a free loopback port) and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from taizhang.serving import FAST_SERVER

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# `make screenshots` writes them into docs/screenshots/; an ordinary run keeps the tree clean.
SCREENSHOTS = Path(os.environ.get("TAIZHANG_SCREENSHOTS") or Path(tempfile.gettempdir()) / "taizhang-screenshots")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def require_chromium() -> None:
    """Skip only where no Chromium is installed; CI (TAIZHANG_TEST_BROWSER_REQUIRED=1) fails instead."""
    if CHROMIUM.exists():
        return
    if os.environ.get("TAIZHANG_TEST_BROWSER_REQUIRED") == "1":
        pytest.fail("Chromium is required (TAIZHANG_TEST_BROWSER_REQUIRED=1) but /usr/bin/chromium is missing")
    pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(api: FastAPI) -> Iterator[str]:
    """The app on a loopback port in a background thread, with its lifespan; yields its base address."""
    port = free_port()
    # As `taizhang serve` runs it: httptools, uvloop and one socket write per answer.
    config = uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning", lifespan="on", **FAST_SERVER)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="web-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
