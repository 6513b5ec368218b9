"""The ``taizhang`` command line. Sub-command groups live beside it and are added in ``main``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from domain.account import AccessRole, check_username
from domain.errors import DomainError
from taizhang.bootstrap import build_app
from projections.assessment_cli import register as register_assessment_queries
from taizhang.assessment_cli import register as register_assessment_commands
from projections.cli import projections_cli
from taizhang.demo.command import demo
from taizhang.cli_accounts import accounts_cli, open_account, serve, settings_or_exit
from taizhang.credentials import check_password_strength
from taizhang.settings import Settings
from taizhang.summary.command import summary
from taizhang.history_command import history_cli, import_ledger

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
    admin: Annotated[Optional[str], typer.Option(help="username of the first township_admin account")] = None,
    admin_password: Annotated[
        Optional[str], typer.Option(help="asked for when --admin is given without it", envvar="TAIZHANG_ADMIN_PASSWORD")
    ] = None,
) -> None:
    """Initialise an empty store as the real record of one township (and open its first administrator)."""
    settings = settings_or_exit(data)
    if admin and not admin_password:
        admin_password = typer.prompt("管理员密码 / admin password", hide_input=True, confirmation_prompt=True)
    try:
        if admin:
            check_username(admin)
            check_password_strength(admin_password or "")
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    app = build_app(settings)
    try:
        outcome = app.init_store("real", township, code, "system:init")
        if admin and admin_password:
            open_account(settings, app, admin, admin_password, AccessRole.TOWNSHIP_ADMIN, None)
            typer.echo(f"已开通镇管理员账号 {admin}")
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        app.close()
    typer.echo(f"已初始化 {township}（{code}），位置 {outcome.position}")


cli.command()(demo)


cli.add_typer(projections_cli, name="projections")
register_assessment_queries(cli)
register_assessment_commands(cli)
cli.add_typer(accounts_cli, name="accounts")
cli.command()(serve)
cli.command()(summary)
cli.add_typer(history_cli, name="history")
cli.command("import-ledger")(import_ledger)

def _add_groups() -> None:
    from taizhang.audit.cli import audit_cli

    cli.add_typer(audit_cli, name="audit")


_add_groups()


def main() -> None:
    cli()
