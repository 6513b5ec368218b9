"""The demo loader's application: the product's, with the speed-ups only the sole writer of a side file may take.

The loader renames the file into place only after the whole year is recorded, so a crash mid-load
leaves a ``.loading`` file that the next load discards. Syncing each of its few hundred commits to
disk would protect nothing; the file is synced once before it is renamed (``sync_to_disk``). And
since nothing else writes it, the application keeps its aggregates in a cache that no other writer
can make stale. (The loader holds the application's kept assessment facts, ``FactsMemo``, for the
whole year, so that every command goes on from them.)
"""

from __future__ import annotations

import os
from pathlib import Path

from taizhang.application import Taizhang
from taizhang.bootstrap import build_key_store, persistence_env, schema_lock
from taizhang.clock import Clock
from taizhang.settings import Settings
from taizhang.store.sqlite import DurableConnectionPool, DurableSQLiteDatastore, DurableSQLiteFactory


class LoadingConnectionPool(DurableConnectionPool):
    synchronous = "OFF"


class LoadingSQLiteDatastore(DurableSQLiteDatastore):
    pool_class = LoadingConnectionPool


class LoadingSQLiteFactory(DurableSQLiteFactory):
    datastore_class = LoadingSQLiteDatastore


LOADING_FACTORY = f"{__name__}:LoadingSQLiteFactory"


def build_loading_app(settings: Settings, clock: Clock) -> Taizhang:
    """The application the loader records the year with (on PostgreSQL, the product's store as it is)."""
    env = persistence_env(settings)
    # A sole writer's cache of aggregates is never stale: what it saves is what the store holds. And
    # any refusal ends the load and discards the side file, so no command can leave a half-changed
    # aggregate in the cache for a later one to read: the cache hands out its own objects, uncopied.
    env["AGGREGATE_CACHE_MAXSIZE"] = "5000"
    env["AGGREGATE_CACHE_FASTFORWARD"] = "n"
    env["DEEPCOPY_FROM_AGGREGATE_CACHE"] = "n"
    if settings.store == "sqlite":
        env["PERSISTENCE_MODULE"] = LOADING_FACTORY
    with schema_lock(settings):
        return Taizhang(env, clock, build_key_store(settings))


def sync_to_disk(*paths: Path) -> None:
    """Flush the files (the database and its write-ahead log, if any) from the OS's cache to the disk."""
    for path in paths:
        if path.exists():
            with path.open("rb+") as file:
                os.fsync(file.fileno())
