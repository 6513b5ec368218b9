"""The options every command shares, and the one loader of settings from ``--data`` and ``TAIZHANG_`` variables."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from taizhang.settings import Settings

DataOption = Annotated[Path | None, typer.Option("--data", help="data folder of the embedded SQLite store")]
ActorOption = Annotated[
    str, typer.Option("--actor", help="who acts (recorded on the event, as the API records the username)")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="print only the id of what was recorded")]
ExpectedOption = Annotated[
    int | None, typer.Option("--expected-version", help="the version you saw; refused if it has changed since")
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="a recorded time (ISO, with zone) or a position")]


def load_settings(data: Path | None = None) -> Settings:
    """The settings, with ``--data`` choosing the embedded store's folder; a refused setting exits 2 in words."""
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        typer.echo(f"设置无效 / invalid settings: {where + ': ' if where else ''}{first['msg']}", err=True)
        raise typer.Exit(2) from None
    return settings.model_copy(update={"data_dir": data}) if data is not None else settings


def as_of_moment(text: str | None) -> datetime | int | None:
    """``--as-of``: a log position (digits) or a recorded time (ISO, with zone)."""
    if text is None:
        return None
    return int(text) if text.isdigit() else datetime.fromisoformat(text)
