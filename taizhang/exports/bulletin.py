"""A published quarterly bulletin (季通报) as an official document (GB/T 9704), for filing and posting.

The bulletin's text is the one recorded by its digest, regenerated from the record; this lays it out:
its first line the title, the parts (一、二、三、) as headings, every line below a paragraph, closed by
the township's environment office and the day it was published, then the printout's verification code.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from taizhang.exports.cells import printable
from taizhang.exports.official import Signature, add_heading, add_signature, add_title, official_document, to_bytes

if TYPE_CHECKING:
    from taizhang.audit.printed import Seal

PART = re.compile(r"^[一二三四五六七八九十]+、")
SUBPART = re.compile(r"^（[一二三四五六七八九十]+）")  # the red and black list's parts; a month's line is （2024-01…）


def bulletin_docx(text: str, township: str, published_on: date, seal: Seal | None = None) -> bytes:
    from taizhang.audit.printed import stamp_document

    document = official_document()
    lines = [line.strip() for line in printable(text).splitlines() if line.strip()]
    if lines:
        add_title(document, lines[0])
    for line in lines[1:]:
        if PART.match(line):
            add_heading(document, line, 1)
        elif SUBPART.match(line):
            add_heading(document, line, 2)
        else:
            document.add_paragraph(line)
    add_signature(document, Signature(f"{township}环境治理办公室", published_on))
    stamp_document(document, seal)
    return to_bytes(document)
