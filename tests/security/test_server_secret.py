"""A real record is never served with a secret anyone can read; a simulation may use the development one."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_api
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.server_secret import SECRET_FILE, UnsafeSecret
from taizhang.settings import DEVELOPMENT_SECRET, Settings
from tests.api.conftest import FAST_HASHER

ADMIN_PASSWORD = "Lantern-orbit-2023"


def initialised(tmp_path: Path, **env: str) -> Settings:
    """``taizhang init`` of a real township with an administrator, as an operator runs it."""
    runner = CliRunner()
    done = runner.invoke(
        cli, ["init", "--township", "东风镇", "--code", "dfz", "--admin", "boss", "--data", str(tmp_path)],
        env={"TAIZHANG_ADMIN_PASSWORD": ADMIN_PASSWORD, **env},
    )
    assert done.exit_code == 0, done.output
    return Settings(store="sqlite", data_dir=tmp_path)


def forged(username: str) -> dict[str, str]:
    """A token for ``username`` signed with the development secret, which anyone can read in the source."""
    now = datetime.now(UTC)
    claims = {"sub": username, "aud": "taizhang", "iat": now, "exp": now + timedelta(minutes=5), "gen": 0}
    return {"Authorization": f"Bearer {jwt.encode(claims, DEVELOPMENT_SECRET, algorithm='HS256')}"}


def test_init_writes_a_random_secret_only_its_owner_can_read(tmp_path: Path) -> None:
    initialised(tmp_path)
    path = tmp_path / SECRET_FILE
    secret = path.read_text().strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(secret) >= 32 and secret != DEVELOPMENT_SECRET
    other = initialised(tmp_path / "other").data_dir / SECRET_FILE
    assert other.read_text().strip() != secret


def test_a_token_forged_with_the_development_secret_is_refused_by_a_real_record(tmp_path: Path) -> None:
    settings = initialised(tmp_path)
    with TestClient(create_api(settings, password_hasher=FAST_HASHER)) as client:
        assert client.get("/accounts/me", headers=forged("boss")).status_code == 401
        body = {"username": "mole", "password": "Quiet-harbour-77", "access_role": "township_admin"}
        assert client.post("/accounts", json=body, headers=forged("boss")).status_code == 401
        token = client.post("/auth/token", data={"username": "boss", "password": ADMIN_PASSWORD}).json()
        me = client.get("/accounts/me", headers={"Authorization": f"Bearer {token['access_token']}"})
        assert me.status_code == 200 and me.json()["username"] == "boss"


def test_a_real_record_without_its_secret_is_not_served(tmp_path: Path) -> None:
    settings = initialised(tmp_path)
    (tmp_path / SECRET_FILE).unlink()
    with pytest.raises(UnsafeSecret):
        create_api(settings)
    with pytest.raises(UnsafeSecret):
        create_api(settings.model_copy(update={"secret_key": DEVELOPMENT_SECRET}))
    served = CliRunner().invoke(cli, ["serve", "--data", str(tmp_path)])
    assert served.exit_code == 2 and "TAIZHANG_SECRET_KEY" in served.output
    again = CliRunner().invoke(cli, ["secret-key", "--data", str(tmp_path)])
    assert again.exit_code == 0 and (tmp_path / SECRET_FILE).exists()
    with TestClient(create_api(settings)) as client:  # served again once it has a secret of its own
        assert client.get("/accounts/me", headers=forged("boss")).status_code == 401


def test_a_secret_file_others_can_read_is_refused(tmp_path: Path) -> None:
    settings = initialised(tmp_path)
    (tmp_path / SECRET_FILE).chmod(0o644)
    with pytest.raises(UnsafeSecret, match="chmod 600"):
        create_api(settings)
    served = CliRunner().invoke(cli, ["serve", "--data", str(tmp_path)])
    assert served.exit_code == 2 and "chmod 600" in served.output


def test_an_unmarked_store_is_treated_as_real(tmp_path: Path) -> None:
    with pytest.raises(UnsafeSecret):
        create_api(Settings(store="sqlite", data_dir=tmp_path))


def test_a_given_secret_is_used_and_a_short_one_refused(tmp_path: Path) -> None:
    settings = initialised(tmp_path, TAIZHANG_SECRET_KEY="k" * 40)
    assert not (tmp_path / SECRET_FILE).exists()  # the operator keeps it elsewhere
    with TestClient(create_api(settings.model_copy(update={"secret_key": "k" * 40}))) as client:
        assert client.app.state.context.secret == "k" * 40  # type: ignore[attr-defined]  # the FastAPI app
    with pytest.raises(ValueError, match="at least 32"):
        Settings(secret_key="short")


def test_a_simulation_may_use_the_development_secret(tmp_path: Path) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path)
    app = build_app(settings)
    app.init_store("simulation", "示例镇", "demo", "admin")
    api = create_api(settings, application=app)
    assert api.state.context.secret == DEVELOPMENT_SECRET
    app.close()
