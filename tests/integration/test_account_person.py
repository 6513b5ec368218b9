"""Accounts naming their person on both stores: refusals leave nothing written; history carries the link."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.account import AccessRole
from domain.errors import NotFound, PersonHasAccount, PersonRequired, RoleNotHeld
from domain.vocabulary import Role, UnitKind
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.history import export_history, import_history
from tests.stores import store_settings


def cleaner(app: Taizhang, name: str, village: uuid.UUID) -> uuid.UUID:
    person = app.enrol_person(name, "", "admin").id
    app.take_role(person, Role.CLEANER, UnitKind.VILLAGE, village, date(2023, 1, 1), "admin")
    return person


def test_refused_links_leave_nothing_written(app: Taizhang) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    lijuan = cleaner(app, "李娟", village)
    cadre = app.enrol_person("张军", "", "admin").id
    before = app.recorder.max_notification_id()
    with pytest.raises(PersonRequired):
        app.open_account("li.juan", AccessRole.CLEANER, "admin")
    with pytest.raises(NotFound):
        app.open_account("li.juan", AccessRole.CLEANER, "admin", person_id=uuid.uuid4())
    with pytest.raises(RoleNotHeld):
        app.open_account("zhang.jun", AccessRole.VILLAGE_CADRE, "admin", village, person_id=cadre)
    assert app.recorder.max_notification_id() == before
    app.open_account("li.juan", AccessRole.CLEANER, "admin", person_id=lijuan)
    after = app.recorder.max_notification_id()
    with pytest.raises(PersonHasAccount):
        app.open_account("li.juan2", AccessRole.CLEANER, "admin", person_id=lijuan)
    with pytest.raises(PersonHasAccount):
        app.open_account("wang.office", AccessRole.ENVIRONMENT_OFFICE, "admin")
        app.link_account_person("wang.office", lijuan, "同一人", "admin")
    assert app.recorder.max_notification_id() == after + 1  # the office account opened; its link refused
    app.disable_account("li.juan", "换新账号", "admin")
    app.open_account("li.juan2", AccessRole.CLEANER, "admin", person_id=lijuan)  # a disabled account frees the person
    assert app.account("li.juan2").person_id == lijuan == app.account("li.juan").person_id


def test_a_relink_is_a_fact_with_who_and_when_and_an_access_change_keeps_the_person(app: Taizhang, clock) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    first, namesake = cleaner(app, "李娟", village), cleaner(app, "李娟", village)
    app.open_account("li.juan", AccessRole.CLEANER, "admin", person_id=first)
    clock.advance(days=2)
    outcome = app.link_account_person("li.juan", namesake, "开户时选错了同名人员", "director")
    account = app.account("li.juan")
    assert account.person_id == namesake and account.version == outcome.version == 2
    linked = list(app.repository.event_store.get(account.id))[-1]
    assert (type(linked).__name__, linked.actor, linked.timestamp) == ("PersonLinked", "director", clock.now())
    app.change_access("li.juan", AccessRole.INSPECTOR, None, "调任纪检", "admin")
    app.change_access("li.juan", AccessRole.CLEANER, None, "调回保洁", "admin")
    assert app.account("li.juan").person_id == namesake


def test_the_link_travels_in_an_exported_history(app: Taizhang, clock, tmp_path: Path) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    person = cleaner(app, "李娟", village)
    app.open_account("li.juan", AccessRole.CLEANER, "admin", person_id=person)
    app.open_account("wang.office", AccessRole.ENVIRONMENT_OFFICE, "admin")
    app.link_account_person("wang.office", app.enrol_person("王芳", "", "admin").id, "补登本人", "admin")
    exported = tmp_path / "history.jsonl"
    export_history(app, exported)
    with store_settings("sqlite", tmp_path / "copy") as settings:
        clock.advance(days=1)
        copy = build_app(settings, clock)
        import_history(copy, exported, "inspector")
        assert copy.account("li.juan").person_id == person
        assert copy.account("wang.office").person_id == app.account("wang.office").person_id is not None
        copy.close()


def test_the_command_line_names_the_person_by_name_or_by_id_when_names_are_shared(tmp_path: Path) -> None:
    data = tmp_path / "data"
    runner = CliRunner()
    first = ["init", "--township", "东风镇", "--code", "dfz", "--admin", "boss", "--data", str(data)]
    assert runner.invoke(cli, first, env={"TAIZHANG_ADMIN_PASSWORD": "Tz-admin-2023!x"}).exit_code == 0
    with store_settings("sqlite", data) as settings:
        app = build_app(settings.model_copy(update={"data_dir": data}))
        village = app.register_village("东沟村", "v01", "admin").id
        people = [cleaner(app, "李娟", village), cleaner(app, "李娟", village), cleaner(app, "陈亮", village)]
        app.close()
    opening = ["accounts", "create", "--role", "cleaner", "--password", "cleaner-pass-1", "--actor", "boss",
               "--data", str(data)]
    refused = runner.invoke(cli, [*opening, "--username", "li.juan"])
    assert refused.exit_code == 2 and "必须关联本人" in refused.output
    shared = runner.invoke(cli, [*opening, "--username", "li.juan", "--person", "李娟"])
    assert shared.exit_code == 2 and "有 2 人名为“李娟”" in shared.output and str(people[1]) in shared.output
    assert runner.invoke(cli, [*opening, "--username", "li.juan", "--person", str(people[1])]).exit_code == 0
    assert runner.invoke(cli, [*opening, "--username", "chen.liang", "--person", "陈亮"]).exit_code == 0
    link = [
        "accounts",
        "link",
        "li.juan",
        "--person",
        str(people[0]),
        "--reason",
        "选错了同名人员",
        "--actor",
        "boss",
        "--data",
        str(data),
    ]
    linked = runner.invoke(cli, link)
    assert linked.exit_code == 0 and str(people[0]) in linked.output
    again = runner.invoke(cli, ["accounts", "link", "chen.liang", "--person", str(people[0]), "--reason", "x",
                                "--actor", "boss", "--data", str(data)])
    assert again.exit_code == 2 and "已有账号 li.juan" in again.output
    with store_settings("sqlite", data) as settings:
        app = build_app(settings.model_copy(update={"data_dir": data}))
        assert app.account("li.juan").person_id == people[0] and app.account("chen.liang").person_id == people[2]
        app.close()
