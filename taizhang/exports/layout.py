"""How a township office prints a table: title, header, bordered rows, totals, signatures, A4 page setup.

Excel as Excel: dates and times are Excel dates with Chinese formats, numbers are numbers, every table
has an autofilter, a frozen header and print titles. Text a person typed is written as text, never
as a formula, and characters a workbook cannot hold are shown as their pictures (␁) rather than failing the
export, by the one rule every export follows (``taizhang.exports.cells``).
Each look is one named style of the workbook, shared by every cell that has it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from domain.local_time import CHINA
from taizhang.exports import cells

MONEY = "#,##0.00"
SCORE = "0.00"
INTEGER = "0"
TONNES = "0.000"
DAY = 'yyyy"年"m"月"d"日"'
MOMENT = 'yyyy"年"m"月"d"日" hh:mm'
FONT = "宋体"
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
FIRST_LINE_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None  # MONEY, SCORE, INTEGER, DAY, MOMENT; text when None
    wrap: bool = False

    @property
    def style(self) -> str:
        if self.number_format is None:
            return "台账文字换行" if self.wrap else "台账文字"
        return STYLE_OF_FORMAT[self.number_format]


STYLE_OF_FORMAT = {
    MONEY: "台账金额", SCORE: "台账分数", INTEGER: "台账整数", TONNES: "台账吨数", DAY: "台账日期", MOMENT: "台账时间",
}


def _styles() -> list[NamedStyle]:
    body = Font(name=FONT, size=10)
    middle = Alignment(vertical="center")
    right = Alignment(horizontal="right", vertical="center")
    made = [
        NamedStyle("台账标题", font=Font(name=FONT, size=16, bold=True),
                   alignment=Alignment(horizontal="center", vertical="center")),
        NamedStyle("台账说明", font=Font(name=FONT, size=10),
                   alignment=Alignment(horizontal="left", vertical="center", wrap_text=True)),
        NamedStyle("台账表头", font=Font(name=FONT, size=11, bold=True), border=BORDER,
                   fill=PatternFill("solid", fgColor="E2E8F0"),
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle("台账文字", font=body, border=BORDER, alignment=middle),
        NamedStyle("台账文字换行", font=body, border=BORDER, alignment=Alignment(vertical="center", wrap_text=True)),
        NamedStyle("台账合计", font=Font(name=FONT, size=10, bold=True), border=BORDER, alignment=middle),
        NamedStyle("台账合计金额", font=Font(name=FONT, size=10, bold=True), border=BORDER, alignment=right,
                   number_format=MONEY),
        NamedStyle("台账通栏", font=body, alignment=Alignment(vertical="center", wrap_text=True)),
    ]
    for number_format, name in STYLE_OF_FORMAT.items():
        made.append(NamedStyle(name, font=body, border=BORDER, alignment=right, number_format=number_format))
    return made


def new_sheet(sheet_name: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    for style in _styles():
        workbook.add_named_style(style)
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


def excel_value(value: Any) -> Any:
    """What a cell holds: dates as Excel dates (local, as the township reads them); text is made safe by ``put``."""
    if isinstance(value, datetime):
        return value.astimezone(CHINA).replace(tzinfo=None) if value.tzinfo else value
    return value


_LOOKS: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()
"""Each workbook's named styles as the cell's own record of them, made once and copied to every cell after."""


def styled(cell: Cell | MergedCell, style: str) -> None:
    """Give the cell the named style. Naming it looks the name up among the workbook's styles and compares
    style objects for every cell (most of an export's time); the second cell of a look gets a copy of the first's."""
    workbook = cell.parent.parent
    assert workbook is not None  # a cell written here is always in a sheet of a workbook
    looks = _LOOKS.setdefault(workbook, {})
    look = looks.get(style)
    # ``_style`` is the cell's record of its look (what openpyxl's own copy_worksheet copies); the stubs omit it.
    if look is None:
        cell.style = style
        looks[style] = copy(cell._style)  # type: ignore[union-attr]
    else:
        cell._style = copy(look)  # type: ignore[union-attr]


def put(sheet: Worksheet, row: int, column: int, value: Any, style: str | None = None) -> Cell | MergedCell:
    """Write one cell in a named style; its value by the one rule for recorded text (``cells.put``), so
    ``=HYPERLINK(…)`` typed into a record is never a formula and a control character never breaks the file."""
    if style is not None:
        styled(sheet.cell(row, column), style)  # first: a named style would reset the text's quote prefix
    return cells.put(sheet, row, column, excel_value(value))


def title_and_header(sheet: Worksheet, title: str, note: str, columns: Sequence[Column]) -> None:
    """Row 1 the title across the table, row 2 what it rests on, row 3 the bold headers."""
    last = get_column_letter(len(columns))
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    sheet.merge_cells(f"A{NOTE_ROW}:{last}{NOTE_ROW}")
    put(sheet, TITLE_ROW, 1, title, "台账标题")
    sheet.row_dimensions[TITLE_ROW].height = 30
    put(sheet, NOTE_ROW, 1, note, "台账说明")
    for index, column in enumerate(columns, start=1):
        put(sheet, HEADER_ROW, index, column.header, "台账表头")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = f"A{FIRST_LINE_ROW}"


def table_row(sheet: Worksheet, row: int, values: Sequence[Any], columns: Sequence[Column], bold: bool = False) -> None:
    for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        if bold:
            style = "台账合计金额" if column.number_format == MONEY and not isinstance(value, str) else "台账合计"
        elif isinstance(value, str) or value is None:
            style = "台账文字换行" if column.wrap else "台账文字"
        else:
            style = column.style
        put(sheet, row, index, value, style)


def autofilter(sheet: Worksheet, columns: Sequence[Column], last_row: int) -> None:
    """A filter on every column of the table, from its header to its last line."""
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{max(last_row, HEADER_ROW)}"


def merged_row(sheet: Worksheet, row: int, text: str, width: int, bordered: bool = True, bold: bool = False) -> None:
    """A line of text across the table: a total in words, or the signatures under it."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    put(sheet, row, 1, text, "台账合计" if bold else ("台账文字换行" if bordered else "台账通栏"))
    if bordered:
        for column in range(2, width + 1):
            styled(sheet.cell(row, column), "台账文字")


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
