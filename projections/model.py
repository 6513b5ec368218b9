"""What every read model offers the runner: its tables, and how a batch of events changes them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from projections.db import Tx, time_text
from projections.tracking import physical


class Recorded:
    """One event of the log with what every read model writes of it, formatted once for all of them.

    A rebuild hands each event to five read models; each turning the same id into text and the same
    times into sortable UTC text again cost about as much as decoding the event.
    """

    __slots__ = ("event", "id", "occurred_at", "position", "recorded_at")

    def __init__(self, position: int, event: Any) -> None:
        self.position = position
        self.event = event
        self.id = str(event.originator_id)
        self.recorded_at = time_text(event.timestamp)
        occurred = getattr(event, "occurred_at", None)
        self.occurred_at = time_text(occurred) if occurred is not None else None


Batch = Sequence[Recorded]
"""The events of one batch that a read model consumes, in position order."""


class ReadModel(Protocol):
    # Read-only to the runner, so a model may declare them as plain class attributes (``tables = ("a", "b")``).
    @property
    def name(self) -> str: ...

    @property
    def tables(self) -> tuple[str, ...]: ...

    def ddl(self, generation: int) -> list[str]:
        """Statements creating this generation's tables with the keys its own updates look rows up by."""
        ...

    def indexes(self, generation: int) -> list[str]:
        """Statements creating the secondary indexes queries need (``IF NOT EXISTS``, so they may run again).

        A side-by-side rebuild fills its tables without them and creates them once, just before the swap:
        building an index over finished tables is several times cheaper than keeping it up to date row by row.
        """
        ...

    def consumes(self, event_type: type) -> bool:
        """Whether events of this class can change this model's tables; the runner hands it no others."""
        ...

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        """Change this generation's tables by ``batch``, in the caller's transaction.

        ``batch`` holds the events this model consumes among those after position ``since`` up to ``until``
        (the last position of the runner's batch); it may be empty, and the model has then still reached ``until``.
        """
        ...


def create(tx: Tx, model: ReadModel, generation: int, with_indexes: bool = True) -> None:
    for statement in model.ddl(generation):
        if tx.dialect == "sqlite":
            # Only INTEGER PRIMARY KEY becomes the rowid itself; BIGINT would add a second B-tree to every insert.
            tx.execute(statement.replace("BIGINT PRIMARY KEY", "INTEGER PRIMARY KEY"))
        else:
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
