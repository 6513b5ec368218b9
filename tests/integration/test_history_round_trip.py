"""Export the whole history and bring it into an empty store: the same record, marked as imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.errors import InvalidInput
from domain.vocabulary import Category, Source
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.commands.problems import DeadlineRequest
from taizhang.history import export_history, import_history
from tests.stores import store_settings


def some_history(app: Taizhang, clock) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    for n in range(5):
        problem = app.register_problem(
            Source.TOWNSHIP_PATROL, Category.OLD_GARBAGE, village, f"{n}组", "陈年垃圾", "clerk"
        )
        clock.advance(hours=3)
        app.assign_problem(problem.id, DeadlineRequest(working_days=3), "clerk")


def test_an_export_imported_into_an_empty_store_is_the_same_record(app: Taizhang, clock, tmp_path: Path) -> None:
    some_history(app, clock)
    exported = tmp_path / "history.jsonl"
    count = export_history(app, exported)
    assert count == app.recorder.max_notification_id()
    with store_settings("sqlite", tmp_path / "copy") as settings:
        clock.advance(days=1)
        copy = build_app(settings, clock)
        outcome = import_history(copy, exported, "inspector")
        original = app.recorder.select_notifications(start=None, limit=1000)
        imported = copy.recorder.select_notifications(start=None, limit=1000)
        assert [(n.originator_id, n.originator_version, n.topic, n.state) for n in original] == [
            (n.originator_id, n.originator_version, n.topic, n.state) for n in imported[:-1]
        ]
        assert imported[-1].topic == "domain.imports:Import.Recorded"
        assert outcome.position == count + 1
        with pytest.raises(InvalidInput):
            import_history(copy, exported, "inspector")
        copy.close()


def test_a_history_whose_times_go_backwards_is_refused(app: Taizhang, clock, tmp_path: Path) -> None:
    some_history(app, clock)
    exported = tmp_path / "history.jsonl"
    export_history(app, exported)
    lines = exported.read_text(encoding="utf-8").splitlines()
    lines[3], lines[4] = lines[4], lines[3]
    lines = [lines[0]] + [
        json.dumps({**json.loads(line), "position": n}, ensure_ascii=False) for n, line in enumerate(lines[1:], 1)
    ]
    exported.write_text("\n".join(lines), encoding="utf-8")
    with store_settings("sqlite", tmp_path / "copy") as settings:
        copy = build_app(settings, clock)
        with pytest.raises(InvalidInput) as refusal:
            import_history(copy, exported, "inspector")
        assert "第 5 行" in refusal.value.zh and "backwards" in refusal.value.en
        assert not copy.recorder.max_notification_id()
        copy.close()


@pytest.mark.parametrize(
    ("change", "zh", "en"),
    [
        (lambda line: {**line, "topic": "domain.problem:Problem.Dreamt"}, "第 4 行无法解析", "line 4 cannot be read"),
        (lambda line: {**line, "state": line["state"][:-1]}, "第 4 行无法解析", "line 4 cannot be read"),
        (lambda line: {**line, "state": "[1, 2]"}, "第 4 行无法解析", "line 4 cannot be read"),
        (lambda line: {**line, "version": 7}, "第 4 行", "should be at version"),
    ],
    ids=["unknown event type", "state not JSON", "state not an object", "version skipped"],
)
def test_a_bad_line_late_in_the_file_leaves_nothing_written(
    app: Taizhang, clock, tmp_path: Path, change, zh, en
) -> None:
    some_history(app, clock)
    exported = tmp_path / "history.jsonl"
    export_history(app, exported)
    lines = exported.read_text(encoding="utf-8").splitlines()
    lines[3] = json.dumps(change(json.loads(lines[3])), ensure_ascii=False)
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with store_settings("sqlite", tmp_path / "copy") as settings:
        clock.advance(days=1)
        copy = build_app(settings, clock)
        with pytest.raises(InvalidInput) as refusal:
            import_history(copy, exported, "inspector")
        assert zh in refusal.value.zh and en in refusal.value.en
        assert not copy.recorder.max_notification_id()
        copy.close()


def test_a_history_longer_than_one_batch_goes_in_whole_or_not_at_all(app: Taizhang, clock, tmp_path: Path) -> None:
    some_history(app, clock)
    exported = tmp_path / "history.jsonl"
    count = export_history(app, exported)
    assert count > 3 * 4
    with store_settings("sqlite", tmp_path / "whole") as settings:
        clock.advance(days=1)
        whole = build_app(settings, clock)
        assert import_history(whole, exported, "inspector", batch_size=4).position == count + 1
        whole.close()
    lines = exported.read_text(encoding="utf-8").splitlines()
    exported.write_text("\n".join([*lines[:-1], "not json", lines[-1]]) + "\n", encoding="utf-8")  # before the end
    with store_settings("sqlite", tmp_path / "refused") as settings:
        refused = build_app(settings, clock)
        with pytest.raises(InvalidInput) as refusal:
            import_history(refused, exported, "inspector", batch_size=4)
        assert f"line {count + 2} is not JSON" in refusal.value.en
        assert not refused.recorder.max_notification_id()
        refused.close()
