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
        """Statements creating this generation's tables with the keys its own updates look rows up by."""
        ...

    def indexes(self, generation: int) -> list[str]:
        """Statements creating the secondary indexes queries need (``IF NOT EXISTS``, so they may run again).

        A side-by-side rebuild fills its tables without them and creates them once, just before the swap:
        building an index over finished tables is several times cheaper than keeping it up to date row by row.
        """
        ...

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int) -> None:
        """Change this generation's tables by ``batch`` (events after position ``since``), in the caller's transaction."""
        ...


def create(tx: Tx, model: ReadModel, generation: int, with_indexes: bool = True) -> None:
    for statement in model.ddl(generation):
        if tx.dialect == "sqlite":
            # Only INTEGER PRIMARY KEY becomes the rowid itself; BIGINT would add a second B-tree to every insert.
            statement = statement.replace("BIGINT PRIMARY KEY", "INTEGER PRIMARY KEY")
        tx.execute(statement)
    if with_indexes:
        add_indexes(tx, model, generation)


def add_indexes(tx: Tx, model: ReadModel, generation: int) -> None:
    for statement in model.indexes(generation):
        tx.execute(statement)


def drop(tx: Tx, model: ReadModel, generation: int) -> None:
    for table in model.tables:
        tx.execute(f"DROP TABLE IF EXISTS {physical(table, generation)}")


def chunks(items: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
