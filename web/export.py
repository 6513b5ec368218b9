"""The ledger as an Excel workbook laid out as the township office prints it."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from projections.snapshot import Snapshot
from taizhang.exports.cells import put
from taizhang.exports.layout import active_sheet, fit_to_page
from web.labels import category_label, local_time, source_label, stage_label
from web.ledger_query import LedgerQuery

COLUMNS: list[tuple[str, int]] = [
    ("序号", 6), ("问题编号", 11), ("村", 10), ("来源", 14), ("类别", 14), ("地点", 22), ("阶段", 10),
    ("发现时间", 17), ("交办时间", 17), ("整改期限", 11), ("是否逾期", 9), ("逾期天数", 9), ("销号时间", 17),
    ("按期销号", 9), ("重新打开次数", 12), ("人工（人次）", 11), ("机械（台次）", 11), ("清运（吨）", 10),
    ("拆除（处）", 10),
]
THIN = Side(style="thin", color="999999")


def ledger_workbook(
    rows: list[dict[str, Any]], names: dict[str, str], township: str, query: LedgerQuery,
    snapshot: Snapshot, on: date, as_of: datetime | None,
) -> bytes:
    book = Workbook()
    sheet = active_sheet(book)
    sheet.title = "问题台账"
    width = len(COLUMNS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    put(sheet, 1, 1, f"{township}全域无垃圾治理问题台账")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    moment = f"截至 {local_time(as_of)} 的记录（历史视图）" if as_of else f"导出时的记录（位置 {snapshot.position}）"
    put(sheet, 2, 1, f"{describe(query, names)}；逾期按 {on.isoformat()} 判断；{moment}；共 {len(rows)} 条")
    sheet["A2"].font = Font(size=10, color="555555")
    header = 3
    for index, (title, size) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E2E8F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        sheet.column_dimensions[get_column_letter(index)].width = size
    for offset, row in enumerate(rows, start=1):
        values = [
            offset, row["problem_id"][:8], names.get(row["village_id"], row["village_id"][:8]),
            source_label(row["source"]), category_label(row["category"]), row["place"], stage_label(row["stage"]),
            local_time(row["registered_at"]), local_time(row["assigned_at"]), row["deadline"] or "",
            "是" if row.get("overdue") else "否", row.get("days_overdue") or "", local_time(row["closed_at"]),
            {True: "是", False: "否"}.get(row["closed_on_time"], ""), row["reopen_count"],
            row["labour_person_times"], row["machinery_unit_times"], float(row["tonnes_cleared"]),
            row["buildings_demolished"],
        ]
        for index, value in enumerate(values, start=1):
            put(sheet, header + offset, index, "" if value == "—" else value).border = Border(
                top=THIN, bottom=THIN, left=THIN, right=THIN)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1).coordinate
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    fit_to_page(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def describe(query: LedgerQuery, names: dict[str, str]) -> str:
    parts = []
    if query.village:
        parts.append(f"村：{names.get(query.village, query.village[:8])}")
    if query.source:
        parts.append(f"来源：{source_label(query.source)}")
    if query.category:
        parts.append(f"类别：{category_label(query.category)}")
    if query.stage:
        parts.append(f"阶段：{stage_label(query.stage)}")
    if query.overdue:
        parts.append("仅逾期" if query.overdue == "yes" else "未逾期")
    if query.first or query.last:
        parts.append(f"期间：{query.first or '…'} 至 {query.last or '…'}")
    return "，".join(parts) or "全部问题"


