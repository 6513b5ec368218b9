"""An existing Excel ledger comes in as late entries, all rows or none."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from domain.vocabulary import Stage
from taizhang.application import Taizhang
from taizhang.imports.excel_ledger import COLUMNS, RejectedFile


def workbook(*rows: tuple) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = ("航拍反馈", "非正规垃圾堆放点", "东沟村", "村口", "路边垃圾", date(2023, 2, 1), date(2023, 2, 10),
        "已清运", date(2023, 2, 8), 12, 2, 3.5, 0, date(2023, 2, 9), date(2023, 2, 9))
OPEN = ("县级反馈", "白色垃圾", "东沟村", "河边", "塑料袋", date(2023, 2, 3), date(2023, 2, 20),
        None, None, None, None, None, None, None, None)


def test_a_good_sheet_is_recorded_with_the_sheets_occurred_dates(app: Taizhang) -> None:
    app.register_village("东沟村", "v01", "admin")
    outcome = app.import_excel_ledger(workbook(GOOD, OPEN), "2023台账.xlsx", "clerk")
    events = app.recorder.select_notifications(start=None, limit=100)
    problems = {n.originator_id for n in events if n.topic.endswith("Problem.Registered")}
    assert len(problems) == 2
    stages = sorted(app.problem(pid).stage for pid in problems)
    assert stages == sorted([Stage.CLOSED, Stage.ASSIGNED])
    closed = next(app.problem(pid) for pid in problems if app.problem(pid).stage == Stage.CLOSED)
    assert closed.stage_times["registered"].date() == date(2023, 2, 1)
    assert closed.closed_on_time is True
    assert outcome.position == app.recorder.max_notification_id()


def test_a_bad_row_rejects_the_whole_file_and_names_the_row(app: Taizhang) -> None:
    app.register_village("东沟村", "v01", "admin")
    before = app.recorder.max_notification_id()
    bad_village = ("航拍反馈", "白色垃圾", "不存在村", "x", "y", date(2023, 2, 1), None, None, None, None, None, None,
                   None, None, None)
    bad_order = (*GOOD[:13], date(2023, 1, 9), None)  # verified before it was rectified
    with pytest.raises(RejectedFile) as refusal:
        app.import_excel_ledger(workbook(GOOD, bad_village, bad_order), "bad.xlsx", "clerk")
    rows = refusal.value.details["rows"]
    assert [r["row"] for r in rows] == [3, 4]
    assert "不存在村" in rows[0]["reason"]
    assert app.recorder.max_notification_id() == before


def test_a_file_that_is_not_a_workbook_is_refused(app: Taizhang) -> None:
    with pytest.raises(RejectedFile):
        app.import_excel_ledger(b"not a workbook", "x.xlsx", "clerk")
