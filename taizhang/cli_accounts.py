"""``taizhang accounts …`` and ``taizhang serve``: accounts from the command line, and the API server."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated, Optional

import typer
from pydantic import ValidationError

from domain.account import AccessRole
from domain.errors import DomainError, InvalidInput, NotFound
from domain.organisation import Village
from domain.people import Person
from taizhang.accounts import AccountDesk
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.credentials import Credentials
from taizhang.settings import DEVELOPMENT_SECRET, Settings

accounts_cli = typer.Typer(help="Sign-in accounts and their access roles.", no_args_is_help=True)
DataOption = Annotated[Optional[Path], typer.Option("--data", help="data folder of the embedded SQLite store")]
CLI_ACTOR = "system:cli"


def settings_or_exit(data: Optional[Path]) -> Settings:
    """The settings, or a clear refusal (e.g. a default secret outside development)."""
    try:
        settings = Settings()
    except ValidationError as error:
        typer.echo(f"设置无效 / invalid settings: {error.errors()[0]['msg']}", err=True)
        raise typer.Exit(2) from None
    return settings.model_copy(update={"data_dir": data}) if data is not None else settings


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
        person_id = person_named(app, person) if person else None
        AccountDesk(app, Credentials(tables)).open(username, password, role, CLI_ACTOR, village_id, person_id=person_id)
    finally:
        tables.close()


def person_named(app: Taizhang, given: str) -> uuid.UUID:
    """The person whose id this is, or the only person of that name (two of one name: give the id)."""
    try:
        return app.get(Person, uuid.UUID(given.strip()), "人员").id
    except ValueError:
        pass
    named = [p for p in app.people() if p.name == given.strip()]
    if not named:
        raise NotFound(f"找不到名为“{given}”的人员（可给出人员编号）", f"no person named {given!r} (or give the person's id)")
    if len(named) > 1:
        ids = "、".join(str(p.id) for p in named)
        raise InvalidInput(f"有 {len(named)} 人名为“{given}”，请用人员编号指明是谁：{ids}",
                           f"{len(named)} people are named {given!r}; give the id of the one meant: {ids}")
    return named[0].id


@accounts_cli.command("create")
def create(
    username: Annotated[str, typer.Option(help="3-32 lowercase letters, digits, . _ -")],
    role: Annotated[AccessRole, typer.Option(help="access role")],
    village: Annotated[Optional[str], typer.Option(help="village code, for a village_cadre")] = None,
    person: Annotated[
        Optional[str], typer.Option(help="the person's id, or their name if no one else has it (cleaner, village_cadre)")
    ] = None,
    password: Annotated[
        Optional[str], typer.Option(help="asked for when not given", envvar="TAIZHANG_NEW_PASSWORD")
    ] = None,
    data: DataOption = None,
) -> None:
    """Open an account (the first township_admin is usually made by ``taizhang init``)."""
    settings = settings_or_exit(data)
    password = password or typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    app = build_app(settings)
    try:
        open_account(settings, app, username, password, role, village, person)
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        app.close()
    typer.echo(f"已开通账号 {username}（{role.value}）")


@accounts_cli.command("link")
def link(
    username: Annotated[str, typer.Argument(help="the account")],
    person: Annotated[str, typer.Option(help="the person's id, or their name if no one else has it")],
    reason: Annotated[str, typer.Option(help="why, e.g. 开户时选错了同名人员")],
    data: DataOption = None,
) -> None:
    """Name (or correct) the person who signs in with an account; the record keeps who, when and why."""
    app = build_app(settings_or_exit(data))
    try:
        person_id = person_named(app, person)
        app.link_account_person(username, person_id, reason, CLI_ACTOR)
        name = app.get(Person, person_id, "人员").name
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        app.close()
    typer.echo(f"账号 {username} 已关联 {name}（{person_id}）")


def serve(
    data: DataOption = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="log every request (usually the reverse proxy's job)")
    ] = False,
) -> None:
    """Start the API server on the configured host and port and print its address."""
    import uvicorn

    from api.app import create_api
    from taizhang.serving import FAST_SERVER

    settings = settings_or_exit(data)
    api = create_api(settings)
    if settings.secret_key == DEVELOPMENT_SECRET:
        typer.echo("注意：使用开发用密钥，仅限本机开发 / development secret: not for real use", err=True)
    typer.echo(f"台账 API: http://{settings.host}:{settings.port}/docs")
    # Off by default: the reverse proxy in front logs requests, and a line per request costs the
    # event loop 8 % of its time under POST /problems (docs/PERFORMANCE.md).
    uvicorn.run(api, host=settings.host, port=settings.port, log_level="info", access_log=access_log, **FAST_SERVER)
