"""The web workspace over the seeded township, and a browser-like client per signed-in person."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_api
from taizhang.application import Taizhang
from taizhang.bootstrap import build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.api.conftest import FAST_HASHER
from tests.web.township import PASSWORD, Seeded, seed

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


@dataclass
class Site:
    api: FastAPI
    app: Taizhang
    clock: SimulatedClock
    seeded: Seeded

    def browser(self) -> TestClient:
        return TestClient(self.api, follow_redirects=True)

    def signed_in(self, username: str) -> TestClient:
        client = self.browser()
        page = client.get("/web/login")
        answer = client.post("/web/login", data={"username": username, "password": PASSWORD,
                                                  "csrf_token": csrf_of(page.text), "next": "/"})
        assert answer.status_code == 200 and "退出" in answer.text, answer.text[:500]
        return client


def settle(api: FastAPI, app: Taizhang) -> None:
    """Start each test with the read models holding the whole seed (they catch up in the background)."""
    [web] = [route for route in api.routes if getattr(route, "path", "") == "/web"]
    web.app.state.workspace.settle(app.recorder.max_notification_id() or 0)  # type: ignore[attr-defined]


@pytest.fixture
def site(settings: Settings, app: Taizhang, clock: SimulatedClock) -> Iterator[Site]:
    tables = build_side_tables(settings)
    api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
    seeded = seed(app, clock, api.state.context)
    with TestClient(api):  # runs the lifespan: the read models are kept current
        settle(api, app)
        yield Site(api, app, clock, seeded)
    tables.close()
