"""Rebuilding read models from the first event: in place, or side by side and swapped in at the end."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from projections.db import Tx
from projections.model import ReadModel, add_indexes, create, drop
from projections.runner import Progress, Projector
from projections.tracking import Track, add_track, building_track, physical, tracks


def rebuild(
    projector: Projector,
    name: str | None = None,
    side_by_side: bool = True,
    progress: Progress | None = None,
    stop: int | None = None,
) -> int:
    """Rebuild one read model (or all); with ``stop`` the rebuild pauses there and resumes on the next call.

    Side by side, queries keep answering from the old tables until the new ones are swapped in.
    Returns the number of events applied by this call.
    """
    with _fewer_collections():
        return _rebuild(projector, name, side_by_side, progress, stop)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while rebuilding, as it was before afterwards.

    A rebuild allocates millions of short-lived objects (decoded events, rows) beside the large caches of
    rows and facts still being worked; with the default thresholds the collector ran ~2 700 times over a
    100 000-event rebuild and walked those caches again each time: 2 of its 11 CPU seconds. Little of what
    a rebuild allocates is cyclic, so memory hardly grows (peak RSS unchanged, docs/PERFORMANCE.md).
    """
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _rebuild(
    projector: Projector, name: str | None, side_by_side: bool, progress: Progress | None, stop: int | None
) -> int:
    projector.setup()
    names = [name] if name else list(projector.models)
    batch_size = projector.rebuild_batch_size
    # On PostgreSQL reading the next batch overlaps the waits on the server while this one is written
    # (≈ 1.1 × at 100 000 events); on SQLite the two threads only contend for the interpreter (0.9 ×).
    ahead = projector.store.dialect == "postgres"
    for n in names:
        if n not in projector.models:
            known = ", ".join(projector.models)
            raise ValueError(f"no read model called {n!r} (known: {known})")
    if not side_by_side:
        for n in names:
            _reset_in_place(projector, n)
        return projector.advance(lambda t: t.active and t.name in names, stop, progress, batch_size, read_ahead=ahead)
    building = [_start_building(projector, n) for n in names]

    def chosen(tracker: Track) -> bool:
        return not tracker.active and tracker.name in names

    applied = 0
    if projector.store.dialect == "postgres":
        # New tables have no statistics, and PostgreSQL then plans the models' own lookups of current rows
        # (``kind = ? AND fact_key IN (…)``) as a walk over every row of the kind. One batch in, they get some.
        first = min(t.position for t in building) + batch_size
        applied = projector.advance(
            chosen, first if stop is None else min(first, stop), progress, batch_size, read_ahead=ahead
        )
        with projector.store.transaction() as tx:
            for track in building:
                _analyze(tx, projector.models[track.name], track.generation)
    applied += projector.advance(chosen, stop, progress, batch_size, read_ahead=ahead)
    if stop is None or projector.head() <= stop:
        for n in names:
            _swap(projector, n)
    return applied


def _reset_in_place(projector: Projector, name: str) -> None:
    model = projector.models[name]
    with projector.store.transaction() as tx:
        projector._serialise(tx)
        current = next(t for t in tracks(tx, for_update=True) if t.name == name and t.active)
        drop(tx, model, current.generation)
        create(tx, model, current.generation)
        tx.execute("UPDATE rm_tracking SET position=0 WHERE name=? AND generation=?", (name, current.generation))


def _start_building(projector: Projector, name: str) -> Track:
    with projector.store.transaction() as tx:
        projector._serialise(tx)
        existing = building_track(tx, name)
        if existing is not None:
            return existing  # an interrupted rebuild resumes where it stopped
        generation = 1 + max(t.generation for t in tracks(tx) if t.name == name)
        track = add_track(tx, name, generation, active=False)
        create(tx, projector.models[name], generation, with_indexes=False)
        return track


def _swap(projector: Projector, name: str) -> None:
    with projector.store.transaction() as tx:
        projector._serialise(tx)
        rows = [t for t in tracks(tx, for_update=True) if t.name == name]
        new = next(t for t in rows if not t.active)
        add_indexes(tx, projector.models[name], new.generation)
        if tx.dialect == "postgres":
            _analyze(tx, projector.models[name], new.generation)  # so that the first queries are planned well
        for old in (t for t in rows if t.active):
            drop(tx, projector.models[name], old.generation)
            tx.execute("DELETE FROM rm_tracking WHERE name=? AND generation=?", (name, old.generation))
        tx.execute("UPDATE rm_tracking SET active=1 WHERE name=? AND generation=?", (name, new.generation))


def _analyze(tx: Tx, model: ReadModel, generation: int) -> None:
    for table in model.tables:
        tx.execute(f"ANALYZE {physical(table, generation)}")
