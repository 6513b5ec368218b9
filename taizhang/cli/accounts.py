"""``taizhang accounts``: sign-in accounts, the people they belong to and their passwords, from the command line.

Every change is made as an administrator's account (``--actor``), as on the API; the documents and
refusals are the API's own (``taizhang.documents.accounts``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from domain.account import ACCESS_ROLE_LABELS, AccessRole
from domain.people import Person
from taizhang.accounts import AccountDesk
from taizhang.application import Taizhang
from taizhang.bootstrap import build_side_tables
from taizhang.cli import resolve
from taizhang.cli.options import (
    ActorOption,
    DataOption,
    ExpectedOption,
    JsonOption,
    QuietOption,
    choice_of,
    load_settings,
)
from taizhang.cli.output import print_rows
from taizhang.cli.running import acting, recorded, recording
from taizhang.credentials import Credentials
from taizhang.documents.accounts import AccessChange, AccountCreate, AccountDisable, PasswordReset, PersonLink
from taizhang.settings import Settings

group = typer.Typer(help="登录账号 sign-in accounts, their access roles and passwords.", no_args_is_help=True)

UsernameArgument = Annotated[str, typer.Argument(help="the account's username")]
def parse_access(text: str) -> AccessRole:
    return choice_of(text, ACCESS_ROLE_LABELS, "账号权限", "access role")


RoleOption = Annotated[AccessRole, typer.Option(
    "--role", parser=parse_access, metavar="权限",
    help="what the account may do, in words or as its code: 镇环境治理办 (environment_office), "
         "村干部 (village_cadre) …")]
VillageOption = Annotated[str | None, typer.Option("--village", help="village code, for a village_cadre")]
PersonOption = Annotated[
    str | None, typer.Option("--person", help="the person's id, or their name if no one else has it")
]
PasswordOption = Annotated[
    str | None, typer.Option("--password", help="asked for when not given", envvar="TAIZHANG_NEW_PASSWORD")
]
ReasonOption = Annotated[str, typer.Option("--reason", help="why, in words")]


def open_account(
    settings: Settings, app: Taizhang, body: AccountCreate, actor: str
) -> None:
    """Open the account the document describes, its password kept beside the store."""
    tables = build_side_tables(settings)
    try:
        AccountDesk(app, Credentials(tables)).open(
            body.username, body.password, body.access_role, actor, body.village_id, body.display_name,
            person_id=body.person_id,
        )
    finally:
        tables.close()


def village_id_of(app: Taizhang, village: str | None) -> str | None:
    return str(resolve.village(app, village).id) if village else None


@group.command("create")
def create(
    username: Annotated[str, typer.Option("--username", help="3-32 lowercase letters, digits, . _ -")],
    role: RoleOption,
    actor: ActorOption,
    village: VillageOption = None,
    person: PersonOption = None,
    display_name: Annotated[str, typer.Option("--name", help="the name shown for the account")] = "",
    password: PasswordOption = None,
    data: DataOption = None,
) -> None:
    """Open an account (the first township_admin is made by ``taizhang init``)."""
    settings = load_settings(data)
    password = password or typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    with acting(data, actor, "accounts.open", settings) as (app, _):
        body = AccountCreate.model_validate({
            "username": username, "password": password, "access_role": role, "display_name": display_name,
            "village_id": village_id_of(app, village),
            "person_id": resolve.person(app, person) if person else None,
        })
        open_account(settings, app, body, actor)
    typer.echo(f"已开通账号 {username}")


@group.command("link")
def link(
    username: UsernameArgument,
    person: Annotated[str, typer.Option("--person", help="the person's id, or their name if no one else has it")],
    reason: ReasonOption,
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Name (or correct) the person who signs in with an account; the record keeps who, when and why."""
    with acting(data, actor, "accounts.link_person") as (app, _):
        body = PersonLink.model_validate({"person_id": resolve.person(app, person), "reason": reason,
                                          "expected_version": expected_version})
        outcome = app.link_account_person(username, body.person_id, body.reason, actor, body.expected_version)
        name = app.get(Person, body.person_id, "人员").name
    recorded(outcome, f"账号 {username} 已关联 {name}（人员编号 {body.person_id}）", quiet)


@group.command("change-access")
def change_access(
    username: UsernameArgument,
    role: RoleOption,
    reason: ReasonOption,
    actor: ActorOption,
    village: VillageOption = None,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Change what an account may do (a cadre moved to another village, a clerk to another post)."""
    with acting(data, actor, "accounts.change_access") as (app, _):
        body = AccessChange.model_validate({"access_role": role, "village_id": village_id_of(app, village),
                                            "reason": reason, "expected_version": expected_version})
        outcome = app.change_access(username, body.access_role, body.village_id, body.reason, actor,
                                    body.expected_version)
    recorded(outcome, f"账号 {username} 的权限已变更", quiet)


@group.command("disable")
def disable(
    username: UsernameArgument,
    reason: ReasonOption,
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Disable an account (someone left): it signs in no more, and stays on record with what it did."""
    with acting(data, actor, "accounts.disable") as (app, _):
        body = AccountDisable.model_validate({"reason": reason, "expected_version": expected_version})
        outcome = app.disable_account(username, body.reason, actor, body.expected_version)
    recorded(outcome, f"账号 {username} 已停用", quiet)


@group.command("reset-password")
def reset_password(
    username: UsernameArgument, actor: ActorOption, password: PasswordOption = None, data: DataOption = None
) -> None:
    """An administrator sets a new password for someone who forgot theirs (the change is recorded)."""
    settings = load_settings(data)
    password = password or typer.prompt("新密码 / new password", hide_input=True, confirmation_prompt=True)
    with acting(data, actor, "accounts.reset_password", settings) as (app, _):
        body = PasswordReset.model_validate({"new_password": password})
        app.account(username)  # an unknown account is refused before any password is stored
        tables = build_side_tables(settings)
        try:
            AccountDesk(app, Credentials(tables)).change_password(username, body.new_password, actor)
        finally:
            tables.close()
    typer.echo(f"账号 {username} 的密码已重置")


@group.command("list")
def list_(data: DataOption = None, as_json: JsonOption = False) -> None:
    """Every account: who signs in with it, what it may do, in which village, and whether it is in use."""
    with recording(data) as app:
        villages = {v.id: v.name for v in app.villages()}
        people = {p.id: p.name for p in app.people()}
        rows = [
            {
                "username": a.username,
                "person": people.get(a.person_id, "") if a.person_id else a.display_name,
                "access_role": a.access_role.value,
                "village": villages.get(a.village_id, "") if a.village_id else "",
                "active": not a.disabled,
            }
            for a in app.accounts()
        ]
    print_rows(rows, as_json, "账号")
