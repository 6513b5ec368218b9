"""``taizhang history export|import`` and ``taizhang import-ledger``: moving records in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from domain.errors import DomainError
from taizhang.bootstrap import build_app
from taizhang.history import export_history, import_history
from taizhang.settings import Settings

history_cli = typer.Typer(help="整个历史 the whole history as JSON Lines (docs/HISTORY-FORMAT.md).", no_args_is_help=True)
DataOption = Annotated[Optional[Path], typer.Option("--data", help="data folder of the embedded SQLite store")]
ActorOption = Annotated[str, typer.Option("--actor", help="who brings the records in (recorded on the import)")]


def _settings(data: Optional[Path]) -> Settings:
    settings = Settings()
    return settings.model_copy(update={"data_dir": data}) if data is not None else settings


@history_cli.command("export")
def export(file: Path, data: DataOption = None) -> None:
    """Write every event of the record to FILE."""
    app = build_app(_settings(data))
    try:
        count = export_history(app, file)
    finally:
        app.close()
    typer.echo(f"已导出 {count} 条事件到 {file}")


@history_cli.command("import")
def import_(file: Path, actor: ActorOption, data: DataOption = None) -> None:
    """Bring an exported history into an empty store: all of it, or nothing."""
    app = build_app(_settings(data))
    try:
        outcome = import_history(app, file, actor)
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        app.close()
    typer.echo(f"已导入，截至位置 {outcome.position}")


def import_ledger(file: Path, actor: ActorOption, data: DataOption = None) -> None:
    """Bring an Excel problem ledger in as late entries (docs/EXCEL-LEDGER.md): every row, or nothing."""
    app = build_app(_settings(data))
    try:
        outcome = app.import_excel_ledger(file.read_bytes(), file.name, actor)
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        app.close()
    typer.echo(f"已导入 {file.name}，截至位置 {outcome.position}")
