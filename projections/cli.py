"""``taizhang projections run | rebuild [NAME] | status`` and the read-model queries, as tables or JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from domain.errors import DomainError
from projections import queries
from projections.rebuild import rebuild as rebuild_models
from projections.runner import Projector
from projections.snapshot import Period
from taizhang.bootstrap import build_app, build_read_store
from taizhang.settings import Settings

projections_cli = typer.Typer(help="读模型 read models: catch up, rebuild, status and queries.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="a recorded time (ISO, with zone) or a position")]
DataOption = Annotated[Optional[Path], typer.Option("--data", help="data folder of the embedded SQLite store")]
console = Console()


def load_settings(data: Optional[Path]) -> Settings:
    settings = Settings()
    return settings.model_copy(update={"data_dir": data}) if data is not None else settings


def _projector(data: Any) -> Projector:
    settings = load_settings(data)
    projector = Projector(build_app(settings), build_read_store(settings))
    projector.setup()
    return projector


def _close(projector: Projector) -> None:
    projector.stop()
    projector.store.close()
    projector.app.close()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _print(rows: list[dict[str, Any]], as_json: bool, title: str, extra: dict[str, Any] | None = None) -> None:
    if as_json:
        typer.echo(json.dumps(_plain({**(extra or {}), "rows": rows}), ensure_ascii=False, indent=2))
        return
    table = Table(title=title)
    columns = list(rows[0]) if rows else []
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(_plain(row[c])) for c in columns))
    console.print(table)
    if extra:
        console.print(_plain(extra))


def _as_of(text: Optional[str]) -> datetime | int | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else datetime.fromisoformat(text)


@projections_cli.command()
def run(data: DataOption = None, poll: Annotated[float, typer.Option(help="seconds between polls")] = 0.2) -> None:
    """Keep the read models caught up until interrupted (a separate projection process)."""
    projector = _projector(data)
    console.print(f"projecting from position {projector.position()} (Ctrl-C to stop)")
    try:
        projector.run_forever(poll)
    except KeyboardInterrupt:
        pass
    finally:
        _close(projector)


@projections_cli.command()
def rebuild(
    name: Annotated[Optional[str], typer.Argument(help="event_index, problem_ledger or evidence_refs; all when omitted")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="rebuild into the live tables")] = False,
    data: DataOption = None,
) -> None:
    """Rebuild read models from the first event, side by side (swapped in at the end) or in place."""
    projector = _projector(data)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=console) as bar:
            task = bar.add_task(f"rebuilding {name or 'all read models'}", total=projector.head())
            applied = rebuild_models(
                projector, name, side_by_side=not in_place, progress=lambda done, head: bar.update(task, completed=done, total=head)
            )
    except ValueError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    finally:
        _close(projector)
    console.print(f"rebuilt: {applied} events applied")


@projections_cli.command()
def status(data: DataOption = None, as_json: JsonOption = False) -> None:
    """Each read model's position, the head of the log and the lag."""
    projector = _projector(data)
    try:
        rows = [dataclasses.asdict(s) for s in projector.status()]
    finally:
        _close(projector)
    _print(rows, as_json, "read models")


@projections_cli.command()
def counts(
    by: Annotated[str, typer.Option(help="comma-separated: village_id, source, category, stage …")] = "village_id",
    first: Annotated[Optional[str], typer.Option(help="first occurred day, YYYY-MM-DD")] = None,
    last: Annotated[Optional[str], typer.Option(help="last occurred day, YYYY-MM-DD")] = None,
    basis: Annotated[str, typer.Option(help="which stage's time falls in the period")] = "registered",
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Problems per group for an occurred period, as the record stood at ``--as-of``."""
    projector = _projector(data)
    try:
        period = Period.days(date.fromisoformat(first or "1900-01-01"), date.fromisoformat(last or "2999-12-31"))
        figures = queries.counts(projector.store, by.split(","), period, basis, _as_of(as_of))
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        _close(projector)
    rows = [{**r.key, "count": r.count, "labour": r.labour_person_times, "machinery": r.machinery_unit_times,
             "tonnes": r.tonnes_cleared, "buildings": r.buildings_demolished} for r in figures.rows]
    _print(rows, as_json, "counts", {"as_of": figures.snapshot.as_dict()})


@projections_cli.command()
def overdue(
    on: Annotated[str, typer.Option(help="the day judged, YYYY-MM-DD")],
    as_of: AsOfOption = None,
    limit: Annotated[int, typer.Option(help="rows a page, longest overdue first")] = 500,
    offset: Annotated[int, typer.Option(help="rows skipped before the page")] = 0,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Problems open past their deadline at the end of a day, a page at a time."""
    projector = _projector(data)
    try:
        figures = queries.overdue(projector.store, date.fromisoformat(on), _as_of(as_of), limit=limit, offset=offset)
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        _close(projector)
    keep = ("problem_id", "village_id", "category", "stage", "deadline", "days_overdue")
    _print([{k: r[k] for k in keep} for r in figures.rows], as_json, f"overdue on {on}",
           {"as_of": figures.snapshot.as_dict()})
