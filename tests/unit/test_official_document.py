"""Word files in the layout of official documents (GB/T 9704-2012), read back with python-docx."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from taizhang.exports.official import Signature, add_heading, add_signature, add_title, official_document, to_bytes


def reopened() -> Document:
    document = official_document()
    add_title(document, "东坪镇2023年全域无垃圾治理工作总结")
    add_heading(document, "一、工作开展情况", 1)
    document.add_paragraph("正文。" * 40)
    add_signature(document, Signature("东坪镇人民政府", date(2023, 12, 31)))
    return Document(io.BytesIO(to_bytes(document)))


def east_asian_font(style) -> str:  # type: ignore[no-untyped-def]
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def close(length: int, mm: float) -> bool:
    return abs(length - Mm(mm)) <= Mm(0.5)


def test_the_page_is_a4_with_the_standards_margins_and_grid() -> None:
    section = reopened().sections[0]
    assert close(section.page_width, 210) and close(section.page_height, 297)
    assert close(section.top_margin, 37) and close(section.bottom_margin, 35)
    assert close(section.left_margin, 28) and close(section.right_margin, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "579"


def test_title_body_and_headings_are_set_in_the_documents_styles() -> None:
    document = reopened()
    styles = document.styles
    assert east_asian_font(styles["Normal"]) == "仿宋" and styles["Normal"].font.size == Pt(16)
    assert styles["Normal"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    title = styles["Title"]
    assert east_asian_font(title) == "方正小标宋简体" and title.font.size == Pt(22)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    expected = {1: ("黑体", False), 2: ("楷体", False), 3: ("仿宋", True), 4: ("仿宋", False)}
    for level, (font, bold) in expected.items():
        heading = styles[f"Heading {level}"]
        assert east_asian_font(heading) == font and heading.font.size == Pt(16) and bool(heading.font.bold) == bold
        assert heading.font.color.rgb is not None and str(heading.font.color.rgb) == "000000"
    assert [p.style.name for p in document.paragraphs[:2]] == ["Title", "Heading 1"]


def test_page_numbers_are_dashed_fields_right_on_odd_pages_and_left_on_even() -> None:
    document = reopened()
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert all(run.font.size == Pt(14) for run in paragraph.runs)


def test_the_issuing_office_and_date_close_the_document_four_characters_from_the_right() -> None:
    closing = reopened().paragraphs[-2:]
    assert [p.text for p in closing] == ["东坪镇人民政府", "2023年12月31日"]
    for paragraph in closing:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert paragraph._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"


def test_a_bulletin_is_filed_as_an_official_document() -> None:
    from taizhang.exports.bulletin import bulletin_docx

    text = ("东坪镇全域无垃圾治理2023年第一季度通报\n\n一、各村月度排名\n  第1名 东沟村 得分 98\n\n"
            "二、保洁员月评比\n  李娟 95 分 优秀\n")
    document = Document(io.BytesIO(bulletin_docx(text, "东坪镇", date(2023, 4, 10))))
    assert [(p.style.name, p.text) for p in document.paragraphs[:3]] == [
        ("Title", "东坪镇全域无垃圾治理2023年第一季度通报"), ("Heading 1", "一、各村月度排名"),
        ("Normal", "第1名 东沟村 得分 98"),
    ]
    assert [p.text for p in document.paragraphs[-2:]] == ["东坪镇环境治理办公室", "2023年4月10日"]
    assert close(document.sections[0].page_width, 210)
