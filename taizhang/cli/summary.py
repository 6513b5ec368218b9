"""``taizhang summary``: the work summary for a period, as of a moment, in Markdown, Word or JSON."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from taizhang.audit.reprint import print_seal, summary_document
from taizhang.cli import output
from taizhang.cli.options import AsOfOption, DataOption, at, day_option, load_settings
from taizhang.cli.running import answering
from taizhang.summary.figures import summary_facts
from taizhang.summary.render import render_docx, render_json, render_markdown
from taizhang.summary.template import township_template


class SummaryFormat(StrEnum):
    MD = "md"
    DOCX = "docx"
    JSON = "json"


def summary(
    first: Annotated[date, day_option("--from", help="first day of the period, e.g. 2023-01-01")],
    last: Annotated[date, day_option("--to", help="last day of the period (included), e.g. 2023-12-31")],
    as_of: AsOfOption = None,
    output_format: Annotated[SummaryFormat, typer.Option("--format", help="md, docx or json")] = SummaryFormat.MD,
    out: Annotated[Path | None, typer.Option("--out", help="write to this file (docx needs it)")] = None,
    template: Annotated[Path | None, typer.Option("--template", help="the township's own narrative template")] = None,
    data: DataOption = None,
) -> None:
    """Write the work summary (工作总结) with every figure taken from the record."""
    if output_format == SummaryFormat.DOCX and out is None:
        raise typer.BadParameter("Word 文件需要 --out 文件名.docx / a Word document needs --out FILE.docx",
                                 param_hint="--out")
    settings = load_settings(data)
    with answering(data, settings) as (projector, _):
        township = projector.app.township().name
        text = township_template(settings.data_dir, template)
        facts = summary_facts(projector.store, township, first, last, at(as_of), with_events=output_format == "json")
        seal = None
        if output_format == "docx":
            seal = print_seal(projector.app, settings, summary_document(first, last), facts.position)
    if output_format == "docx":
        assert out is not None
        out.write_bytes(render_docx(facts, text, seal))
        typer.echo(f"已写入 {out}")
        return
    body = render_markdown(facts, text) if output_format == "md" else json.dumps(
        render_json(facts, text, output.LOG_HEAD), ensure_ascii=False, indent=2
    )
    if out is None:
        typer.echo(body)
    else:
        out.write_text(body, encoding="utf-8")
        typer.echo(f"已写入 {out}")
