"""``taizhang rankings``, ``pay-sheet`` and ``year-end`` on an embedded store, as JSON and as an Excel file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.projections.assessment_story import spring_2023


def test_rankings_pay_sheet_and_year_end_print_figures_with_rule_versions_and_provenance(tmp_path: Path) -> None:
    clock = SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC))
    app = build_app(Settings(store="sqlite", data_dir=tmp_path), clock)
    app.init_store("simulation", "示例镇", "demo", "admin")
    story = spring_2023(app, clock)
    app.close()
    runner = CliRunner()
    data = ["--data", str(tmp_path), "--json"]

    closed = json.loads(runner.invoke(cli, ["rankings", "2023-03", *data]).output)
    assert closed["frozen"] and closed["rule_version_id"] == "2023-01"
    assert next(r["rank"] for r in closed["rows"]) == 1 and closed["rows"][0]["provenance"]["kind"] == "facts"
    before = json.loads(runner.invoke(cli, ["rankings", "2023-03", "--as-of", str(story.marks[1]), *data]).output)
    assert not before["frozen"] and before["as_of"]["position"] == story.marks[1]

    april = json.loads(runner.invoke(cli, ["pay-sheet", "cleaner_bonus", "2023-04", *data]).output)
    assert april["status"] == "approved"
    assert {r["for_month"] for r in april["rows"]} == {"2023-03", "2023-04"}
    workbook = tmp_path / "april.xlsx"
    result = runner.invoke(
        cli, ["pay-sheet", "cleaner_bonus", "2023-04", "--xlsx", str(workbook), "--data", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "保洁员" in str(load_workbook(workbook).active["A1"].value)

    year_end = json.loads(runner.invoke(cli, ["year-end", "2023", *data]).output)
    mover = next(r for r in year_end["rows"] if r["person"] == "陈联村")
    assert mover["village_months"] == 4 and mover["months_not_closed"] == 8
    table = runner.invoke(cli, ["rankings", "2023-03", "--data", str(tmp_path)])
    assert table.exit_code == 0 and "已结账" in table.output and "2023-01" in table.output
