"""A problem's whole lifecycle from the command line alone, on SQLite and on PostgreSQL: no API, no token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taizhang.cli.root import cli
from taizhang.settings import Settings
from tests.stores import postgres_schema

PASSWORD = "Tz-desk-2023!x"
PHOTO = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "overview.png"


def environment(settings: Settings) -> dict[str, str]:
    """The TAIZHANG_ variables that name the store ``settings`` describes, as an operator would set them."""
    if settings.store == "sqlite":
        return {"TAIZHANG_STORE": "sqlite"}
    return {"TAIZHANG_STORE": "postgres", "TAIZHANG_POSTGRES_DSN": settings.postgres_dsn or "",
            "TAIZHANG_POSTGRES_SCHEMA": settings.postgres_schema, "TAIZHANG_POSTGRES_DBNAME": settings.postgres_dbname}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_env(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield environment(Settings(store="sqlite"))
    else:
        with postgres_schema() as settings:
            yield environment(settings)


class Desk:
    """The clerk at a terminal: each call is one ``taizhang`` command on the store."""

    def __init__(self, data: Path, env: dict[str, str]) -> None:
        passwords = {"TAIZHANG_ADMIN_PASSWORD": PASSWORD, "TAIZHANG_NEW_PASSWORD": PASSWORD}
        self.data, self.env, self.runner = data, {**env, **passwords}, CliRunner()

    def run(self, *args: str, expect: int = 0) -> str:
        result = self.runner.invoke(cli, [*args, "--data", str(self.data)], env=self.env)
        assert result.exit_code == expect, f"{args}: {result.output}"
        return result.output.strip()


def set_up(desk: Desk) -> None:
    """A new record set up from the command line alone: its administrator, a village, two clerks, a cadre."""
    desk.run("init", "--township", "示例镇", "--code", "sl", "--admin", "boss")
    desk.run("villages", "register", "v01", "东沟村", "--actor", "boss")
    desk.run("villages", "add-group", "v01", "一组", "--actor", "boss")
    for clerk in ("wang.fang", "chen.jing"):
        desk.run("accounts", "create", "--username", clerk, "--role", "environment_office", "--actor", "boss")
    desk.run("people", "enrol", "潘英英", "--phone", "13900000001", "--actor", "boss")
    desk.run("roles", "take", "潘英英", "--role", "village_secretary", "--village", "v01", "--from", "2023-01-01",
             "--actor", "boss")
    desk.run("accounts", "create", "--username", "pan.yingying", "--role", "village_cadre", "--village", "v01",
             "--person", "潘英英", "--actor", "boss")


def test_a_problem_goes_from_registration_to_closing_and_back_on_the_command_line(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    today = date.today()  # a real record runs on the system clock: the dates follow it
    found, due, later = today - timedelta(days=5), today + timedelta(days=20), today + timedelta(days=60)
    desk = Desk(tmp_path / "record", store_env)
    set_up(desk)
    problem = desk.run("problems", "register", "--source", "航拍反馈", "--category", "白色垃圾",
                       "--village", "v01", "--group", "一组", "--place", "村口桥头", "--description", "塑料袋堆积",
                       "--evidence", str(PHOTO), "--occurred-at", f"{found.isoformat()}T09:00:00+08:00",
                       "--actor", "wang.fang", "-q")
    other = desk.run("problems", "register", "--source", "aerial_photo", "--category", "plastic_litter",
                     "--village", "v01", "--place", "村口桥头", "--description", "同一处", "--actor", "wang.fang", "-q")
    desk.run("problems", "void", other, "--kind", "duplicate", "--original", problem, "--reason", "重复登记",
             "--actor", "wang.fang")
    desk.run("problems", "assign", problem, "--due", due.isoformat(), "--actor", "wang.fang")
    desk.run("problems", "extend", problem, "--due", later.isoformat(), "--reason", "雨雪天气", "--approver", "刘强",
             "--actor", "wang.fang")
    desk.run("problems", "report", problem, "--description", "已清理", "--evidence", str(PHOTO), "--labour", "3",
             "--tonnes", "0.5", "--actor", "pan.yingying")
    refused = desk.run("problems", "pass", problem, "--actor", "pan.yingying", expect=2)
    assert "（村干部）无权验收整改" in refused
    desk.run("problems", "send-back", problem, "--reason", "桥下仍有垃圾", "--actor", "wang.fang")
    desk.run("problems", "report", problem, "--description", "桥下也已清理", "--evidence", str(PHOTO),
             "--actor", "chen.jing")
    refused = desk.run("problems", "pass", problem, "--actor", "chen.jing", expect=2)
    assert "不能验收自己的整改" in refused and "may not verify" in refused
    desk.run("problems", "pass", problem, "--actor", "wang.fang")
    assert "已销号（按期）" in desk.run("problems", "close", problem, "--actor", "wang.fang")
    desk.run("problems", "reopen", problem, "--reason", "复查发现反弹", "--due", later.isoformat(),
             "--actor", "wang.fang")
    stale = desk.run("problems", "close", problem, "--actor", "wang.fang", "--expected-version", "2", expect=2)
    assert "已被他人修改" in stale

    shown = json.loads(desk.run("problems", "show", problem, "--json"))
    assert shown["stage"] == "reopened" and shown["village"] == "东沟村"
    assert [s["step"] for s in shown["timeline"]] == [
        "问题登记", "交办", "延期", "整改上报", "验收退回", "整改上报", "验收通过", "销号", "重新打开",
    ]
    assert shown["timeline"][4]["reason"] == "桥下仍有垃圾" and shown["timeline"][3]["actor"] == "pan.yingying"
    assert shown["timeline"][5]["actor"] == "chen.jing"
    assert shown["timeline"][3]["actor_name"] == "潘英英"  # the person the account names, not its username
    table = desk.run("problems", "show", problem)
    assert "阶段：已重新打开" in table and "来源：航拍反馈" in table and "村：东沟村 一组" in table
    assert "潘英英" in table and "pan.yingying" not in table
    voided = json.loads(desk.run("problems", "show", other, "--json"))
    assert voided["stage"] == "voided"
    counts = json.loads(desk.run("projections", "counts", "--by", "stage", "--json"))
    assert {row["stage"]: row["count"] for row in counts["rows"]}["reopened"] == 1


def test_a_command_acts_only_as_an_open_account_allowed_the_step_and_records_nothing_otherwise(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    desk = Desk(tmp_path / "record", store_env)
    set_up(desk)
    problem = desk.run("problems", "register", "--source", "航拍反馈", "--category", "白色垃圾", "--village", "v01",
                       "--place", "村口桥头", "--description", "塑料袋堆积", "--actor", "wang.fang", "-q")
    desk.run("accounts", "disable", "chen.jing", "--reason", "调离", "--actor", "boss")
    head = log_head(desk)
    refusals = {
        "no.such.account": "没有账号“no.such.account”",
        "chen.jing": "账号“chen.jing”已停用",
        "pan.yingying": "账号“pan.yingying”（村干部）无权交办问题",
    }
    for actor, said in refusals.items():
        refused = desk.run("problems", "assign", problem, "--working-days", "5", "--actor", actor, expect=2)
        assert said in refused
    # The same table decides every step the command line offers, as it does on the API.
    refused = desk.run("villages", "register", "v02", "西岭村", "--actor", "pan.yingying", expect=2)
    assert "无权登记村" in refused
    assert log_head(desk) == head
    assert json.loads(desk.run("problems", "show", problem, "--json"))["stage"] == "registered"


def log_head(desk: Desk) -> int:
    rows = json.loads(desk.run("projections", "status", "--json"))["rows"]
    return int(rows[0]["head"])
