"""What every read model offers the runner: its tables, and how a batch of events changes them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from projections.db import Tx
from projections.tracking import physical

Batch = Sequence[tuple[int, Any]]
"""(position, domain event) pairs in position order."""


class ReadModel(Protocol):
    name: str
    tables: tuple[str, ...]

    def ddl(self, generation: int) -> list[str]:
        """Statements creating this generation's tables and indexes."""
        ...

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int) -> None:
        """Change this generation's tables by ``batch`` (events after position ``since``), in the caller's transaction."""
        ...


def create(tx: Tx, model: ReadModel, generation: int) -> None:
    for statement in model.ddl(generation):
        tx.execute(statement)


def drop(tx: Tx, model: ReadModel, generation: int) -> None:
    for table in model.tables:
        tx.execute(f"DROP TABLE IF EXISTS {physical(table, generation)}")


def chunks(items: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
