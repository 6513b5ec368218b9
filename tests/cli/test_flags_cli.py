"""``taizhang flags list|review`` on the demo year: the planted flags by name, a review by the inspector only."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from taizhang.cli.root import cli
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_the_inspector_lists_flags_and_dismisses_one_that_stays_dismissed(tmp_path: Path) -> None:
    load_demo(Settings(store="sqlite", data_dir=tmp_path))
    data = ("--data", str(tmp_path))
    code, out = run("flags", "list", "--kind", "reciprocal_pair", "--json", *data)
    assert code == 0, out
    answer = json.loads(out)
    [pair] = answer["rows"]
    assert pair["kind_label"] == "固定搭档验收" and pair["status"] == "open" and len(pair["people"]) == 2
    before = answer["as_of"]["position"]

    code, table = run("flags", "list", *data)
    assert code == 0 and "固定搭档验收" in table and "说明" in table and pair["people"][0] in table

    args = ("flags", "review", pair["key"], "--verdict", "dismissed", "--reason", "两人同在一个片区值班，已核实无异常")
    code, out = run(*args, "--actor", "wang.fang", *data)
    assert code == 2 and "无权" in out
    code, out = run(*args, "--actor", "sun.guohua", *data)
    assert code == 0 and "已记录疑点核查结论" in out, out

    code, out = run("flags", "list", "--status", "dismissed", "--json", *data)
    assert [r["key"] for r in json.loads(out)["rows"]] == [pair["key"]]
    code, out = run("flags", "list", "--status", "dismissed", "--as-of", str(before), "--json", *data)
    assert json.loads(out)["rows"] == []
    code, out = run("flags", "review", "nonsense:key", "--verdict", "dismissed", "--reason", "x",
                    "--actor", "sun.guohua", *data)
    assert code == 2 and "找不到疑点" in out
    code, table = run("flags", "list", "--year", "2022", *data)
    assert code == 0 and "2022年的疑点 0 条" in table
    code, out = run("flags", "list", "--from", "2023-09-01", "--to", "2023-09-30", "--json", *data)
    assert code == 0 and json.loads(out)["period"] == "2023-09-01~2023-09-30"
    code, out = run("flags", "list", "--year", "2023", "--from", "2023-09-01", *data)
    assert code == 2 and "请只选一种" in out
