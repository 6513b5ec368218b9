"""The summary's filled text as HTML: headings and paragraphs, each figure a link to the events behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from taizhang.summary.numbers import chinese_list
from taizhang.summary.render import NAME_LISTS, PLACEHOLDER, SummaryFacts, check_template, period_words


@dataclass(frozen=True)
class Block:
    tag: str  # h1, h2, p or blockquote
    html: Markup


def summary_blocks(template: str, facts: SummaryFacts, link: Callable[[str], str]) -> list[Block]:
    """The same filling as ``render.fill``, but the figures stay distinguishable: ``link(code)`` is each one's page."""
    check_template(template)
    words = {"township": facts.township, **period_words(facts.period_from, facts.period_to)}
    names = {key: chinese_list(facts.names.get(key, [])) if facts.names.get(key) else "（无）" for key in NAME_LISTS}

    def filled(line: str) -> Markup:
        out = Markup("")
        last = 0
        for match in PLACEHOLDER.finditer(line):
            out += escape(line[last:match.start()])
            key = match.group(1)
            if key in words:
                out += escape(words[key])
            elif key in names:
                out += escape(names[key])
            else:
                figure = facts.figures[key]
                out += Markup('<a class="fig" data-code="{}" href="{}" title="查看构成这个数字的记录">{}</a>').format(
                    key, link(key), figure.text)
            last = match.end()
        return out + escape(line[last:])

    blocks = []
    for raw in template.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            blocks.append(Block("h2", filled(line[3:])))
        elif line.startswith("# "):
            blocks.append(Block("h1", filled(line[2:])))
        elif line.startswith("> "):
            blocks.append(Block("blockquote", filled(line[2:])))
        else:
            blocks.append(Block("p", filled(line)))
    return blocks
