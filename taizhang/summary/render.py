"""Fill the township's narrative template with figures from the record: Markdown, Word or JSON."""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any

from domain.errors import InvalidInput
from domain.indicators import BY_CODE, CATALOGUE
from taizhang.exports.cells import printable

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
NAME_LISTS = ("clean_village_names", "sewage_station_villages")
CONTEXT = ("township", "period_title", "period_phrase", "period_end_phrase")


@dataclass(frozen=True)
class Figure:
    """One figure of the summary and the events that produced it."""

    code: str
    value: Decimal
    text: str
    provenance: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SummaryFacts:
    township: str
    period_from: date
    period_to: date
    as_of: datetime | None
    figures: dict[str, Figure]
    names: dict[str, list[str]]


def default_template() -> str:
    return resources.files("taizhang.summary").joinpath("default_template.md").read_text(encoding="utf-8")


def check_template(template: str) -> None:
    """A template may place any figure, but may not invent one."""
    known = {i.code for i in CATALOGUE} | set(NAME_LISTS) | set(CONTEXT)
    unknown = sorted({m.group(1) for m in PLACEHOLDER.finditer(template)} - known)
    if unknown:
        raise InvalidInput(
            f"模板中有未知的数字占位符：{'、'.join(unknown)}",
            f"the template names unknown figures: {', '.join(unknown)}",
        )
    if not template.lstrip().startswith("# "):
        raise InvalidInput("模板第一行必须是以 “# ” 开头的标题", "the template must begin with a '# ' title line")


def period_words(start: date, end: date) -> dict[str, str]:
    whole_year = start == date(start.year, 1, 1) and end == date(start.year, 12, 31)
    first_half = start == date(start.year, 1, 1) and end == date(start.year, 6, 30)
    if whole_year:
        title = phrase = f"{start.year}年"
    elif first_half:
        title, phrase = f"{start.year}年上半年", f"{start.year}年上半年"
    else:
        title = f"{_day(start)}至{_day(end)}"
        phrase = f"{_day(start)}至{_day(end)}"
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    end_phrase = f"截至{end.year}年{end.month}月底" if month_end else f"截至{_day(end)}"
    return {"period_title": title, "period_phrase": phrase, "period_end_phrase": end_phrase}


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def fill(template: str, facts: SummaryFacts) -> str:
    check_template(template)
    words = {"township": facts.township, **period_words(facts.period_from, facts.period_to)}
    names = {key: _names(facts.names.get(key, [])) for key in NAME_LISTS}

    def substitute(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in words:
            return words[key]
        if key in names:
            return names[key]
        return facts.figures[key].text

    return PLACEHOLDER.sub(substitute, template)


def _names(names: list[str]) -> str:
    from taizhang.summary.numbers import chinese_list

    return chinese_list(names) if names else "（无）"


def render_markdown(facts: SummaryFacts, template: str | None = None) -> str:
    text = fill(template or default_template(), facts)
    if facts.as_of is not None:
        text += f"\n\n> 本总结按 {facts.as_of.isoformat()} 时台账所载内容生成。\n"
    return text


def render_docx(facts: SummaryFacts, template: str | None = None) -> bytes:
    """A Word document a clerk can edit: the title, headings for the parts, one paragraph a point."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for written in printable(fill(template or default_template(), facts)).splitlines():
        line = written.strip()
        if not line:
            continue
        if line.startswith("# "):
            document.add_heading(line[2:], level=0)
        elif line.startswith("## "):
            document.add_heading(line[3:], level=1)
        else:
            paragraph = document.add_paragraph(line)
            paragraph.paragraph_format.first_line_indent = Pt(28)
    if facts.as_of is not None:
        document.add_paragraph(f"本总结按 {facts.as_of.isoformat()} 时台账所载内容生成。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_json(facts: SummaryFacts, template: str | None = None) -> dict[str, Any]:
    """Every figure with its name, unit, value and the events behind it, plus the filled text."""
    return {
        "township": facts.township,
        "period": {"from": facts.period_from.isoformat(), "to": facts.period_to.isoformat()},
        "as_of": facts.as_of.isoformat() if facts.as_of else None,
        "figures": [
            {
                "code": code,
                "name": BY_CODE[code].name,
                "unit": BY_CODE[code].unit,
                "origin": BY_CODE[code].origin.value,
                "value": str(figure.value),
                "text": figure.text,
                "provenance": figure.provenance,
            }
            for code, figure in facts.figures.items()
        ],
        "names": facts.names,
        "text": fill(template or default_template(), facts),
    }
