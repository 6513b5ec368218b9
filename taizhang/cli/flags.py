"""``taizhang flags list|review``: the inspector's red flags (疑点) as of any moment, and their review."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from domain.flags.flag import FLAG_KIND_LABELS
from domain.local_time import CHINA
from projections.flags import FlagFilter, FlagQueries
from taizhang.cli import resolve
from taizhang.cli.options import (
    ActorOption,
    AsOfOption,
    DataOption,
    JsonOption,
    QuietOption,
    at,
    day_option,
    load_settings,
)
from taizhang.cli.output import print_rows
from taizhang.cli.running import acting, caught_up_reads, projecting, recorded
from taizhang.documents.flags import flag_period
from taizhang.inspection import FlagNames, review_flag

group = typer.Typer(help="疑点 red flags: where an inspector should look, and their review (已核实/排除).",
                    no_args_is_help=True)


@group.command("list")
def list_flags(
    kind: Annotated[str | None, typer.Option("--kind", help="one kind: " + ", ".join(FLAG_KIND_LABELS))] = None,
    village: Annotated[str | None, typer.Option("--village", help="village code (or id)")] = None,
    person: Annotated[str | None, typer.Option("--person", help="an account's username")] = None,
    status: Annotated[str | None, typer.Option("--status", help="open, confirmed or dismissed")] = None,
    year: Annotated[int | None, typer.Option("--year", help="the flags of one year's problems and patrols")] = None,
    first: Annotated[date | None, day_option("--from", help="or: the period's first day")] = None,
    last: Annotated[date | None, day_option("--to", help="the period's last day, included")] = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """The red flags of a period (the record's latest year unless asked) as the record stood (``--as-of``),
    under the thresholds then in force."""
    with projecting(data) as projector:
        chosen_period = flag_period(year, first, last)
        projector.catch_up()
        village_id = str(resolve.village(projector.app, village).id) if village else None
        today = projector.app.clock.now().astimezone(CHINA).date()
        chosen = FlagFilter(kind, village_id, person, status)
        queries = FlagQueries(projector.store)
        period = chosen_period or queries.period(at(as_of), today)
        flags, snap = queries.flags(at(as_of), chosen, today, period)
        names = FlagNames(projector.app)
        named = [names.of(f) for f in flags]
    if as_json:
        rows = [n.as_dict() for n in named]
    else:
        rows = [{"kind": n.flag.label, "people": "、".join(n.people), "village": "、".join(n.villages),
                 "reason": n.flag.reason, "review_status": n.status, "flag_key": n.flag.key} for n in named]
    print_rows(rows, as_json, f"{period.words}的疑点 {len(rows)} 条", {"as_of": snap.as_dict(), "period": period.label})


@group.command("review")
def review(
    key: Annotated[str, typer.Argument(help="the flag's key (printed by list)")],
    verdict: Annotated[str, typer.Option("--verdict", help="confirmed (已核实) or dismissed (排除)")],
    reason: Annotated[str, typer.Option("--reason", help="what the check found")],
    actor: ActorOption,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Mark a flag 已核实 or 排除 with the reason; a dismissed flag stays dismissed from now on."""
    settings = load_settings(data)
    with acting(data, actor, "flags.review", settings) as (app, _), caught_up_reads(app, settings) as reads:
        outcome = review_flag(app, reads.store, key, verdict, reason, actor)
    recorded(outcome, "已记录疑点核查结论", quiet)
