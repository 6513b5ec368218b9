"""Excel as Excel: dates are dates, every table filters and prints its header, and the ledger goes out and back.

The demo township's ledger, exported in the import layout and imported into a new record with the same
villages, exports again to the same rows: every column the import reads, and each problem's stage.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.vocabulary import Category, Source
from projections import queries
from projections.db import ReadStore
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_read_store
from taizhang.exports.layout import DAY, HEADER_ROW
from taizhang.exports.ledger import ledger_xlsx
from taizhang.settings import Settings

STAMP = datetime(2024, 1, 5, tzinfo=UTC)
COMPARED = (
    "来源", "类别", "村", "村民小组", "地点", "问题描述", "阶段", "发现日期", "截止日期", "是否逾期", "整改情况",
    "整改日期", "投入人次", "投入台次", "清理吨数", "拆除违建处数", "验收日期", "销号日期", "重新打开日期", "作废日期",
)


@pytest.fixture(scope="module")
def demo(demo_folder: Path) -> Iterator[tuple[Taizhang, ReadStore]]:
    settings = Settings(store="sqlite", data_dir=demo_folder)
    projector = Projector(build_app(settings), build_read_store(settings))
    projector.setup()
    projector.catch_up()
    yield projector.app, projector.store
    projector.store.close()
    projector.app.close()


def every_row(store: ReadStore) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        got = queries.ledger(store, page=page, page_size=500, sort="registered_at", on=date(2023, 12, 31))
        rows += got.rows
        if len(rows) >= got.total:
            return rows
        page += 1


def sheet_of(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def table(sheet: Worksheet) -> list[dict[str, Any]]:
    header = [c.value for c in sheet[HEADER_ROW]]
    lines = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    return [dict(zip(header, values, strict=True)) for values in lines]


def test_the_ledger_workbook_holds_dates_as_dates_with_filters_and_print_titles(demo: tuple) -> None:
    app, store = demo
    sheet = sheet_of(ledger_xlsx(app, every_row(store), "东坪镇问题台账", "全部", STAMP))
    header = {c.value: c.column for c in sheet[HEADER_ROW]}
    found = sheet.cell(HEADER_ROW + 1, header["发现日期"])
    assert found.is_date and isinstance(found.value, datetime) and found.number_format == DAY
    assert isinstance(sheet.cell(HEADER_ROW + 1, header["投入人次"]).value, int)
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}" and sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_pay_sheets_and_rankings_filter_their_tables_and_keep_amounts_as_numbers(demo: tuple) -> None:
    app, _ = demo
    for content in (app.export_pay_sheet(SheetKind.CLEANER_BONUS, Month(2023, 4)), app.export_rankings(Month(2023, 8))):
        sheet = sheet_of(content)
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
        assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        numbers = [c.value for c in sheet[HEADER_ROW + 1] if isinstance(c.value, (int, float))]
        assert numbers, "the first line has numbers as numbers"


def test_the_exported_ledger_imports_back_into_the_same_ledger(demo: tuple, tmp_path: Path) -> None:
    app, store = demo
    exported = ledger_xlsx(app, every_row(store), "东坪镇问题台账", "全部", STAMP)
    settings = Settings(store="sqlite", data_dir=tmp_path)
    copy = build_app(settings)
    copy.init_store("real", "东坪镇", "dp", "admin")
    for village in app.villages():
        made = copy.register_village(village.name, village.code, "admin")
        for name in village.groups.values():
            copy.add_group(made.id, name, "admin")
    copy.import_excel_ledger(exported, "问题台账.xlsx", "clerk")
    projector = Projector(copy, build_read_store(settings))
    projector.setup()
    projector.catch_up()
    again = ledger_xlsx(copy, every_row(projector.store), "东坪镇问题台账", "全部", STAMP)
    projector.store.close()
    copy.close()

    def compared(content: bytes) -> list[tuple[Any, ...]]:
        return sorted(tuple(str(row[c]) for c in COMPARED) for row in table(sheet_of(content)))

    before, after = compared(exported), compared(again)
    assert len(before) == 307 and before == after
    stages = {row[COMPARED.index("阶段")] for row in before}
    assert {"已销号", "已作废", "已交办"} <= stages  # and the reopened, re-rectified ones the import replays
    assert any(row[COMPARED.index("重新打开日期")] != "None" for row in before)


def test_text_typed_into_the_record_is_exported_as_text_never_a_formula(app: Taizhang) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    formula = '=HYPERLINK("http://x/?q=1","点此")'
    outcome = app.register_problem(Source.AERIAL_PHOTO, Category.PLASTIC_LITTER, village, formula,
                                   "\x01控制字符\x0b在此", "admin")
    rows = [{
        "problem_id": str(outcome.id), "village_id": str(village), "group_id": None, "source": "aerial_photo",
        "category": "plastic_litter", "place": formula, "stage": "registered",
        "registered_at": "2023-03-01T09:00:00+08:00", "deadline": None, "rectification_reported_at": None,
        "labour_person_times": 0, "machinery_unit_times": 0, "tonnes_cleared": 0, "buildings_demolished": 0,
        "verified_at": None, "closed_at": None, "closed_on_time": None, "reopened_at": None, "voided_at": None,
        "reopen_count": 0, "version": 1,
    }]
    sheet = sheet_of(ledger_xlsx(app, rows, "台账", "全部", STAMP))
    header = {c.value: c.column for c in sheet[HEADER_ROW]}
    place = sheet.cell(HEADER_ROW + 1, header["地点"])
    assert place.data_type == "s" and place.value == formula
    assert sheet.cell(HEADER_ROW + 1, header["问题描述"]).value == "␁控制字符␋在此"  # the characters' pictures
