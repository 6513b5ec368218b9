"""What every assessment command shares: the store it opens, who acts, and how a refusal is told."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from pydantic import ValidationError

from domain.errors import DomainError, InvalidInput
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome
from taizhang.bootstrap import build_app
from taizhang.cli_accounts import settings_or_exit

DataOption = Annotated[Optional[Path], typer.Option("--data", help="data folder of the embedded SQLite store")]
ActorOption = Annotated[str, typer.Option("--actor", help="who acts (recorded on the event, as the API records the username)")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="print only the id of what was recorded")]
ExpectedOption = Annotated[
    Optional[int], typer.Option("--expected-version", help="the version you saw; refused if it has changed since")
]


def refuse(error: DomainError) -> typer.Exit:
    """Print the refusal to stderr; the caller raises the answer (exit code 2, as every command does)."""
    typer.echo(error.message, err=True)
    return typer.Exit(2)


def invalid_document(error: ValidationError, what_zh: str, what_en: str) -> InvalidInput:
    """A pydantic refusal of a document, said as the first field at fault."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(document)"
    return InvalidInput(f"{what_zh}不符合格式：{where}：{first['msg']}", f"{what_en} is not valid: {where}: {first['msg']}")


@contextmanager
def recording(data: Optional[Path]) -> Iterator[Taizhang]:
    """The application on the configured store; every refusal exits 2 with its message and nothing written."""
    app = build_app(settings_or_exit(data))
    try:
        yield app
    except DomainError as error:
        raise refuse(error) from None
    except ValidationError as error:
        raise refuse(invalid_document(error, "输入", "the input")) from None
    finally:
        app.close()


def recorded(outcome: Outcome, message: str, quiet: bool) -> None:
    """Say what was recorded and where in the log; with ``--quiet`` only its id, for scripts."""
    if quiet:
        typer.echo(str(outcome.id))
        return
    typer.echo(f"{message}：{outcome.id}（版本 {outcome.version}，位置 {outcome.position}）")
