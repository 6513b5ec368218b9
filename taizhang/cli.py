"""The ``taizhang`` command line. Sub-command groups live beside it and are added in ``main``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from domain.errors import DomainError
from taizhang.bootstrap import build_app
from taizhang.settings import Settings

cli = typer.Typer(help="台账 — the township's zero-garbage campaign record.", no_args_is_help=True)


def load_settings(data: Optional[Path] = None) -> Settings:
    """Settings from TAIZHANG_ variables; ``--data`` chooses the data folder of the embedded store."""
    settings = Settings()
    if data is not None:
        settings = settings.model_copy(update={"data_dir": data})
    return settings


@cli.callback()
def root() -> None:
    """台账 — the township's zero-garbage campaign record."""


DataOption = Annotated[Optional[Path], typer.Option("--data", help="data folder of the embedded SQLite store")]


@cli.command()
def init(
    township: Annotated[str, typer.Option(help="township name, e.g. 东风镇")],
    code: Annotated[str, typer.Option(help="township code (letters, digits, - or _)")],
    data: DataOption = None,
) -> None:
    """Initialise an empty store as the real record of one township."""
    app = build_app(load_settings(data))
    try:
        outcome = app.init_store("real", township, code, "system:init")
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        app.close()
    typer.echo(f"已初始化 {township}（{code}），位置 {outcome.position}")


def _add_groups() -> None:
    from taizhang.audit.cli import audit_cli

    cli.add_typer(audit_cli, name="audit")


_add_groups()


def main() -> None:
    cli()
