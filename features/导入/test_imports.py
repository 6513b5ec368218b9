"""Steps of bringing history in (导入): an existing Excel ledger as late entries, a whole exported history."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.imports import Import
from domain.local_time import CHINA
from domain.problem import Problem
from domain.work import WorkRecord
from features.conftest import FEATURE_STORE
from features.support import DAY, NAME, STAGES, Attempt, Names, attempt, day, log_position, photo
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.history import export_history, import_history
from tests.stores import store_settings

scenarios("导入")

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def events(app: Taizhang, after: int = 0) -> list[Any]:
    notifications = app.recorder.select_notifications(start=after + 1, limit=10_000)
    return [app.mapper.to_domain_event(n) for n in notifications]


def imports(app: Taizhang) -> list[Import.Recorded]:
    return [e for e in events(app) if isinstance(e, Import.Recorded)]


# --- the Excel ledger ------------------------------------------------------------------------------


def cell(text: str) -> Any:
    """A clerk's sheet holds dates as dates and counts as numbers; anything else stays as typed."""
    text = text.strip()
    if not text:
        return None
    if ISO_DAY.fullmatch(text):
        return date.fromisoformat(text)
    if NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return text


def workbook(table: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([c.strip() for c in table[0]])
    for row in table[1:]:
        sheet.append([cell(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@given(parsers.re(r"有一份台账“(?P<file_name>[^”]+)”，内容为："), target_fixture="sheet")
def a_sheet(file_name: str, datatable: list[list[str]]) -> tuple[str, bytes]:
    return file_name, workbook(datatable)


@given(parsers.re(r"有一份文件“(?P<file_name>[^”]+)”，内容不是Excel工作簿"), target_fixture="sheet")
def not_a_workbook(file_name: str) -> tuple[str, bytes]:
    return file_name, "来源,类别,村\n航拍反馈,白色垃圾,东沟村\n".encode()


@when(parsers.re(rf"(?P<actor>{NAME})导入该台账"), target_fixture="attempt")
def importing_sheet(app: Taizhang, sheet: tuple[str, bytes], actor: str) -> Attempt:
    file_name, content = sheet
    return attempt(app, lambda: app.import_excel_ledger(content, file_name, actor))


def imported_problems(app: Taizhang, attempt: Attempt) -> dict[str, uuid.UUID]:
    attempt.succeeded()
    return {e.place: e.originator_id for e in events(app, attempt.position_before) if isinstance(e, Problem.Registered)}


@then(parsers.re(r"台账新增(?P<count>\d+)个问题"))
def problems_added(app: Taizhang, attempt: Attempt, count: str) -> None:
    assert len(imported_problems(app, attempt)) == int(count)


@then(parsers.re(rf"“(?P<place>[^”]+)”的问题发生于(?P<occurred>{DAY})，登记于(?P<recorded_on>{DAY})"))
def imported_times(app: Taizhang, attempt: Attempt, place: str, occurred: str, recorded_on: str) -> None:
    problem_id = imported_problems(app, attempt)[place]
    (registered,) = [e for e in app.events.get(problem_id) if isinstance(e, Problem.Registered)]
    assert registered.occurred_at.astimezone(CHINA).date() == day(occurred)
    assert registered.timestamp.astimezone(CHINA).date() == day(recorded_on)


@then(parsers.re(r"“(?P<place>[^”]+)”的问题处于“(?P<stage>[^”]+)”阶段"))
def imported_stage(app: Taizhang, attempt: Attempt, place: str, stage: str) -> None:
    assert app.problem(imported_problems(app, attempt)[place]).stage == STAGES[stage]


@then(parsers.re(r"“(?P<place>[^”]+)”的问题的整改以该台账文件为证据，投入劳动力(?P<labour>\d+)人次"))
def sheet_is_evidence(app: Taizhang, attempt: Attempt, sheet: tuple[str, bytes], place: str, labour: str) -> None:
    problem_id = imported_problems(app, attempt)[place]
    (report,) = [e for e in app.events.get(problem_id) if isinstance(e, Problem.RectificationReported)]
    assert [e["sha256"] for e in report.evidence] == [hashlib.sha256(sheet[1]).hexdigest()]
    assert report.resources["labour_person_times"] == int(labour)


@then(parsers.re(rf"导入记录写明(?P<actor>{NAME})导入了“(?P<file_name>[^”]+)”及其sha256，共(?P<rows>\d+)行"))
def sheet_import_recorded(app: Taizhang, attempt: Attempt, sheet: tuple[str, bytes], actor: str, file_name: str,
                          rows: str) -> None:
    attempt.succeeded()
    (record,) = imports(app)
    assert (record.actor, record.file_name, record.rows) == (actor, file_name, int(rows))
    assert record.sha256 == hashlib.sha256(sheet[1]).hexdigest()
    assert set(record.aggregate_ids) == set(imported_problems(app, attempt).values())


@then(parsers.re(r"被拒绝的是第(?P<rows>[\d、]+)行"))
def rejected_rows(attempt: Attempt, rows: str) -> None:
    assert attempt.error is not None
    assert [r["row"] for r in attempt.error.details["rows"]] == [int(n) for n in rows.split("、")]
    assert all(r["reason"] for r in attempt.error.details["rows"])


# --- the whole history -------------------------------------------------------------------------------


@given(parsers.re(rf"(?P<actor>{NAME})已登记“(?P<village>[^”]+)”修建无害化卫生厕所(?P<count>\d+)座"),
       target_fixture="work_record")
def toilets_recorded(app: Taizhang, names: Names, actor: str, village: str, count: str) -> uuid.UUID:
    return app.record_work("sanitary_toilets_built", Decimal(count), actor, village_id=names.villages[village],
                           evidence=[photo("改厕验收表.jpg")]).id


@pytest.fixture
def new_store(clock: SimulatedClock, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """An empty store on the same clock, for the history to be brought into."""
    opened: dict[str, Any] = {}
    with store_settings(FEATURE_STORE, tmp_path / "new") as settings:
        opened["app"] = build_app(settings, clock)
        yield opened
        opened["app"].close()


@when(parsers.re(rf"(?P<actor>{NAME})导出完整历史"), target_fixture="exported")
def exporting(app: Taizhang, tmp_path: Path, actor: str) -> Path:
    path = tmp_path / "全部历史.jsonl"
    assert export_history(app, path) == log_position(app)
    return path


@when(parsers.re(rf"(?P<actor>{NAME})将导出的历史导入一个空库"), target_fixture="attempt")
def importing_into_empty(new_store: dict[str, Any], exported: Path, actor: str) -> Attempt:
    return attempt(new_store["app"], lambda: import_history(new_store["app"], exported, actor))


@when(parsers.re(rf"(?P<actor>{NAME})将导出的历史导入原库"), target_fixture="attempt")
def importing_into_the_same(app: Taizhang, exported: Path, actor: str) -> Attempt:
    return attempt(app, lambda: import_history(app, exported, actor))


def stored(app: Taizhang) -> list[tuple]:
    return [(n.originator_id, n.originator_version, n.topic, n.state)
            for n in app.recorder.select_notifications(start=None, limit=10_000)]


@then("新库的每条事件与原库相同，登记时间不变，最后另加一条导入记录")
def same_record(app: Taizhang, new_store: dict[str, Any], attempt: Attempt) -> None:
    attempt.succeeded()
    original, copied = stored(app), stored(new_store["app"])
    assert copied[:-1] == original  # the stored state carries each event's recorded time
    assert copied[-1][2] == "domain.imports:Import.Recorded"
    assert [e.timestamp for e in events(new_store["app"])][:-1] == [e.timestamp for e in events(app)]


@then(parsers.re(rf"导入记录写明(?P<actor>{NAME})导入了导出的文件及其sha256"))
def history_import_recorded(new_store: dict[str, Any], exported: Path, actor: str) -> None:
    (record,) = imports(new_store["app"])
    assert (record.actor, record.file_name, record.kind) == (actor, exported.name, Import.FULL_HISTORY)
    assert record.sha256 == hashlib.sha256(exported.read_bytes()).hexdigest()


@then(parsers.re(r"新库中该问题处于“(?P<stage>[^”]+)”阶段"))
def copied_problem(new_store: dict[str, Any], problem: uuid.UUID, stage: str) -> None:
    assert new_store["app"].problem(problem).stage == STAGES[stage]


@then(parsers.re(r"新库中“(?P<village>[^”]+)”修建无害化卫生厕所(?P<count>\d+)座"))
def copied_work(names: Names, new_store: dict[str, Any], work_record: uuid.UUID, village: str, count: str) -> None:
    record = new_store["app"].get(WorkRecord, work_record, "工作记录")
    assert (record.village_id, record.quantity, record.withdrawn) == (names.villages[village], Decimal(count), False)
