"""``taizhang init``: a new, real record of one township, and its first administrator."""

from __future__ import annotations

from typing import Annotated

import typer

from domain.account import AccessRole, check_username
from taizhang.cli.accounts import open_account
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.running import recording, refusals_exit
from taizhang.credentials import check_password_strength
from taizhang.documents.accounts import AccountCreate

SETUP_ACTOR = "system:init"


def init(
    township: Annotated[str, typer.Option(help="township name, e.g. 东风镇")],
    code: Annotated[str, typer.Option(help="township code (letters, digits, - or _)")],
    data: DataOption = None,
    admin: Annotated[str | None, typer.Option(help="username of the first township_admin account")] = None,
    admin_password: Annotated[
        str | None, typer.Option(help="asked for when --admin is given without it", envvar="TAIZHANG_ADMIN_PASSWORD")
    ] = None,
) -> None:
    """Initialise an empty store as the real record of one township (and open its first administrator)."""
    settings = load_settings(data, creating=True)
    if admin and not admin_password:
        admin_password = typer.prompt("管理员密码 / admin password", hide_input=True, confirmation_prompt=True)
    with refusals_exit():
        if admin:
            check_username(admin)
            check_password_strength(admin_password or "")
    with recording(data, settings, new_store=True) as app:
        outcome = app.init_store("real", township, code, SETUP_ACTOR)
        if admin and admin_password:
            # The first administrator is opened by the set-up itself: no account exists yet to act as.
            first = AccountCreate(username=admin, password=admin_password, access_role=AccessRole.TOWNSHIP_ADMIN)
            open_account(settings, app, first, SETUP_ACTOR)
            typer.echo(f"已开通镇管理员账号 {admin}")
    typer.echo(f"已初始化 {township}（{code}），位置 {outcome.position}")
