"""The narrative template a summary is written with: one given, else the township's own, else the default."""

from __future__ import annotations

from pathlib import Path

from taizhang.summary.render import check_template, default_template

TEMPLATE_NAME = "summary-template.md"


def township_template(data_dir: Path, explicit: Path | None = None) -> str:
    """The template's text, checked: a template may arrange the figures but never invent one."""
    own = data_dir / TEMPLATE_NAME
    if explicit is not None:
        text = explicit.read_text(encoding="utf-8")
    elif own.is_file():
        text = own.read_text(encoding="utf-8")
    else:
        text = default_template()
    check_template(text)
    return text
