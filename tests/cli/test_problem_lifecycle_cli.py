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
        self.data, self.env, self.runner = data, env, CliRunner()

    def run(self, *args: str, expect: int = 0) -> str:
        result = self.runner.invoke(cli, [*args, "--data", str(self.data)], env=self.env)
        assert result.exit_code == expect, f"{args}: {result.output}"
        return result.output.strip()


def test_a_problem_goes_from_registration_to_closing_and_back_on_the_command_line(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    today = date.today()  # a real record runs on the system clock: the dates follow it
    found, due, later = today - timedelta(days=5), today + timedelta(days=20), today + timedelta(days=60)
    desk = Desk(tmp_path / "record", store_env)
    desk.run("init", "--township", "示例镇", "--code", "sl")
    desk.run("villages", "register", "v01", "东沟村", "--actor", "wang.fang")
    desk.run("villages", "add-group", "v01", "一组", "--actor", "wang.fang")
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
    assert "不能验收自己的整改" in refused and "may not verify" in refused
    desk.run("problems", "send-back", problem, "--reason", "桥下仍有垃圾", "--actor", "wang.fang")
    desk.run("problems", "report", problem, "--description", "桥下也已清理", "--evidence", str(PHOTO),
             "--actor", "pan.yingying")
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
    table = desk.run("problems", "show", problem)
    assert "阶段：已重新打开" in table and "来源：航拍反馈" in table and "村：东沟村 一组" in table
    voided = json.loads(desk.run("problems", "show", other, "--json"))
    assert voided["stage"] == "voided"
    counts = json.loads(desk.run("projections", "counts", "--by", "stage", "--json"))
    assert {row["stage"]: row["count"] for row in counts["rows"]}["reopened"] == 1
