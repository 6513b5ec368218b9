"""How the command line prints figures: a table for a person, JSON for a script."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def plain(value: Any) -> Any:
    """Dataclasses, dates and decimals as JSON's plain values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def print_rows(rows: list[dict[str, Any]], as_json: bool, title: str, extra: dict[str, Any] | None = None) -> None:
    if as_json:
        typer.echo(json.dumps(plain({**(extra or {}), "rows": rows}), ensure_ascii=False, indent=2))
        return
    table = Table(title=title)
    columns = list(rows[0]) if rows else []
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(plain(row[c])) for c in columns))
    console.print(table)
    if extra:
        console.print(plain(extra))
