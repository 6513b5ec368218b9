"""Charts as inline SVG drawn on the server by pygal: no script, no font or file fetched from anywhere."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from markupsafe import Markup
from pygal.style import Style

from taizhang.exports.cells import printable

FONT = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif"
TOWNSHIP_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#9aa5b1",
    colors=("#2f855a", "#3182ce", "#c53030"),
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    legend_font_family=FONT,
    title_font_family=FONT,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=11,
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


@dataclass(frozen=True)
class Segment:
    value: int
    href: str | None


@dataclass(frozen=True)
class Series:
    title: str
    segments: Sequence[Segment]


def stacked_bars(labels: Sequence[str], series: Sequence[Series], title: str = "") -> Markup:
    """One horizontal bar per label, first label on top, stacked by series; segments link to their events."""
    longest = max((sum(s.segments[i].value for s in series) for i in range(len(labels))), default=0)
    step = max(1, math.ceil(longest / 10))
    chart = pygal.HorizontalStackedBar(
        style=TOWNSHIP_STYLE,
        width=900,
        height=max(220, 46 * len(labels) + 110),
        js=[],  # pygal's tooltips would load a script from the internet
        disable_xml_declaration=True,
        print_values=True,
        print_zeroes=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        show_y_guides=False,
        margin=8,
        title=title or None,
        truncate_label=-1,
        explicit_size=False,
        y_labels=list(range(0, longest + step, step)),  # whole problems: no 0.2 ticks
    )
    # pygal draws the first label at the bottom; reversed, the first-ranked village is on top
    chart.x_labels = [printable(label) for label in reversed(labels)]  # SVG is XML: recorded control characters
    for s in series:
        chart.add(s.title, [_value(segment) for segment in reversed(s.segments)])
    return rendered(chart)


def _value(segment: Segment) -> dict[str, object]:
    value: dict[str, object] = {"value": segment.value or None}
    if segment.href and segment.value:
        value["xlink"] = {"href": segment.href, "target": "_top"}
    return value


def score_bars(labels: Sequence[str], scores: Sequence[object], links: Sequence[str | None]) -> Markup:
    """The month's scores, one horizontal bar a village in rank order; each bar links to its facts."""
    chart = pygal.HorizontalBar(
        style=TOWNSHIP_STYLE, width=900, height=max(200, 40 * len(labels) + 90), js=[], disable_xml_declaration=True,
        print_values=True, show_legend=False, show_y_guides=False, margin=8, truncate_label=-1, explicit_size=False,
        range=(0, 100),
    )
    chart.x_labels = [printable(label) for label in reversed(labels)]
    values = []
    for score, href in reversed(list(zip(scores, links, strict=True))):
        value: dict[str, object] = {"value": float(str(score))}
        if href:
            value["xlink"] = {"href": href, "target": "_top"}
        values.append(value)
    chart.add("得分", values)
    return rendered(chart)


def rendered(chart: Any) -> Markup:
    """The chart's SVG, without pygal's script, and without the name "Pygal" it gives an untitled chart (a
    tooltip over the whole chart): the page's own heading names it."""
    return Markup(_SCRIPT.sub("", chart.render(is_unicode=True)).replace("<title>Pygal</title>", ""))
