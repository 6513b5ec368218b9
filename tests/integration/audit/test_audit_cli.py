"""The `taizhang audit` commands end to end on the embedded store, as a township clerk runs them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from taizhang.cli.root import cli

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_keygen_checkpoint_prove_export_and_verify(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    assert run("init", "--township", "示例镇", "--code", "demo", "--data", data)[0] == 0
    code, out = run("audit", "checkpoint", "--data", data)
    assert code == 2 and "keygen" in out
    assert run("audit", "keygen", "--data", data)[0] == 0
    code, out = run("audit", "checkpoint", "--data", data)
    assert code == 0 and "tree size:      2" in out
    code, out = run("audit", "prove", "2", "--data", data)
    assert code == 0
    (tmp_path / "proof.json").write_text(out, encoding="utf-8")
    key = str(tmp_path / "d" / "audit" / "checkpoint-public-key.pem")
    assert run("audit", "check-proof", str(tmp_path / "proof.json"), "--public-key", key)[0] == 0
    assert run("audit", "export", str(tmp_path / "out"), "--data", data)[0] == 0
    assert run("audit", "verify", "--export", str(tmp_path / "out"), "--public-key", key)[0] == 0
    assert run("audit", "verify", "--data", data)[0] == 0

    with sqlite3.connect(tmp_path / "d" / "taizhang.sqlite") as db:
        db.execute("UPDATE stored_events SET topic = 'domain.organisation:Township.Forged' WHERE rowid = 2")
    code, out = run("audit", "verify", "--data", data)
    assert code == 1 and "position 2" in out and "topic" in out
