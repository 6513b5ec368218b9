"""An API over a simulated township with one account per access role, on both stores."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.app import create_api
from domain.account import AccessRole
from domain.vocabulary import Role, UnitKind
from taizhang.accounts import AccountDesk
from taizhang.application import Taizhang
from taizhang.bootstrap import build_side_tables
from taizhang.settings import Settings

PASSWORD = "test-pass-2023"
# Argon2 at its cheapest: the tests check the flow, not the cost parameters.
FAST_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


@dataclass
class Township:
    """The seeded record: two villages and who may sign in."""

    api: FastAPI
    client: TestClient
    app: Taizhang
    village: uuid.UUID
    other_village: uuid.UUID
    headers: dict[str, dict[str, str]]

    def as_(self, username: str, **extra: str) -> dict[str, str]:
        return {**self.headers[username], **extra}


# The people behind the accounts that must name one (a cadre's and a cleaner's), and the role each holds.
PEOPLE = {
    "cadre": ("张军", Role.VILLAGE_CADRE),
    "cadre.other": ("赵敏", Role.VILLAGE_CADRE),
    "cleaner": ("陈亮", Role.CLEANER),
}
USERS = {
    "admin": (AccessRole.TOWNSHIP_ADMIN, None),
    "office": (AccessRole.ENVIRONMENT_OFFICE, None),
    "office2": (AccessRole.ENVIRONMENT_OFFICE, None),
    "cadre": (AccessRole.VILLAGE_CADRE, "village"),
    "cadre.other": (AccessRole.VILLAGE_CADRE, "other_village"),
    "cleaner": (AccessRole.CLEANER, None),
    "inspector": (AccessRole.INSPECTOR, None),
    "reporter": (AccessRole.PUBLIC_REPORTER, None),
}


UPLOADERS = ("admin", "office", "office2", "cadre", "cadre.other", "reporter")
PHOTO_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + "现场照片".encode() * 64  # cited as tests.api.helpers.PHOTO


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    answer = client.post("/auth/token", data={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def township(settings: Settings, app: Taizhang, tmp_path: Path) -> Iterator[Township]:
    settings = settings.model_copy(update={"evidence_dir": tmp_path / "evidence"})
    tables = build_side_tables(settings)
    api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
    desk: AccountDesk = api.state.context.desk
    villages = {
        "village": app.register_village("东沟村", "v01", "setup").id,
        "other_village": app.register_village("西岭村", "v02", "setup").id,
    }
    people = {}
    for username, (name, held) in PEOPLE.items():
        person = app.enrol_person(name, "", "setup").id
        unit = villages[USERS[username][1] or "village"]
        app.take_role(person, held, UnitKind.VILLAGE, unit, date(2023, 1, 1), "setup")
        people[username] = person
    for username, (role, village) in USERS.items():
        desk.open(username, PASSWORD, role, "setup", villages[village] if village else None,
                  person_id=people.get(username))
    with TestClient(api) as client:
        headers = {username: sign_in(client, username) for username in USERS}
        for username in UPLOADERS:  # each may cite tests.api.helpers.PHOTO, as one who uploaded it
            files = {"file": ("photo.jpg", PHOTO_BYTES, "image/jpeg")}
            assert client.post("/evidence", files=files, headers=headers[username]).status_code == 201
        yield Township(api, client, app, villages["village"], villages["other_village"], headers)
    tables.close()
