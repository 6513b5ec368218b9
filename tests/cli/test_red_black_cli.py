"""The red and black list (红黑榜) of a quarter, published beside its bulletin: top and bottom villages by the mean of
their frozen ranks, each village's overdue problems and open cases; it regenerates byte for byte, later cases aside."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_the_third_quarters_list_names_the_back_band_villages_case_and_regenerates(tmp_path: Path) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path)
    load_demo(settings)
    data = ("--data", str(tmp_path))
    code, out = run("cases", "triggers", "--json", *data)
    fired = [t for t in json.loads(out)["rows"] if t["trigger_key"].startswith("back_band:2023Q3:")]
    code, _ = run("cases", "open", fired[0]["trigger_key"], "--actor", "sun.guohua", *data)
    assert code == 0

    code, missing = run("bulletins", "red-black", "2023", "3", *data)
    assert code == 2 and "尚未发布" in missing
    code, refused = run("bulletins", "publish-red-black", "2023", "3", "--actor", "sun.guohua", *data)
    assert code == 2 and "无权" in refused
    code, published = run("bulletins", "publish-red-black", "2023", "3", "--actor", "wang.fang", *data)
    assert code == 0, published
    assert "第三季度红黑榜" in published and "一、红榜" in published and "二、黑榜" in published
    assert "未结问责案件 1 件" in published

    app = build_app(settings)
    try:
        bulletin = app.bulletin(2023, 3)
        assert bulletin is not None and bulletin.text_sha256[:16] in published
        case_village = fired[0]["reason"]  # the case's village is on the black list with its open case
        assert case_village and app.regenerate_red_black_list(2023, 3) == published
    finally:
        app.close()
    # A second case opened afterwards: the published list does not move.
    code, _ = run("cases", "open", fired[1]["trigger_key"], "--actor", "sun.guohua", *data)
    code, again = run("bulletins", "red-black", "2023", "3", *data)
    assert code == 0 and again == published
    code, out = run("bulletins", "publish-red-black", "2023", "3", "--actor", "wang.fang", *data)
    assert code == 2 and "已发布" in out
