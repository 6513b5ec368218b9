"""How a township office prints a table: title, header, bordered rows, totals, signatures, A4 page setup."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from taizhang.exports.cells import put

MONEY = "0.00"
SCORE = "0.00"
FONT = "宋体"
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
FIRST_LINE_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None
    wrap: bool = False


def new_sheet(sheet_name: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    sheet = active_sheet(workbook)
    sheet.title = sheet_name[:31]
    return workbook, sheet


def active_sheet(workbook: Workbook) -> Worksheet:
    """The worksheet a new workbook opens on (openpyxl types ``active`` as optional, and as any kind of sheet)."""
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    return sheet


def fit_to_page(sheet: Worksheet) -> None:
    """Let the page set-up's fit-to-width and fit-to-height counts apply when printing."""
    properties = sheet.sheet_properties.pageSetUpPr
    assert properties is not None  # openpyxl gives every worksheet's properties their page set-up part
    properties.fitToPage = True


def title_and_header(sheet: Worksheet, title: str, note: str, columns: Sequence[Column]) -> None:
    """Row 1 the title across the table, row 2 what it rests on, row 3 the bold headers."""
    last = get_column_letter(len(columns))
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    sheet.merge_cells(f"A{NOTE_ROW}:{last}{NOTE_ROW}")
    put(sheet, TITLE_ROW, 1, title).font = Font(name=FONT, size=16, bold=True)
    sheet.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[TITLE_ROW].height = 30
    put(sheet, NOTE_ROW, 1, note).font = Font(name=FONT, size=10)
    sheet.cell(NOTE_ROW, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    for index, column in enumerate(columns, start=1):
        cell = put(sheet, HEADER_ROW, index, column.header)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = f"A{FIRST_LINE_ROW}"


def table_row(sheet: Worksheet, row: int, values: Sequence[Any], columns: Sequence[Column], bold: bool = False) -> None:
    for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        cell = put(sheet, row, index, value)
        cell.font = Font(name=FONT, size=10, bold=bold)
        cell.border = BORDER
        cell.alignment = Alignment(vertical="center", wrap_text=column.wrap)
        if column.number_format and value is not None and not isinstance(value, str):
            cell.number_format = column.number_format
            cell.alignment = Alignment(horizontal="right", vertical="center")


def merged_row(sheet: Worksheet, row: int, text: str, width: int, bordered: bool = True, bold: bool = False) -> None:
    """A line of text across the table: a total in words, or the signatures under it."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = put(sheet, row, 1, text)
    cell.font = Font(name=FONT, size=10, bold=bold)
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    if bordered:
        for column in range(1, width + 1):
            sheet.cell(row, column).border = BORDER


def print_setup(sheet: Worksheet, landscape: bool) -> None:
    """A4, fitted to one page wide, the header row repeated on every page, centred, page numbers in the footer."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    fit_to_page(sheet)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    footer = sheet.oddFooter
    assert footer is not None  # openpyxl gives every worksheet its headers and footers
    footer.center.text = "第 &P 页，共 &N 页"


def to_bytes(workbook: Workbook, stamped: datetime) -> bytes:
    """The workbook's own dates are those of the record it prints, not of the moment it was exported."""
    workbook.properties.creator = "taizhang"
    workbook.properties.created = stamped.replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
