"""A history file is let into an empty store only when it proves what it is, and says plainly what it could not.

A history cut short, a line edited (actor and place changed), and a topic that made the importer
import a module the file named (``this:s`` printed the Zen of Python) were all once accepted.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.errors import InvalidInput
from domain.vocabulary import Category, Source
from taizhang.application import Taizhang
from taizhang.audit import keys
from taizhang.audit.merkle import RootAccumulator
from taizhang.audit.stores import audit_service
from taizhang.audit.verifier import AuditedEvent
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.clock import SimulatedClock
from taizhang.history import export_history, import_history
from taizhang.settings import Settings
from tests.stores import store_settings

Lines = list[dict[str, object]]


def record(app: Taizhang, problems: int = 12) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    for n in range(problems):
        app.register_problem(Source.TOWNSHIP_PATROL, Category.INFORMAL_DUMP, village, f"村口{n}", "堆放", "wang.fang")


def exported(app: Taizhang, settings: Settings, tmp_path: Path, signed: bool) -> Path:
    path = tmp_path / "history.jsonl"
    audit = None
    if signed:
        keys.generate(tmp_path / "keys")
        audit = audit_service(app, settings, tmp_path / "keys")
        audit.checkpoint()
    export_history(app, path, audit)
    return path


def rewrite(path: Path, change: Callable[[Lines], Lines], reseal: bool = False) -> None:
    """Change the file's lines; ``reseal``: recompute its closing line, as a forger would."""
    lines: Lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    lines = change(lines)
    if reseal:
        events = [line for line in lines[1:] if "end" not in line]
        tree = RootAccumulator()
        for e in events:
            tree.add_leaf(AuditedEvent(int(e["position"]), str(e["aggregate_id"]), int(e["version"]),  # type: ignore[call-overload]
                                       str(e["topic"]), str(e["state"]).encode()).leaf())
        lines = [lines[0], *events, {"end": "taizhang-history", "events": len(events),
                                     "last_position": events[-1]["position"], "merkle_root": tree.root().hex()}]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")


def importing(path: Path, tmp_path: Path, clock: SimulatedClock, public_key: str | None = None) -> tuple[str, ...]:
    """Import into a fresh SQLite store; the checks said, or the refusal raised (the store left empty)."""
    with store_settings("sqlite", tmp_path / "copy") as settings:
        clock.advance(days=1)
        copy = build_app(settings, clock)
        try:
            return import_history(copy, path, "sun.guohua", public_key=public_key).checks
        except InvalidInput:
            assert not copy.recorder.max_notification_id(), "a refused import left events behind"
            raise
        finally:
            copy.close()


def refused(path: Path, tmp_path: Path, clock: SimulatedClock, public_key: str | None = None) -> InvalidInput:
    with pytest.raises(InvalidInput) as refusal:
        importing(path, tmp_path, clock, public_key)
    return refusal.value


def test_a_history_cut_short_is_refused(app: Taizhang, settings: Settings, clock: SimulatedClock,
                                        tmp_path: Path) -> None:
    record(app)
    path = exported(app, settings, tmp_path, signed=False)
    rewrite(path, lambda lines: [*lines[:-6], lines[-1]])  # the last five events gone, the closing line kept
    assert "closing line's events" in refused(path, tmp_path, clock).en
    rewrite(path, lambda lines: lines[:-1])  # and without its closing line
    assert "no closing line" in refused(path, tmp_path, clock).en


def test_a_version_1_file_cut_short_is_refused_by_its_header(app: Taizhang, settings: Settings,
                                                             clock: SimulatedClock, tmp_path: Path) -> None:
    record(app)
    path = exported(app, settings, tmp_path, signed=False)
    rewrite(path, lambda lines: [{**lines[0], "version": 1}, *lines[1:-6]])
    assert "the header says the last position" in refused(path, tmp_path, clock).en


def test_an_edited_line_is_caught_by_the_signed_checkpoint_even_resealed(
    app: Taizhang, settings: Settings, clock: SimulatedClock, tmp_path: Path
) -> None:
    record(app)
    path = exported(app, settings, tmp_path, signed=True)
    public = str(tmp_path / "keys" / keys.PUBLIC_KEY_FILE)  # the published key: a file, as an inspector has it
    checks = importing(path, tmp_path / "sound", clock, public)
    assert any("已用给定的公钥" in c for c in checks) and any("与签名检查点一致" in c for c in checks)

    def edit(lines: Lines) -> Lines:
        line = lines[5]
        state = str(line["state"]).replace("wang.fang", "li.si").replace("村口3", "河堤")
        return [*lines[:5], {**line, "state": state}, *lines[6:]]

    rewrite(path, edit)
    assert "closing line's merkle_root" in refused(path, tmp_path / "edited", clock, public).en
    rewrite(path, lambda lines: lines, reseal=True)  # the forger recomputes the closing line's root
    assert "signed checkpoint's root" in refused(path, tmp_path / "resealed", clock, public).en


def test_a_file_without_a_checkpoint_is_said_to_be_unauthenticated(app: Taizhang, settings: Settings,
                                                                   clock: SimulatedClock, tmp_path: Path) -> None:
    record(app)
    path = exported(app, settings, tmp_path, signed=False)
    checks = importing(path, tmp_path, clock)
    assert any("未附带签名检查点" in c for c in checks)
    settings_of_copy = Settings(store="sqlite", data_dir=tmp_path / "cli")
    done = CliRunner().invoke(cli, ["history", "import", str(path), "--actor", "sun.guohua",
                                    "--data", str(settings_of_copy.data_dir)])
    assert done.exit_code == 0 and "核验：文件未附带签名检查点" in done.output


@pytest.mark.parametrize("where", ["topic", "originator_topic"])
def test_a_topic_naming_a_module_is_refused_without_importing_it(app: Taizhang, settings: Settings,
                                                                 clock: SimulatedClock, tmp_path: Path,
                                                                 where: str) -> None:
    record(app)
    path = exported(app, settings, tmp_path, signed=False)
    sys.modules.pop("this", None)

    def plant(lines: Lines) -> Lines:
        line = lines[2]
        if where == "topic":
            return [*lines[:2], {**line, "topic": "this:s"}, *lines[3:]]
        state = json.loads(str(line["state"]))
        return [*lines[:2], {**line, "state": json.dumps({**state, "originator_topic": "this:s"})}, *lines[3:]]

    rewrite(path, plant, reseal=True)
    refusal = refused(path, tmp_path, clock)
    assert "line 3 cannot be read" in refusal.en and "this product" in refusal.en
    assert "this" not in sys.modules, "the importer imported a module the file named"
