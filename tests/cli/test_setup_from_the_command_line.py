"""A new record set up with the command line alone gives the read models the browser's set-up gives.

The same township — two villages with groups, four people with their posts, their accounts — is set up
once with ``taizhang`` commands and once through the workspace's forms, on SQLite and on PostgreSQL;
the read models of the two agree (people compared by name: their ids are drawn at random).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_api
from domain.organisation import Village
from domain.people import Person
from projections import queries
from projections.assessment_reader import FactsReader
from projections.runner import Projector
from taizhang.bootstrap import build_app, build_read_store
from taizhang.cli.root import cli
from taizhang.settings import Settings
from tests.stores import store_settings

ADMIN_PASSWORD = "Dongfeng-admin-2026!"
PASSWORD = "Dongfeng-staff-2026!"
VILLAGES = {"v01": ("东沟村", ["一组", "二组"]), "v02": ("西岭村", ["一组"])}
PEOPLE = [  # name, phone, post, village code, group, account, access role
    ("王芳", "13900000001", "environment_office", None, None, "wang.fang", "environment_office"),
    ("陈静", "13900000002", "environment_office", None, None, "chen.jing", "environment_office"),
    ("潘英英", "13900000003", "village_secretary", "v01", None, "pan.yingying", "village_cadre"),
    ("李娟", "13900000004", "cleaner", "v01", "一组", "li.juan", "cleaner"),
]
START = "2026-01-01"


def env_of(settings: Settings) -> dict[str, str]:
    env = {"TAIZHANG_STORE": settings.store, "TAIZHANG_ADMIN_PASSWORD": ADMIN_PASSWORD,
           "TAIZHANG_NEW_PASSWORD": PASSWORD, "TAIZHANG_DATA_DIR": str(settings.data_dir)}
    if settings.store == "postgres":
        env["TAIZHANG_POSTGRES_DSN"] = settings.postgres_dsn or ""
        env["TAIZHANG_POSTGRES_SCHEMA"] = settings.postgres_schema
        env["TAIZHANG_POSTGRES_DBNAME"] = settings.postgres_dbname
    return env


@contextmanager
def a_new_record(store: str, folder: Path) -> Iterator[Settings]:
    """An empty store of the kind asked, made a real record by ``taizhang init`` with its administrator."""
    with store_settings(store, folder) as base:
        settings = base.model_copy(update={"data_dir": folder})
        made = CliRunner().invoke(cli, ["init", "--township", "东风镇", "--code", "dfz", "--admin", "boss"],
                                  env=env_of(settings))
        assert made.exit_code == 0, made.output
        yield settings


def by_command_line(settings: Settings) -> None:
    runner, env = CliRunner(), env_of(settings)

    def run(*args: str) -> None:
        done = runner.invoke(cli, [*args, "--actor", "boss"], env=env)
        assert done.exit_code == 0, (args, done.output)

    for code, (name, groups) in VILLAGES.items():
        run("villages", "register", code, name)
        for group in groups:
            run("villages", "add-group", code, group)
    for name, phone, post, village, group, username, role in PEOPLE:
        run("people", "enrol", name, "--phone", phone)
        where = [*(["--village", village] if village else []), *(["--group", group] if group else [])]
        run("roles", "take", name, "--role", post, "--from", START, *where)
        scope = ["--village", village] if role == "village_cadre" and village else []
        run("accounts", "create", "--username", username, "--role", role, "--person", name, *scope)


def csrf(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)"', page))


def by_browser_forms(settings: Settings) -> None:
    with TestClient(create_api(settings)) as site:
        site.post("/web/login", data={**csrf(site.get("/web/login").text), "username": "boss",
                                      "password": ADMIN_PASSWORD})

        def post(path: str, fields: dict[str, Any], page: str = "/web/setup") -> str:
            answer = site.post(path, data={**csrf(site.get(page).text), **fields})
            assert answer.status_code == 200 and 'role="alert"' not in answer.text, (path, answer.text[:400])
            return str(answer.url)

        for code, (name, groups) in VILLAGES.items():
            post("/web/setup/villages", {"name": name, "code": code})
            for group in groups:
                post(f"/web/setup/villages/{Village.id_for(code)}/groups", {"name": group})
        people: dict[str, str] = {}
        for name, phone, post_code, village, group, _, _ in PEOPLE:
            person_url = post("/web/setup/people", {"name": name, "phone": phone})
            person_id = person_url.rsplit("/", 1)[-1]
            people[name] = person_id
            post(f"/web/setup/people/{person_id}/roles",
                 {"role": post_code, "unit": unit_choice(village, group), "start": START},
                 f"/web/setup/people/{person_id}")
        for name, _, _, village, _, username, role in PEOPLE:
            scope = str(Village.id_for(village)) if role == "village_cadre" and village else ""
            post("/web/setup/accounts", {"person_id": people[name], "username": username, "access_role": role,
                                         "village_id": scope, "password": PASSWORD}, "/web/setup/accounts")


def unit_choice(village: str | None, group: str | None) -> str:
    """The set-up form's choice of where a post is held: a village's and a group's ids follow from their names."""
    if village is None:
        return "township"
    village_id = Village.id_for(village)
    return f"{village_id}/{uuid.uuid5(village_id, f'group:{group}')}" if group else str(village_id)


def read_models(settings: Settings) -> dict[str, Any]:
    """The assessment read model's villages and people, each person by name and without the refs (positions)."""
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings))
    try:
        projector.setup()
        projector.catch_up()
        with projector.store.reading() as tx:
            reader = FactsReader(tx)
            villages = {r["code"]: {k: v for k, v in r.items() if k not in ("ref", "_key")}
                        for r in reader.records("village")}
            people = {r["name"]: r["assignments"] for r in reader.records("person")}
        accounts = sorted((a.username, a.access_role.value, str(a.village_id), person_name(app, a.person_id))
                          for a in app.accounts())
        return {"villages": villages, "people": people, "accounts": accounts,
                "problems": queries.ledger(projector.store).total}
    finally:
        projector.stop()
        projector.store.close()
        app.close()


def person_name(app: Any, person_id: Any) -> str:
    return app.get(Person, person_id, "人员").name if person_id else ""


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_record_set_up_on_the_command_line_has_the_read_models_of_one_set_up_in_the_browser(
    store: str, tmp_path: Path
) -> None:
    with a_new_record(store, tmp_path / "cli") as typed, a_new_record(store, tmp_path / "web") as clicked:
        by_command_line(typed)
        by_browser_forms(clicked)
        from_cli, from_web = read_models(typed), read_models(clicked)
    assert from_cli == from_web
    assert set(from_cli["people"]) == {p[0] for p in PEOPLE} and len(from_cli["villages"]) == 2
    assert len(from_cli["accounts"]) == 5  # the administrator and the four
