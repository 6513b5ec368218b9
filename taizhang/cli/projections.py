"""``taizhang projections run | rebuild [NAME] | status | counts | overdue``: the read models and their queries."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer

from projections import queries
from projections.rebuild import rebuild as rebuild_models
from projections.snapshot import Period
from taizhang.application import Taizhang
from taizhang.cli.options import AsOfOption, DataOption, JsonOption, at, day_option
from taizhang.cli.output import console, print_rows
from taizhang.cli.progress import progress_bar
from taizhang.cli.running import answering, projecting

MODEL_NAMES = {
    "event_index": "事件索引", "problem_ledger": "问题台账", "campaign_facts": "工作量与设施",
    "assessment_facts": "考核事实", "evidence_refs": "证据引用",
}
group = typer.Typer(help="读模型 read models: catch up, rebuild, status and queries.", no_args_is_help=True)


@group.command()
def run(data: DataOption = None, poll: Annotated[float, typer.Option(help="seconds between polls")] = 0.2) -> None:
    """Keep the read models caught up until interrupted (a separate projection process)."""
    with projecting(data) as projector:
        console.print(f"读模型从位置 {projector.position()} 起持续追赶（Ctrl-C 停止） / projecting (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            projector.run_forever(poll)


@group.command()
def rebuild(
    name: Annotated[
        str | None, typer.Argument(help="event_index, problem_ledger or evidence_refs; all when omitted")
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="rebuild into the live tables")] = False,
    data: DataOption = None,
) -> None:
    """Rebuild read models from the first event, side by side (swapped in at the end) or in place."""
    with projecting(data) as projector:
        what = f"重建{MODEL_NAMES.get(name, name)}" if name else "重建全部读模型"
        try:
            with progress_bar(what) as advance:
                applied = rebuild_models(projector, name, side_by_side=not in_place, progress=advance)
        except ValueError as error:
            typer.echo(f"{error} / 可重建：{'、'.join(MODEL_NAMES)}", err=True)
            raise typer.Exit(2) from None
    console.print(f"已重建：应用 {applied} 条事件 / rebuilt: {applied} events applied")


@group.command()
def status(data: DataOption = None, as_json: JsonOption = False) -> None:
    """Each read model's position, the head of the log and the lag."""
    with projecting(data) as projector:
        rows = [dataclasses.asdict(s) for s in projector.status()]
    print_rows(rows, as_json, "读模型状态", names={"name": lambda name: f"{MODEL_NAMES.get(name, name)}（{name}）"})


@group.command()
def counts(
    by: Annotated[str, typer.Option(help="comma-separated: village_id, source, category, stage …")] = "village_id",
    first: Annotated[date | None, day_option("--first", help="first occurred day, YYYY-MM-DD")] = None,
    last: Annotated[date | None, day_option("--last", help="last occurred day, YYYY-MM-DD")] = None,
    basis: Annotated[str, typer.Option(help="which stage's time falls in the period")] = "registered",
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Problems per group for an occurred period, as the record stood at ``--as-of``."""
    with answering(data) as (projector, _):
        period = Period.days(first or date(1900, 1, 1), last or date(2999, 12, 31))
        figures = queries.counts(projector.store, by.split(","), period, basis, at(as_of))
        places = village_names(projector.app)
    rows = [{**r.key, "count": r.count, "labour": r.labour_person_times, "machinery": r.machinery_unit_times,
             "tonnes": r.tonnes_cleared, "buildings": r.buildings_demolished} for r in figures.rows]
    print_rows(rows, as_json, "问题统计", {"as_of": figures.snapshot.as_dict()}, names=places)


@group.command()
def overdue(
    on: Annotated[date, day_option("--on", help="the day judged, YYYY-MM-DD")],
    as_of: AsOfOption = None,
    limit: Annotated[int, typer.Option(help="rows a page, longest overdue first")] = 500,
    offset: Annotated[int, typer.Option(help="rows skipped before the page")] = 0,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Problems open past their deadline at the end of a day, a page at a time."""
    with answering(data) as (projector, _):
        figures = queries.overdue(projector.store, on, at(as_of), limit=limit, offset=offset)
        places = village_names(projector.app)
    keep = ("problem_id", "village_id", "category", "stage", "deadline", "days_overdue")
    print_rows([{k: r[k] for k in keep} for r in figures.rows], as_json, f"{on.isoformat()} 逾期问题",
               {"as_of": figures.snapshot.as_dict()}, names=places)


def village_names(app: Taizhang) -> dict[str, Callable[[Any], str]]:
    """The ``village_id`` column said as the village's name."""
    named = {str(v.id): v.name for v in app.villages()}
    return {"village_id": lambda village_id: named.get(str(village_id), "—" if village_id is None else str(village_id))}
