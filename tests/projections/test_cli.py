"""The ``taizhang projections`` commands on an embedded store."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from domain.problem import Problem
from projections.runner import default_models
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.settings import Settings
from tests.support.history import HistoryMaker


def test_rebuild_then_status_and_counts_as_json(tmp_path: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["init", "--township", "示例镇", "--code", "demo", "--data", str(tmp_path)]).exit_code == 0
    )
    app = build_app(Settings(store="sqlite", data_dir=tmp_path))
    HistoryMaker(app, seed=3, villages=3).make(300)
    head = app.recorder.max_notification_id()
    registered = {p.id: p.stage.value for p in app.aggregates_created_by(Problem.Registered, Problem)}
    app.close()
    rebuilt = runner.invoke(cli, ["projections", "rebuild", "--data", str(tmp_path)])
    assert rebuilt.exit_code == 0, rebuilt.output
    status = json.loads(runner.invoke(cli, ["projections", "status", "--json", "--data", str(tmp_path)]).output)
    assert {(r["name"], r["position"], r["lag"]) for r in status["rows"]} == {
        (m.name, head, 0) for m in default_models()
    }
    counted = json.loads(
        runner.invoke(cli, ["projections", "counts", "--by", "stage", "--json", "--data", str(tmp_path)]).output
    )
    by_stage = Counter(stage for stage in registered.values() if stage != "voided")  # counted as the summary counts
    assert registered and {r["stage"]: r["count"] for r in counted["rows"]} == dict(by_stage)
    unknown = runner.invoke(cli, ["projections", "rebuild", "nothing", "--data", str(tmp_path)])
    assert unknown.exit_code == 2
