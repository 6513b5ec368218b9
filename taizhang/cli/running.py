"""How every command runs: on the configured store, refusals said in words with exit code 2, the store closed.

A recording command runs inside ``recording()``, a query inside ``answering()`` (the read models caught
up first); both turn the domain's refusals into the command line's, so no command prints a traceback
for a refusal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from pydantic import ValidationError

from domain.errors import DomainError, InvalidInput
from projections.assessment_queries import AssessmentQueries
from projections.runner import Projector
from taizhang.access.acting import acting_as
from taizhang.access.caller import Caller
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_read_store
from taizhang.cli import output
from taizhang.cli.options import load_settings
from taizhang.commands.base import Outcome
from taizhang.documents.errors import refusal_in_words
from taizhang.settings import Settings


def refuse(error: DomainError) -> typer.Exit:
    """Print the refusal to stderr; the caller raises the answer (exit code 2, as every command does)."""
    typer.echo(error.message, err=True)
    return typer.Exit(2)


def invalid_document(error: ValidationError, what_zh: str, what_en: str) -> InvalidInput:
    """A refusal of a document, every field at fault said in words."""
    zh, en = refusal_in_words(error)
    return InvalidInput(f"{what_zh}不符合要求：{zh}", f"{what_en} is not valid: {en}")


@contextmanager
def refusals_exit() -> Iterator[None]:
    """A domain refusal or an invalid document inside becomes exit code 2 with its message."""
    try:
        yield
    except DomainError as error:
        raise refuse(error) from None
    except ValidationError as error:
        raise refuse(invalid_document(error, "输入", "the input")) from None
    except FileNotFoundError as error:
        typer.echo(f"找不到文件或目录 {error.filename} / no such file or folder: {error.filename}", err=True)
        raise typer.Exit(2) from None
    except (IsADirectoryError, NotADirectoryError, PermissionError) as error:
        typer.echo(f"无法使用 {error.filename}：{error.strerror} / cannot use {error.filename}: {error.strerror}",
                   err=True)
        raise typer.Exit(2) from None


def check_initialised(app: Taizhang) -> None:
    """A store that was never initialised holds no township: say what to run rather than answer from nothing."""
    if app.store_mark() is None:
        raise NotInitialised("该数据库尚未初始化，请先运行 taizhang init --township 镇名 --code 代码",
                             "this store was never initialised: run `taizhang init --township NAME --code CODE`")


class NotInitialised(DomainError):
    code = "store_not_initialised"
    title = "数据库尚未初始化"


@contextmanager
def recording(data: Path | None, settings: Settings | None = None, new_store: bool = False) -> Iterator[Taizhang]:
    """The application on the configured store; every refusal exits 2 with its message and nothing written."""
    app = build_app(settings or load_settings(data))
    try:
        with refusals_exit():
            if not new_store:
                check_initialised(app)
            yield app
    finally:
        app.close()


@contextmanager
def acting(
    data: Path | None, actor: str, step: str, settings: Settings | None = None
) -> Iterator[tuple[Taizhang, Caller]]:
    """``recording()`` as the account ``actor``, refused unless it is open, enabled and allowed ``step``.

    ``step`` is the API route of the same step (``taizhang.access.policy``): one table decides who may
    do it on every interface.
    """
    with recording(data, settings) as app:
        yield app, acting_as(app, actor, step)


@contextmanager
def projecting(data: Path | None, settings: Settings | None = None) -> Iterator[Projector[Taizhang]]:
    """The read models on the configured store, set up but not caught up (for ``projections run|rebuild|status``)."""
    settings = settings or load_settings(data)
    projector = Projector(build_app(settings), build_read_store(settings))
    try:
        with refusals_exit():
            check_initialised(projector.app)
            projector.setup()
            yield projector
    finally:
        projector.stop()
        projector.store.close()
        projector.app.close()


@contextmanager
def answering(
    data: Path | None, settings: Settings | None = None
) -> Iterator[tuple[Projector[Taizhang], AssessmentQueries]]:
    """The read models caught up and their queries; a refusal inside exits 2, and the store closes."""
    with projecting(data, settings) as projector:
        projector.catch_up()
        output.LOG_HEAD = projector.head()
        yield projector, AssessmentQueries(projector.store)


@contextmanager
def caught_up_reads(app: Taizhang, settings: Settings) -> Iterator[Projector[Taizhang]]:
    """The read models beside ``app``'s store, caught up: for a command whose step checks what they hold."""
    projector = Projector(app, build_read_store(settings))
    try:
        projector.setup()
        projector.catch_up()
        yield projector
    finally:
        projector.store.close()


def recorded(outcome: Outcome, message: str, quiet: bool) -> None:
    """Say what was recorded and where in the log; with ``--quiet`` only its id, for scripts."""
    if quiet:
        typer.echo(str(outcome.id))
        return
    typer.echo(f"{message}：{outcome.id}（版本 {outcome.version}，位置 {outcome.position}）")


def read_file(path: Path) -> bytes:
    """A file the command was given, or a refusal in words (missing, a folder, unreadable)."""
    try:
        return path.read_bytes()
    except OSError as error:
        typer.echo(f"读不了文件 {path}：{error.strerror} / cannot read {path}: {error.strerror}", err=True)
        raise typer.Exit(2) from None
