"""``taizhang history export|import`` and ``taizhang import-ledger``: moving records in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taizhang.audit.stores import audit_service
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.progress import progress_bar
from taizhang.cli.running import acting, read_file, recording
from taizhang.history import export_history, import_history

group = typer.Typer(help="整个历史 the whole history as JSON Lines (docs/HISTORY-FORMAT.md).", no_args_is_help=True)
ActorOption = Annotated[str, typer.Option("--actor", help="who brings the records in (recorded on the import)")]


@group.command("export")
def export(file: Path, data: DataOption = None) -> None:
    """Write every event of the record to FILE, with the latest signed checkpoint and the township's key if any."""
    settings = load_settings(data)
    with recording(data, settings) as app, progress_bar("导出完整历史") as advance:
        audit = audit_service(app, settings) if settings.store != "memory" else None
        count = export_history(app, file, audit, advance)
    typer.echo(f"已导出 {count} 条事件到 {file}")


@group.command("import")
def import_(
    file: Path, actor: ActorOption, data: DataOption = None,
    public_key: Annotated[str | None, typer.Option("--public-key", help="the township's published key (a vkey, "
                                                   "or a file with it or its PEM), to check the file's checkpoint")]
    = None,
) -> None:
    """Bring an exported history into an empty store (a new folder is made): all of it, or nothing; says what the
    file proved."""
    settings = load_settings(data, creating=True)
    with recording(data, settings, new_store=True) as app, progress_bar("导入完整历史") as advance:
        outcome = import_history(app, file, actor, public_key=public_key, progress=advance)
    for check in outcome.checks:
        typer.echo(f"核验：{check}")
    typer.echo(f"已导入，截至位置 {outcome.position}")


def import_ledger(file: Path, actor: ActorOption, data: DataOption = None) -> None:
    """Bring an Excel problem ledger in as late entries (docs/EXCEL-LEDGER.md): every row, or nothing."""
    with acting(data, actor, "imports.excel_ledger") as (app, _), progress_bar(f"导入 {file.name}") as advance:
        outcome = app.import_excel_ledger(read_file(file), file.name, actor, advance)
    typer.echo(f"已导入 {file.name}，截至位置 {outcome.position}")
