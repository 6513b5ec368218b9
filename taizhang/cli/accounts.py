"""``taizhang accounts create|link``: sign-in accounts and the people they belong to, from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from domain.account import AccessRole
from domain.organisation import Village
from domain.people import Person
from taizhang.accounts import AccountDesk
from taizhang.application import Taizhang
from taizhang.bootstrap import build_side_tables
from taizhang.cli import resolve
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.running import recording
from taizhang.credentials import Credentials
from taizhang.settings import Settings

group = typer.Typer(help="Sign-in accounts and their access roles.", no_args_is_help=True)
CLI_ACTOR = "system:cli"


def open_account(
    settings: Settings,
    app: Taizhang,
    username: str,
    password: str,
    role: AccessRole,
    village_code: str | None,
    person: str | None = None,
) -> None:
    tables = build_side_tables(settings)
    try:
        village_id = None
        if village_code:
            village_id = app.get(Village, Village.id_for(village_code), f"编码为 {village_code} 的村").id
        person_id = resolve.person(app, person) if person else None
        AccountDesk(app, Credentials(tables)).open(username, password, role, CLI_ACTOR, village_id, person_id=person_id)
    finally:
        tables.close()


@group.command("create")
def create(
    username: Annotated[str, typer.Option(help="3-32 lowercase letters, digits, . _ -")],
    role: Annotated[AccessRole, typer.Option(help="access role")],
    village: Annotated[str | None, typer.Option(help="village code, for a village_cadre")] = None,
    person: Annotated[
        str | None, typer.Option(help="the person's id, or their name if no one else has it (cleaner, village_cadre)")
    ] = None,
    password: Annotated[
        str | None, typer.Option(help="asked for when not given", envvar="TAIZHANG_NEW_PASSWORD")
    ] = None,
    data: DataOption = None,
) -> None:
    """Open an account (the first township_admin is usually made by ``taizhang init``)."""
    settings = load_settings(data)
    password = password or typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    with recording(data, settings) as app:
        open_account(settings, app, username, password, role, village, person)
    typer.echo(f"已开通账号 {username}（{role.value}）")


@group.command("link")
def link(
    username: Annotated[str, typer.Argument(help="the account")],
    person: Annotated[str, typer.Option(help="the person's id, or their name if no one else has it")],
    reason: Annotated[str, typer.Option(help="why, e.g. 开户时选错了同名人员")],
    data: DataOption = None,
) -> None:
    """Name (or correct) the person who signs in with an account; the record keeps who, when and why."""
    with recording(data) as app:
        person_id = resolve.person(app, person)
        app.link_account_person(username, person_id, reason, CLI_ACTOR)
        name = app.get(Person, person_id, "人员").name
    typer.echo(f"账号 {username} 已关联 {name}（{person_id}）")
