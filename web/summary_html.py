"""The summary's filled text as HTML: headings and paragraphs, each figure a link to the events behind it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from taizhang.summary.render import SummaryFacts, fill, provenance_note

# A figure's place in the filled text, marked with private-use characters no template or record holds.
OPEN, CLOSE = "\ue000", "\ue001"
MARKED = re.compile(f"{OPEN}([a-z_]+){CLOSE}(.*?){OPEN}/{CLOSE}", re.S)


@dataclass(frozen=True)
class Block:
    tag: str  # h1, h2, p or blockquote
    html: Markup


def summary_blocks(template: str, facts: SummaryFacts, link: Callable[[str], str]) -> list[Block]:
    """The text ``render.fill`` writes, each figure a link: ``link(code)`` is the page of its events."""
    text = fill(template, facts, mark=lambda code, shown: f"{OPEN}{code}{CLOSE}{shown}{OPEN}/{CLOSE}")

    def linked(line: str) -> Markup:
        out, last = Markup(""), 0
        for match in MARKED.finditer(line):
            out += escape(line[last:match.start()])
            out += Markup('<a class="fig" data-code="{}" href="{}" title="查看构成这个数字的记录">{}</a>').format(
                match.group(1), link(match.group(1)), match.group(2))
            last = match.end()
        return out + escape(line[last:])

    blocks = []
    for paragraph in text.split("\n\n"):
        line = " ".join(paragraph.strip().split("\n"))
        if line.startswith("## "):
            blocks.append(Block("h2", linked(line[3:])))
        elif line.startswith("# "):
            blocks.append(Block("h1", linked(line[2:])))
        elif line:
            blocks.append(Block("p", linked(line)))
    blocks.append(Block("blockquote", escape(provenance_note(facts))))
    return blocks
