"""The quarterly bulletin (季通报) as a Word document for printing and posting: its text, line for line."""

from __future__ import annotations

import io

from taizhang.audit.printed import Seal, stamp_document


def bulletin_docx(text: str, seal: Seal | None = None) -> bytes:
    """The published text (first line the title), each line a paragraph, then the verification code."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    title, *lines = text.rstrip("\n").split("\n")
    document.add_heading(title, level=0)
    for line in lines:
        document.add_paragraph(line)
    stamp_document(document, seal)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
