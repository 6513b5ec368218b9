"""The red and black list (红黑榜) of a quarter, carried by its bulletin: top and bottom villages by the mean of their
frozen ranks, each village's overdue problems and open cases; printed for posting in Word and Excel; a second list
beside the bulletin is refused; it regenerates byte for byte, later cases aside."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from domain.assessment.bulletin import bulletin_sha256
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_the_third_quarters_bulletin_carries_its_list_prints_it_for_posting_and_refuses_a_second(
    tmp_path: Path,
) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path)
    load_demo(settings)
    data = ("--data", str(tmp_path))

    code, listed = run("bulletins", "red-black", "2023", "3", "--docx", str(tmp_path / "榜.docx"),
                       "--xlsx", str(tmp_path / "榜.xlsx"), *data)
    assert code == 0, listed
    assert listed.startswith("东坪镇全域无垃圾治理2023年第三季度红黑榜\n") and "（一）红榜" in listed
    assert "（二）黑榜" in listed and "本榜为2023年第3季度通报第四部分" in listed
    code, shown = run("bulletins", "show", "2023", "3", "--json", *data)
    bulletin = json.loads(shown)
    assert bulletin["matches"] and "四、红黑榜" in bulletin["text"]
    assert bulletin_sha256(bulletin["text"]) == bulletin["text_sha256"]
    part = bulletin["text"].split("四、红黑榜\n", 1)[1].split("\n\n", 1)[0]
    assert part in listed  # the posted list is the bulletin's own fourth part, word for word

    app = build_app(settings)
    try:
        lists = app.posted_red_black(2023, 3).lists
    finally:
        app.close()
    word = Document(str(tmp_path / "榜.docx"))
    assert word.paragraphs[0].text == "东坪镇全域无垃圾治理2023年第三季度红黑榜"
    red, black = word.tables[0], word.tables[1]
    assert [row.cells[1].text for row in red.rows[1:]] == [s.name for s in lists.red]
    assert [row.cells[1].text for row in black.rows[1:]] == [s.name for s in lists.black]
    assert [row.cells[4].text for row in black.rows[1:]] == [str(s.overdue) for s in lists.black]
    sheet = load_workbook(tmp_path / "榜.xlsx")["红黑榜"]
    rows = [(r[0].value, r[2].value, r[5].value) for r in sheet.iter_rows(min_row=4) if r[0].value in ("红榜", "黑榜")]
    assert rows == [("红榜", s.name, s.overdue) for s in lists.red] + [("黑榜", s.name, s.overdue) for s in lists.black]

    code, refused = run("bulletins", "publish-red-black", "2023", "3", "--actor", "sun.guohua", *data)
    assert code == 2 and "无权" in refused
    code, twice = run("bulletins", "publish-red-black", "2023", "3", "--actor", "wang.fang", *data)
    assert code == 2 and "已载有红黑榜" in twice
    code, missing = run("bulletins", "red-black", "2024", "1", *data)
    assert code == 2 and "尚未发布" in missing

    # A case opened afterwards: the bulletin's list does not move.
    code, out = run("cases", "triggers", "--json", *data)
    fired = [t for t in json.loads(out)["rows"] if t["trigger_key"].startswith("back_band:2023Q3:")]
    code, _ = run("cases", "open", fired[0]["trigger_key"], "--actor", "sun.guohua", *data)
    assert code == 0
    code, again = run("bulletins", "red-black", "2023", "3", *data)
    assert code == 0 and again == listed
