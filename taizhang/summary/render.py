"""Fill the township's narrative template with what the record says: Markdown, Word (公文) or JSON.

A template places figures (``{{ruined_walls_cleared}}``), lists of villages, and the blocks written
from the record (``{{problems_found}}``, ``{{next_steps}}``, ``{{assessment_section}}``). A figure with
no records says 本期未录入 (its unit goes with it), never 0; a passage in ``[[…]]`` is left out when none
of its figures or lists has anything to say; a heading with nothing under it is left out. No
placeholder ever reaches the text, and a template cannot invent a figure.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any

from domain.errors import InvalidInput
from domain.indicators import BY_CODE, CATALOGUE
from domain.local_time import CHINA
from taizhang.exports.cells import printable
from taizhang.summary.findings import Finding, Findings
from taizhang.summary.numbers import chinese_list

if TYPE_CHECKING:
    from taizhang.audit.printed import Seal

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)
NAME_LISTS = ("clean_village_names", "sewage_station_villages")
CONTEXT = ("township", "period_title", "period_phrase", "period_end_phrase")
BLOCKS = ("problems_found", "next_steps", "assessment_section")
NOT_RECORDED = "（本期未录入）"
ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Figure:
    """One figure of the summary and the events that produced it."""

    code: str
    value: Decimal
    text: str
    provenance: list[dict[str, Any]] = field(default_factory=list)
    recorded: bool = True


@dataclass(frozen=True)
class SummaryFacts:
    township: str
    period_from: date
    period_to: date
    as_of: datetime | None
    figures: dict[str, Figure]
    names: dict[str, list[str]]
    findings: Findings = field(default_factory=lambda: Findings([], [], []))
    position: int = 0  # the log position the figures were read at
    recorded_at: datetime | None = None  # the time of the record at ``position``

    @property
    def issued_on(self) -> date:
        """The day the summary speaks for: the moment asked for, else the record's latest, else the period's end."""
        moment = self.as_of or self.recorded_at
        return moment.astimezone(CHINA).date() if moment is not None else self.period_to


def default_template() -> str:
    return resources.files("taizhang.summary").joinpath("default_template.md").read_text(encoding="utf-8")


def check_template(template: str) -> None:
    """A template may place any figure, but may not invent one."""
    known = {i.code for i in CATALOGUE} | set(NAME_LISTS) | set(CONTEXT) | set(BLOCKS)
    unknown = sorted({m.group(1) for m in PLACEHOLDER.finditer(template)} - known)
    if unknown:
        raise InvalidInput(
            f"模板中有未知的数字占位符：{'、'.join(unknown)}",
            f"the template names unknown figures: {', '.join(unknown)}",
        )
    if not template.lstrip().startswith("# "):
        raise InvalidInput("模板第一行必须是以 “# ” 开头的标题", "the template must begin with a '# ' title line")
    if template.count("[[") != template.count("]]"):
        raise InvalidInput("模板中的 [[ 与 ]] 不成对", "the template's [[ and ]] do not pair up")


def period_words(start: date, end: date) -> dict[str, str]:
    whole_year = start == date(start.year, 1, 1) and end == date(start.year, 12, 31)
    first_half = start == date(start.year, 1, 1) and end == date(start.year, 6, 30)
    whole_month = start.day == 1 and end == date(start.year, start.month, calendar.monthrange(*_ym(start))[1])
    if whole_year:
        title = phrase = f"{start.year}年"
    elif first_half:
        title = phrase = f"{start.year}年上半年"
    elif whole_month:
        title = phrase = f"{start.year}年{start.month}月"
    else:
        title = phrase = f"{_day(start)}至{_day(end)}"
    month_end = end.day == calendar.monthrange(*_ym(end))[1]
    end_phrase = f"截至{end.year}年{end.month}月底" if month_end else f"截至{_day(end)}"
    return {"period_title": title, "period_phrase": phrase, "period_end_phrase": end_phrase}


def _ym(day: date) -> tuple[int, int]:
    return day.year, day.month


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def block_text(name: str, findings: Findings) -> str:
    """A block written from the record: paragraphs; the next steps numbered as the seed numbers them (一是…)."""
    if name == "next_steps":
        return "\n\n".join(f"{ORDINALS[i] if i < 10 else i + 1}是{f.text}" for i, f in enumerate(findings.next_steps))
    chosen = findings.problems if name == "problems_found" else findings.assessment
    return "\n\n".join(f.text for f in chosen)


def fill(template: str, facts: SummaryFacts, mark: Callable[[str, str], str] | None = None) -> str:
    """The template filled from ``facts``; ``mark(code, text)`` may wrap each recorded figure (a page links it)."""
    check_template(template)
    words = {"township": facts.township, **period_words(facts.period_from, facts.period_to)}
    names = {key: facts.names.get(key, []) for key in NAME_LISTS}

    def says_something(passage: str) -> bool:
        keys = [m.group(1) for m in PLACEHOLDER.finditer(passage)]
        return any((k in facts.figures and facts.figures[k].recorded) or (k in names and names[k]) for k in keys)

    text = OPTIONAL.sub(lambda m: m.group(1) if says_something(m.group(1)) else "", template)

    def substitute(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in words:
            return words[key]
        if key in names:
            return chinese_list(names[key])
        if key in BLOCKS:
            return block_text(key, facts.findings)
        figure = facts.figures[key]
        if not figure.recorded:
            return NOT_RECORDED
        return mark(key, figure.text) if mark is not None else figure.text

    # An unrecorded figure takes its unit with it; an empty list of villages takes the 等 after it.
    for code, figure in facts.figures.items():
        if not figure.recorded:
            placed = r"\{\{\s*" + code + r"\s*\}\}" + re.escape(BY_CODE[code].unit)
            text = re.sub("（" + placed + "）", NOT_RECORDED, text)
            text = re.sub(placed, NOT_RECORDED, text)
    for key, listed in names.items():
        if not listed:
            text = re.sub(r"\{\{\s*" + key + r"\s*\}\}等", "", text)
    return _without_empty_headings(PLACEHOLDER.sub(substitute, text))


def _without_empty_headings(text: str) -> str:
    """Drop blank-line runs and any ``## `` heading with nothing under it before the next heading."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if paragraph.startswith("## ") and (following is None or following.startswith("#")):
            continue
        kept.append(paragraph)
    return "\n\n".join(kept) + "\n"


def provenance_note(facts: SummaryFacts) -> str:
    when = f"（{facts.recorded_at.astimezone(CHINA):%Y-%m-%d %H:%M}）" if facts.recorded_at else ""
    return f"本总结依据台账第 {facts.position} 号记录{when}所载内容生成，每个数字均可追溯到所依据的记录。"


def render_markdown(facts: SummaryFacts, template: str | None = None) -> str:
    return fill(template or default_template(), facts) + f"\n> {provenance_note(facts)}\n"


def render_docx(facts: SummaryFacts, template: str | None = None, seal: Seal | None = None) -> bytes:
    """An official document (GB/T 9704) a clerk can edit and file: title, headings, text, issuing office and date.

    A sealed printout states its log position in its verification code instead of the note on its basis.
    """
    from taizhang.audit.printed import stamp_document
    from taizhang.exports.official import Signature, add_heading, add_signature, add_title, official_document, to_bytes

    document = official_document()
    for paragraph in printable(fill(template or default_template(), facts)).split("\n\n"):
        line = paragraph.strip()
        if line.startswith("# "):
            add_title(document, line[2:])
        elif line.startswith("## "):
            add_heading(document, line[3:], 1)
        elif line.startswith("### "):
            add_heading(document, line[4:], 2)
        else:
            document.add_paragraph(" ".join(line.split("\n")))
    if seal is None:
        document.add_paragraph(provenance_note(facts))
    add_signature(document, Signature(f"{facts.township}人民政府", facts.issued_on))
    stamp_document(document, seal)
    return to_bytes(document)


def finding_record(finding: Finding) -> dict[str, Any]:
    return {"text": finding.text, "provenance": finding.provenance}


def render_json(facts: SummaryFacts, template: str | None = None, head: int | None = None) -> dict[str, Any]:
    """Every figure with its name, unit, value and the events behind it, every sentence of the findings, the text.

    ``head``, the log's last position when the summary was read, says how far the answer lags the record.
    """
    return {
        "township": facts.township,
        "period": {"from": facts.period_from.isoformat(), "to": facts.period_to.isoformat()},
        "as_of": facts.as_of.isoformat() if facts.as_of else None,
        "position": facts.position,
        **({"head": head, "lag": max(head - facts.position, 0)} if head is not None else {}),
        "figures": [
            {
                "code": code,
                "name": BY_CODE[code].name,
                "unit": BY_CODE[code].unit,
                "origin": BY_CODE[code].origin.value,
                "value": str(figure.value),
                "recorded": figure.recorded,
                "text": figure.text if figure.recorded else NOT_RECORDED,
                "provenance": figure.provenance,
            }
            for code, figure in facts.figures.items()
        ],
        "names": facts.names,
        "findings": {
            "problems": [finding_record(f) for f in facts.findings.problems],
            "next_steps": [finding_record(f) for f in facts.findings.next_steps],
            "assessment": [finding_record(f) for f in facts.findings.assessment],
        },
        "text": fill(template or default_template(), facts),
    }
