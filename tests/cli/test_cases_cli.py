"""``taizhang cases …`` on the demo year: a village twice in 后进 in a quarter is opened against those who held the
posts then, carried through 约谈, commitment and follow-up, and closed by an inspector other than its opener."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from domain.account import AccessRole
from taizhang.accounts import AccountDesk
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.cli.root import cli
from taizhang.credentials import Credentials
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_a_back_band_village_is_opened_carried_and_closed_by_another_inspector(tmp_path: Path) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path)
    load_demo(settings)
    data = ("--data", str(tmp_path))
    code, out = run("cases", "triggers", "--json", *data)
    assert code == 0, out
    fired = json.loads(out)["rows"]
    back = [t for t in fired if t["trigger_key"].startswith("back_band:2023Q3:")]
    assert back and all("后进" in t["reason"] for t in back)
    roles = {p["role"] for p in back[0]["people"]}
    assert roles == {"village_secretary", "village_contact_cadre", "leader_in_charge"}

    code, out = run("cases", "open", back[0]["trigger_key"], "--actor", "wang.fang", *data)
    assert code == 2 and "无权" in out
    code, out = run("cases", "open", back[0]["trigger_key"], "--actor", "sun.guohua", "--quiet", *data)
    assert code == 0, out
    case = out.strip()
    for step in (["interview", case, "--held-on", "2024-01-15", "--attendee", "潘晓", "--minutes", "约谈村支部书记"],
                 ["commit", case, "--what", "一个月内清理积存垃圾", "--due", "2027-02-15"],
                 ["follow-up", case, "--met", "--note", "回访核查已清理"]):
        code, out = run("cases", *step, "--actor", "sun.guohua", *data)
        assert code == 0, out
    code, out = run("cases", "close", case, "--note", "整改到位", "--actor", "sun.guohua", *data)
    assert code == 2 and "立案的人不能结案" in out

    # A second inspector (an account the administrator opens) closes it.
    app = build_app(settings)
    try:
        tables = build_side_tables(settings)
        AccountDesk(app, Credentials(tables)).open("jijian.two", "second-inspector-2024", AccessRole.INSPECTOR,
                                                   "liu.qiang", display_name="纪检二")
        tables.close()
    finally:
        app.close()
    code, out = run("cases", "list", "--json", *data)
    before_closing = json.loads(out)["as_of"]["position"]
    code, out = run("cases", "close", case, "--note", "整改到位", "--actor", "jijian.two", *data)
    assert code == 0, out
    # The list reads the cases read model: as of the position before the closing, the case stood followed up.
    code, out = run("cases", "list", "--json", "--as-of", str(before_closing), *data)
    assert code == 0, out
    [then] = [c for c in json.loads(out)["rows"] if c["id"] == case]
    assert then["stage"] == "followed_up" and len(then["positions"]) == 4
    code, out = run("cases", "list", "--json", *data)
    [now] = [c for c in json.loads(out)["rows"] if c["id"] == case]
    assert now["stage"] == "closed" and now["positions"][:4] == then["positions"] and len(now["positions"]) == 5
    code, out = run("cases", "list", *data)
    assert code == 0 and "已结案" in out and re.search("潘晓|村支部书记", out)
