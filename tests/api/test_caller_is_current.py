"""A signed-in account is remembered between requests, yet every change to it counts at the next request.

The change is made by another application instance on the same store — as another API worker or the
command line would — so nothing in this server's memory hears of it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.account import AccessRole
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.settings import Settings
from tests.api.conftest import Township
from tests.api.helpers import ok


@pytest.fixture
def elsewhere(settings: Settings) -> Iterator[Taizhang]:
    """A second application on the same store, like a second worker process."""
    other = build_app(settings)
    yield other
    other.close()


def test_an_account_disabled_elsewhere_is_refused_at_its_next_request(township: Township, elsewhere: Taizhang) -> None:
    c = township.client
    for _ in range(3):  # remembered by now
        assert ok(c.get("/accounts/me", headers=township.as_("inspector")))["username"] == "inspector"
    elsewhere.disable_account("inspector", "调离岗位", "admin")
    answer = c.get("/accounts/me", headers=township.as_("inspector"))
    assert answer.status_code == 401, answer.text
    assert "disabled" in answer.text
    assert ok(c.get("/accounts/me", headers=township.as_("office")))["username"] == "office"  # others unaffected


def test_an_api_key_of_an_account_disabled_elsewhere_is_refused_at_once(
    township: Township, elsewhere: Taizhang
) -> None:
    c = township.client
    issued = ok(c.post("/accounts/cleaner/api-keys", json={"label": "导出"}, headers=township.as_("admin")), 201)
    key = {"X-API-Key": issued["api_key"]}
    assert ok(c.get("/accounts/me", headers=key))["username"] == "cleaner"
    elsewhere.disable_account("cleaner", "离职", "admin")
    assert c.get("/accounts/me", headers=key).status_code == 401


def test_access_changed_elsewhere_applies_at_the_next_request(township: Township, elsewhere: Taizhang) -> None:
    c = township.client
    village = {"name": "南坡村", "code": "v03"}
    assert c.post("/villages", json=village, headers=township.as_("office2")).status_code != 403
    elsewhere.change_access("office2", AccessRole.INSPECTOR, None, "改任巡查", "admin")
    assert (
        c.post("/villages", json={"name": "北坡村", "code": "v04"}, headers=township.as_("office2")).status_code == 403
    )
    assert ok(c.get("/accounts/me", headers=township.as_("office2")))["access_role"] == "inspector"
