"""The whole demo history exported and imported through the command line gives identical read models."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from projections.runner import Projector
from taizhang.bootstrap import build_app, build_read_store
from taizhang.cli.root import cli
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings
from tests.projections.helpers import contents

FIGURE_TABLES = ("rm_ledger", "rm_units", "rm_campaign", "rm_assessment", "rm_evidence", "rm_holders")


def read_models(data: Path) -> dict[str, list]:
    settings = Settings(store="sqlite", data_dir=data)
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings))
    try:
        projector.setup()
        projector.catch_up()
        dump = contents(projector)
    finally:
        projector.store.close()
        app.close()
    return {name: rows for name, rows in dump.items() if name.startswith(FIGURE_TABLES)}


def import_record_id(data: Path) -> str:
    app = build_app(Settings(store="sqlite", data_dir=data))
    try:
        last = app.recorder.select_notifications(start=app.recorder.max_notification_id(), limit=1)[0]
    finally:
        app.close()
    assert last.topic == "domain.imports:Import.Recorded"
    return str(last.originator_id)


def test_export_then_import_reproduces_every_read_model(tmp_path: Path) -> None:
    source, copy, exported = tmp_path / "source", tmp_path / "copy", tmp_path / "history.jsonl"
    load_demo(Settings(store="sqlite", data_dir=source))
    runner = CliRunner()
    done = runner.invoke(cli, ["history", "export", str(exported), "--data", str(source)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(cli, ["history", "import", str(exported), "--actor", "sun.guohua", "--data", str(copy)])
    assert done.exit_code == 0, done.output
    original, imported = read_models(source), read_models(copy)
    assert set(original) == set(imported) and len(original) >= 6 and all(original.values())
    # The copy also holds the import itself, citing the file it came from: that is its only addition.
    import_id = import_record_id(copy)
    marked = {name: [r for r in rows if import_id in r] for name, rows in imported.items()}
    assert marked["rm_evidence"] and marked["rm_holders"]
    assert original == {name: [r for r in rows if import_id not in r] for name, rows in imported.items()}
    again = runner.invoke(cli, ["history", "import", str(exported), "--actor", "sun.guohua", "--data", str(copy)])
    assert again.exit_code == 2 and "空数据库" in again.output
