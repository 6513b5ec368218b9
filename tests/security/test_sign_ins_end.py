"""Changing a password, resetting it or signing out ends the sign-ins made before, at once, on both stores.

Tokens once lived until they expired whatever happened to the password. A token now carries its
account's sign-in generation, which the server compares with the account's on every request.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taizhang.settings import Settings
from tests.api.conftest import Township, sign_in
from tests.api.helpers import ok
from tests.security.browsers import web_browser
from tests.web.conftest import csrf_of


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """What this module checks does not depend on the store: the embedded one is enough."""
    return Settings(store="sqlite", data_dir=tmp_path)


def test_a_password_change_ends_the_earlier_tokens_and_not_the_new_one(township: Township) -> None:
    c = township.client
    old, other_device = township.as_("office"), sign_in(c, "office")
    ok(c.post("/accounts/me/password", json={"current_password": "test-pass-2023",
                                             "new_password": "Quiet-harbour-77"}, headers=old))
    for token in (old, other_device):
        refused = c.get("/accounts/me", headers=token)
        assert refused.status_code == 401 and "登录已失效" in refused.json()["message_zh"]
    ok(c.get("/accounts/me", headers=sign_in(c, "office", "Quiet-harbour-77")))


def test_an_administrators_reset_ends_the_accounts_tokens(township: Township) -> None:
    c = township.client
    ok(c.post("/accounts/cleaner/password", json={"new_password": "Lantern-orbit-2023"}, headers=township.as_("admin")))
    assert c.get("/accounts/me", headers=township.as_("cleaner")).status_code == 401
    assert c.get("/accounts/me", headers=township.as_("admin")).status_code == 200  # only that account's


def test_signing_out_on_the_web_ends_the_session_token_even_if_kept(township: Township) -> None:
    browser = web_browser(township, "inspector")
    kept = browser.cookies.get("taizhang_session")
    assert kept and browser.get("/web/ledger").status_code == 200
    page = browser.get("/web/").text
    browser.post("/web/logout", data={"csrf_token": csrf_of(page)})
    replayed = township.client.get("/accounts/me", headers={"Authorization": f"Bearer {kept}"})
    assert replayed.status_code == 401
    thief = web_browser(township, "office")  # another browser, with the stolen cookie put back
    thief.cookies.set("taizhang_session", kept)
    assert thief.get("/web/ledger", follow_redirects=False).status_code == 303
    assert township.client.get("/accounts/me", headers=township.as_("office")).status_code == 200
