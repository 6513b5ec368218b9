"""Comparing read models: every row of every table of the active generations, in a stable order."""

from __future__ import annotations

from typing import Any

from projections.runner import Projector
from projections.tracking import physical


def contents(projector: Projector) -> dict[str, list[tuple[Any, ...]]]:
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with projector.store.reading() as tx:
        active = {t.name: t for t in projector.tracks() if t.active}
        for name, model in projector.models.items():
            for table in model.tables:
                rows = tx.all(f"SELECT * FROM {physical(table, active[name].generation)}")
                dump[table] = sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))
        dump["positions"] = [(n, t.position) for n, t in sorted(active.items())]
    return dump
