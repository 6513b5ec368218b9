"""``taizhang summary``: the work summary for a period, as of a moment, in Markdown, Word or JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from taizhang.audit.reprint import print_seal, summary_document
from taizhang.cli.options import DataOption, as_of_moment, load_settings
from taizhang.cli.running import answering
from taizhang.summary.figures import summary_facts
from taizhang.summary.render import render_docx, render_json, render_markdown
from taizhang.summary.template import township_template


def summary(
    first: Annotated[str, typer.Option("--from", help="first day of the period, e.g. 2023-01-01")],
    last: Annotated[str, typer.Option("--to", help="last day of the period (included), e.g. 2023-12-31")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="the record as it stood then (ISO time with zone)")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="md, docx or json")] = "md",
    out: Annotated[Path | None, typer.Option("--out", help="write to this file (docx needs it)")] = None,
    template: Annotated[Path | None, typer.Option("--template", help="the township's own narrative template")] = None,
    data: DataOption = None,
) -> None:
    """Write the work summary (工作总结) with every figure taken from the record."""
    if output_format not in ("md", "docx", "json"):
        raise typer.BadParameter("--format must be md, docx or json")
    if output_format == "docx" and out is None:
        raise typer.BadParameter("a Word document needs --out FILE.docx")
    settings = load_settings(data)
    with answering(data, settings) as (projector, _):
        township = projector.app.township().name
        text = township_template(settings.data_dir, template)
        try:
            period = date.fromisoformat(first), date.fromisoformat(last)
        except ValueError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(2) from None
        facts = summary_facts(
            projector.store, township, *period, as_of_moment(as_of), with_events=output_format == "json"
        )
        seal = None
        if output_format == "docx":
            document = summary_document(*period)
            seal = print_seal(projector.app, settings, document, facts.position or 0)
    if output_format == "docx":
        assert out is not None
        out.write_bytes(render_docx(facts, text, seal))
        typer.echo(f"已写入 {out}")
        return
    body = render_markdown(facts, text) if output_format == "md" else json.dumps(
        render_json(facts, text), ensure_ascii=False, indent=2
    )
    if out is None:
        typer.echo(body)
    else:
        out.write_text(body, encoding="utf-8")
        typer.echo(f"已写入 {out}")
