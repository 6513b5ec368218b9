"""Word documents in the layout of official documents (公文, GB/T 9704-2012), set in the document's own styles.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a 156 × 225 mm text block); a grid of
22 lines a page and 28 characters a line; body 3号 (16 pt) 仿宋 with the first line indented two
characters; the title 2号 (22 pt) 小标宋, centred; headings by level 黑体, 楷体, 仿宋 bold, 仿宋; page numbers
4号 (14 pt) 宋体 as "— 1 —", right on odd pages and left on even, one character in from the edge; the
issuing office and the date (落款) four characters in from the right. Everything is black. The styles
carry all of it, so a clerk who edits the document keeps the layout; the fonts are names, supplied by
the clerk's Word.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor

from taizhang.exports.cells import printable

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines = 28.95 pt
# 156 mm / 28 characters = 15.79 pt a character, in 4096ths of a point beyond the 16 pt font.
CHAR_SPACE = round((156 / 25.4 * 72 / 28 - 16) * 4096)
BLACK = RGBColor(0, 0, 0)

# Each level of heading as the standard sets it: (font, bold).
HEADING_FONTS = {1: ("黑体", False), 2: ("楷体", False), 3: ("仿宋", True), 4: ("仿宋", False)}


@dataclass(frozen=True)
class Signature:
    """The issuing office and the date that close an official document (落款)."""

    office: str
    day: date

    @property
    def day_text(self) -> str:
        return f"{self.day.year}年{self.day.month}月{self.day.day}日"


def official_document() -> WordDocument:
    """An empty document with the page, grid, styles and page numbers of GB/T 9704."""
    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _grid(section._sectPr)
    _body_style(document.styles["Normal"])
    _title_style(document.styles["Title"])
    for level, (font, bold) in HEADING_FONTS.items():
        _heading_style(document.styles[f"Heading {level}"], font, bold)
    _page_numbers(document)
    return document


def add_title(document: WordDocument, text: str) -> Paragraph:
    return document.add_paragraph(printable(text), style="Title")


def add_heading(document: WordDocument, text: str, level: int) -> Paragraph:
    return document.add_paragraph(printable(text), style=f"Heading {level}")


def add_signature(document: WordDocument, signature: Signature) -> None:
    """The issuing office above the date, both four characters in from the right, after a blank line."""
    document.add_paragraph()
    for text in (signature.office, signature.day_text):
        paragraph = document.add_paragraph(printable(text))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _indent_chars(paragraph._p.get_or_add_pPr(), first=0, right=400)


def to_bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the parts of the layout ------------------------------------------------------------------


def _grid(sect_pr: BaseOxmlElement) -> None:
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def _fonts(style: ParagraphStyle, east_asian: str, size: Pt, bold: bool = False) -> None:
    """The font by name for every script (no theme font to override it), its size and weight, in black."""
    font = style.font
    font.name, font.size, font.bold, font.italic = east_asian, size, bold, False
    font.color.rgb = BLACK
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), east_asian)


def _spacing(style: ParagraphStyle) -> None:
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
    p_pr = style.element.get_or_add_pPr()
    for border in p_pr.findall(qn("w:pBdr")):  # Word's default Title underlines itself
        p_pr.remove(border)


def _indent_chars(p_pr: BaseOxmlElement, first: int = 200, right: int = 0) -> None:
    """Indents in hundredths of a character (200: two characters), as Word's 字符 units."""
    ind = p_pr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        p_pr.append(ind)
    for attribute in list(ind.attrib):
        del ind.attrib[attribute]
    if first:
        ind.set(qn("w:firstLineChars"), str(first))
    if right:
        ind.set(qn("w:rightChars"), str(right))


def _body_style(style: ParagraphStyle) -> None:
    _fonts(style, "仿宋", BODY_SIZE)
    _spacing(style)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_chars(style.element.get_or_add_pPr(), first=200)


def _title_style(style: ParagraphStyle) -> None:
    _fonts(style, "方正小标宋简体", TITLE_SIZE)
    _spacing(style)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.space_after = Pt(LINE_PITCH_TWIPS / 20)  # a blank line between the title and the text
    _indent_chars(style.element.get_or_add_pPr(), first=0)


def _heading_style(style: ParagraphStyle, font: str, bold: bool) -> None:
    _fonts(style, font, BODY_SIZE, bold)
    _spacing(style)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    style.paragraph_format.keep_with_next = True
    _indent_chars(style.element.get_or_add_pPr(), first=200)


def _page_numbers(document: WordDocument) -> None:
    """— PAGE — in 宋体 14 pt: right on odd pages and left on even, one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment, indent in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "w:rightChars"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "w:leftChars"),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        ind = OxmlElement("w:ind")
        ind.set(qn(indent), "100")
        paragraph._p.get_or_add_pPr().append(ind)
        _page_number_runs(paragraph)


def _page_number_runs(paragraph: Paragraph) -> None:
    def run(text: str = "") -> BaseOxmlElement:
        made = paragraph.add_run(text)
        made.font.size = PAGE_NUMBER_SIZE
        made.font.name = "宋体"
        made._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
        return made._r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        element = run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            element.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            element.append(shown)
    run(" —")
