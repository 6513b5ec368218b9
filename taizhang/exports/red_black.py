"""A quarter's red and black list (红黑榜) printed for posting: an official document (GB/T 9704) and a workbook.

Both print the lists the record gives (``RedBlackLists``): the red list, the black list with each village's
overdue problems and open accountability cases, and every village that has either, closed by the township's
environment office and the day the list was published.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.assessment.red_black import RedBlackLists, Standing
from taizhang.audit.printed import Seal, stamp_document, stamp_sheet
from taizhang.exports import layout
from taizhang.exports.layout import (
    FIRST_LINE_ROW,
    INTEGER,
    SCORE,
    Column,
    autofilter,
    merged_row,
    new_sheet,
    print_setup,
    table_row,
    title_and_header,
)
from taizhang.exports.official import Signature, add_heading, add_signature, add_title, official_document, to_bytes

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

RED_HEADERS = ("名次", "村", "平均名次", "排名月份（个）")
BLACK_HEADERS = (*RED_HEADERS, "季末逾期问题（件）", "未结问责案件（件）")
COUNT_HEADERS = ("村", "季末逾期问题（件）", "未结问责案件（件）")
TABLE_SIZE_PT = 14  # 4号: six columns of 3号 do not fit the 156 mm text block

LIST_COLUMNS = (
    Column("榜别", 7),
    Column("名次", 7, INTEGER),
    Column("村", 14),
    Column("平均名次", 10, SCORE),
    Column("排名月份（个）", 10, INTEGER),
    Column("季末逾期问题（件）", 12, INTEGER),
    Column("未结问责案件（件）", 12, INTEGER),
)
COUNT_COLUMNS = (Column("村", 14), Column("季末逾期问题（件）", 14, INTEGER), Column("未结问责案件（件）", 14, INTEGER))


def rule_note(lists: RedBlackLists) -> str:
    return (f"按考核规则，红榜 {lists.rule.red_count} 个村，黑榜 {lists.rule.black_count} 个村，以本季度各月排名的"
            "平均名次为准；逾期问题为季末已结账月份所载，问责案件截至发布时。")


def _red_row(number: int, s: Standing) -> tuple[str, ...]:
    return str(number), s.name, f"{s.mean_rank:.2f}", str(s.months)


def red_black_docx(lists: RedBlackLists, published_on: date, seal: Seal | None = None) -> bytes:
    document = official_document()
    add_title(document, lists.title)
    document.add_paragraph(rule_note(lists))
    add_heading(document, "一、红榜", 1)
    _table(document, RED_HEADERS, [_red_row(n, s) for n, s in enumerate(lists.red, 1)])
    add_heading(document, "二、黑榜", 1)
    _table(document, BLACK_HEADERS, [(*_red_row(n, s), str(s.overdue), str(lists.cases_of(s.name)))
                                     for n, s in enumerate(lists.black, 1)])
    add_heading(document, "三、各村季末逾期问题与未结问责案件", 1)
    _table(document, COUNT_HEADERS, [(c.name, str(c.overdue), str(c.open_cases)) for c in lists.counts])
    document.add_paragraph(f"数据截至台账记录位置 {lists.position}。")
    add_signature(document, Signature(f"{lists.township}环境治理办公室", published_on))
    stamp_document(document, seal)
    return to_bytes(document)


def _table(document: WordDocument, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A bordered table, headers in bold, every cell centred without the body's first-line indent; none: 无."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if not rows:
        document.add_paragraph("无")
        return
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    for r, values in enumerate([headers, *rows]):
        for c, value in enumerate(values):
            paragraph = table.cell(r, c).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            indent = OxmlElement("w:ind")
            indent.set(qn("w:firstLineChars"), "0")
            indent.set(qn("w:firstLine"), "0")
            paragraph._p.get_or_add_pPr().append(indent)
            run = paragraph.add_run(value)
            run.font.size = Pt(TABLE_SIZE_PT)
            run.font.bold = r == 0


def red_black_xlsx(lists: RedBlackLists, published_on: date, seal: Seal | None = None) -> bytes:
    """Sheet 红黑榜: the red then the black list, one village a row; sheet 各村逾期与问责: every village with either."""
    workbook, ws = new_sheet("红黑榜")
    title_and_header(ws, lists.title, f"{rule_note(lists)}　　数据截至台账记录位置 {lists.position}", LIST_COLUMNS)
    row = FIRST_LINE_ROW
    for board, standings in (("红榜", lists.red), ("黑榜", lists.black)):
        for number, s in enumerate(standings, 1):
            table_row(ws, row, (board, number, s.name, round(s.mean_rank, 2), s.months, s.overdue,
                                lists.cases_of(s.name)), LIST_COLUMNS)
            row += 1
    autofilter(ws, LIST_COLUMNS, row - 1)
    merged_row(ws, row + 1, f"{lists.township}环境治理办公室　　{published_on.year}年{published_on.month}月"
                            f"{published_on.day}日", len(LIST_COLUMNS), bordered=False)
    stamp_sheet(ws, seal)
    print_setup(ws, landscape=False)

    counts = workbook.create_sheet("各村逾期与问责")
    title_and_header(counts, f"{lists.title}：各村季末逾期问题与未结问责案件",
                     f"数据截至台账记录位置 {lists.position}", COUNT_COLUMNS)
    row = FIRST_LINE_ROW
    for c in lists.counts:
        table_row(counts, row, (c.name, c.overdue, c.open_cases), COUNT_COLUMNS)
        row += 1
    if not lists.counts:
        merged_row(counts, row, "无", len(COUNT_COLUMNS))
        row += 1
    autofilter(counts, COUNT_COLUMNS, row - 1)
    print_setup(counts, landscape=False)
    return layout.to_bytes(workbook, datetime(published_on.year, published_on.month, published_on.day))
