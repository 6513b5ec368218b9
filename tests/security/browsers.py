"""A browser signed in to the web workspace of the API tests' township."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import PASSWORD, Township
from tests.web.conftest import csrf_of


def web_browser(township: Township, username: str) -> TestClient:
    client = TestClient(township.api, follow_redirects=True)
    page = client.get("/web/login")
    answer = client.post("/web/login", data={"username": username, "password": PASSWORD,
                                              "csrf_token": csrf_of(page.text), "next": "/"})
    assert answer.status_code == 200 and "退出" in answer.text, answer.text[:300]
    return client
