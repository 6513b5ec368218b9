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
from taizhang.server_secret import create_secret, secret_path
from taizhang.settings import Settings

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
            check_password_strength(admin_password or "", admin, township, code)
    with recording(data, settings, new_store=True) as app:
        outcome = app.init_store("real", township, code, SETUP_ACTOR)
        if admin and admin_password:
            # The first administrator is opened by the set-up itself: no account exists yet to act as.
            first = AccountCreate(username=admin, password=admin_password, access_role=AccessRole.TOWNSHIP_ADMIN)
            open_account(settings, app, first, SETUP_ACTOR)
            typer.echo(f"已开通镇管理员账号 {admin}")
    typer.echo(f"已初始化 {township}（{code}），位置 {outcome.position}")
    announce_secret(settings)


def announce_secret(settings: Settings) -> None:
    """Create the server's secret beside the store (unless TAIZHANG_SECRET_KEY names one) and say where it is."""
    if settings.secret_key is not None:
        typer.echo("服务器密钥取自 TAIZHANG_SECRET_KEY / the server secret comes from TAIZHANG_SECRET_KEY")
        return
    created = create_secret(settings)
    path = secret_path(settings)
    state = "已生成" if created else "已存在，保留不变"
    typer.echo(f"服务器密钥{state}：{path}（仅本人可读；备份时与数据一同保管）")


def secret_key(data: DataOption = None) -> None:
    """Create the server's random secret beside the store (<data>/secret-key, owner-only); an existing one is kept."""
    announce_secret(load_settings(data))
