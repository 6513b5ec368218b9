"""Closing periods: ``months close``, ``bulletins publish|show`` (季通报) and ``freeze-year-end``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from domain.assessment.bulletin import bulletin_sha256
from domain.assessment.values import quarter_months
from projections.assessment_queries import facts_ref
from taizhang import cases_desk
from taizhang.audit.reprint import bulletin_document, print_seal, red_black_document
from taizhang.cli.options import (
    ActorOption,
    DataOption,
    JsonOption,
    MonthArgument,
    QuietOption,
    YearArgument,
    load_settings,
)
from taizhang.cli.running import acting, answering, caught_up_reads, recorded, recording

months = typer.Typer(
    help="月结 closing a month: its ratings and rankings frozen with their digest.", no_args_is_help=True
)
bulletins = typer.Typer(help="季通报 quarterly bulletins: publish once three months are closed; print byte for byte.",
                            no_args_is_help=True)
QuarterArgument = Annotated[int, typer.Argument(help="1-4", min=1, max=4)]
OutOption = Annotated[Path | None, typer.Option("--out", help="write the bulletin's text to FILE instead of stdout")]


@months.command("close")
def close(month: MonthArgument, actor: ActorOption, data: DataOption = None, quiet: QuietOption = False) -> None:
    """Close a month that is over: its cleaner ratings and village rankings are frozen with a digest."""
    with acting(data, actor, "months.close") as (app, _):
        which = month
        outcome = app.close_month(which, actor)
        closing = app.require_closing(which)
    recorded(outcome, f"{which} 已结账（规则版本 {closing.rule_version_id}，摘要 {closing.digest}）", quiet)


def write_text(text: str, out: Path | None) -> None:
    """The text exactly as rendered: UTF-8, its own line ends, nothing added."""
    if out is not None:
        out.write_bytes(text.encode("utf-8"))
        return
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


@bulletins.command("publish")
def publish(year: YearArgument, quarter: QuarterArgument, actor: ActorOption, out: OutOption = None,
            data: DataOption = None, quiet: QuietOption = False) -> None:
    """Publish the quarter's bulletin once its three months are closed; record its digest."""
    settings = load_settings(data)
    with acting(data, actor, "bulletins.publish", settings) as (app, _), caught_up_reads(app, settings) as reads:
        outcome, text = app.publish_bulletin(year, quarter, actor, cases_desk.open_cases_by_village(app, reads.store))
    if out is not None:
        write_text(text, out)
    recorded(outcome, f"已发布 {year} 年第 {quarter} 季度通报（sha256 {bulletin_sha256(text)}）", quiet)


@bulletins.command("show")
def show(year: YearArgument, quarter: QuarterArgument, out: OutOption = None, data: DataOption = None,
         as_json: JsonOption = False,
         docx: Annotated[Path | None, typer.Option("--docx", help="also write it as a Word document (公文), with its "
                                                   "verification code, to FILE")] = None,
         ) -> None:
    """The published bulletin, regenerated from the record as of its publication, byte for byte, with its digest.

    The text goes to stdout (or ``--out``) untouched; the recorded digest and that of the regenerated text go to
    stderr, so that an inspector can compare them. ``--json`` gives both with the text in one document.
    """
    with answering(data) as (projector, queries):
        text, recorded_sha256 = queries.bulletin(year, quarter)
        published = projector.app.bulletin(year, quarter)
        position = published.as_of_position if published else None
        closings = [queries.month(m, position).closing_ref for m in quarter_months(year, quarter)]
        if docx is not None and published is not None:
            app = projector.app
            head = app.recorder.max_notification_id() or 0
            seal = print_seal(app, load_settings(data), bulletin_document(year, quarter), head)
            docx.write_bytes(app.export_bulletin(year, quarter, seal))
    regenerated = bulletin_sha256(text)
    if as_json:
        typer.echo(json.dumps({"year": year, "quarter": quarter, "as_of": {"position": position},
                               "text_sha256": recorded_sha256, "regenerated_sha256": regenerated,
                               "matches": regenerated == recorded_sha256,
                               "provenance": facts_ref([c for c in closings if c is not None], position),
                               "text": text}, ensure_ascii=False, indent=2))
        return
    write_text(text, out)
    verdict = "一致" if regenerated == recorded_sha256 else "不一致！"
    typer.echo(f"发布时 sha256 {recorded_sha256}；重新生成 sha256 {regenerated}（{verdict}）", err=True)


def freeze_year_end(
    year: YearArgument, actor: ActorOption, data: DataOption = None, quiet: QuietOption = False
) -> None:
    """Record the year-end assessment once all twelve months are closed, with the digest of its content."""
    with acting(data, actor, "year_end.freeze") as (app, _):
        outcome = app.freeze_year_end(year, actor)
        frozen = app.year_end_record(year)
    recorded(outcome, f"已确定 {year} 年年终考核（摘要 {frozen.digest if frozen else ''}）", quiet)


@bulletins.command("red-black")
def red_black(year: YearArgument, quarter: QuarterArgument, out: OutOption = None, data: DataOption = None,
              docx: Annotated[Path | None, typer.Option("--docx", help="also write it for posting as a Word "
                                                        "document (公文), with its verification code, to FILE")] = None,
              xlsx: Annotated[Path | None, typer.Option("--xlsx", help="also write it for posting as an Excel "
                                                        "workbook, with its verification code, to FILE")] = None,
              ) -> None:
    """The quarter's red and black list (红黑榜) as its bulletin carries it (or as published beside an older one)."""
    with recording(data) as app:
        text = app.posted_red_black(year, quarter).text
        head = app.recorder.max_notification_id() or 0
        for path, file_format, export in ((docx, "docx", app.export_red_black_docx),
                                          (xlsx, "xlsx", app.export_red_black_xlsx)):
            if path is not None:
                seal = print_seal(app, load_settings(data), red_black_document(year, quarter, file_format), head)
                path.write_bytes(export(year, quarter, seal))
    write_text(text, out)


@bulletins.command("publish-red-black")
def publish_red_black(year: YearArgument, quarter: QuarterArgument, actor: ActorOption, out: OutOption = None,
                      data: DataOption = None) -> None:
    """Publish the red and black list (红黑榜) beside a bulletin recorded before bulletins carried one, frozen at
    the bulletin's position (a bulletin that carries its list refuses a second)."""
    settings = load_settings(data)
    with acting(data, actor, "red_black.publish", settings) as (app, _), caught_up_reads(app, settings) as reads:
        _, text = app.publish_red_black_list(year, quarter, cases_desk.open_cases_by_village(app, reads.store), actor)
    write_text(text, out)
