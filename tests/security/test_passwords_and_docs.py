"""Passwords anyone would guess are refused everywhere one is set; the API's pages load nothing from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_api
from taizhang.cli.root import cli
from taizhang.credentials import WeakPassword, check_password_strength
from taizhang.settings import Settings
from tests.api.conftest import Township
from tests.api.helpers import ok

GUESSABLE = ["password1", "Passw0rd!", "qwerty123", "12345678a", "woaini1314", "iloveyou2"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """What this module checks does not depend on the store: the embedded one is enough."""
    return Settings(store="sqlite", data_dir=tmp_path)


@pytest.mark.parametrize("password", GUESSABLE)
def test_a_common_password_is_refused(password: str) -> None:
    with pytest.raises(WeakPassword):
        check_password_strength(password)


def test_a_password_made_of_ones_own_name_is_refused_but_a_sound_one_is_taken() -> None:
    with pytest.raises(WeakPassword):
        check_password_strength("wangfang2023", "wang.fang", "王芳")
    check_password_strength("Lantern-orbit-2023", "wang.fang")


def test_every_way_of_setting_a_password_holds_the_policy(township: Township) -> None:
    c, as_ = township.client, township.as_
    opened = c.post("/accounts", json={"username": "li.si", "password": "password1", "access_role": "inspector"},
                    headers=as_("admin"))
    assert opened.status_code == 422 and opened.json()["code"] == "weak_password"
    reset = c.post("/accounts/office/password", json={"new_password": "qwerty123"}, headers=as_("admin"))
    assert reset.status_code == 422 and reset.json()["code"] == "weak_password"
    own = c.post("/accounts/me/password", json={"current_password": "test-pass-2023", "new_password": "office2023"},
                 headers=as_("office"))
    assert own.status_code == 422 and own.json()["code"] == "weak_password"
    ok(c.post("/accounts/me/password", json={"current_password": "test-pass-2023",
                                             "new_password": "Quiet-harbour-77"}, headers=as_("office2")))


def test_init_refuses_a_common_administrator_password(tmp_path: object) -> None:
    done = CliRunner().invoke(cli, ["init", "--township", "东风镇", "--code", "dfz", "--admin", "boss",
                                    "--data", str(tmp_path)], env={"TAIZHANG_ADMIN_PASSWORD": "password1"})
    assert done.exit_code == 2 and "密码太常见" in done.output


def test_the_api_pages_load_their_scripts_and_styles_from_the_server_itself(township: Township) -> None:
    for page in ("/docs", "/redoc"):
        html = township.client.get(page).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and all(a.startswith("/docs-assets/") for a in assets), assets
        assert "https://" not in html and "http://" not in html.replace("http://www.w3.org", "")
        for asset in assets:
            assert township.client.get(asset).status_code == 200


def test_the_api_pages_can_be_turned_off() -> None:
    with TestClient(create_api(Settings(store="memory", api_docs=False))) as client:
        assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
        assert client.get("/openapi.json").status_code == 200
