"""The side file the demo year is recorded into: made durable once, when it is complete, not at every commit.

The loader renames the file into place only after the whole year is recorded, so a crash mid-load
leaves a ``.loading`` file that the next load discards. Syncing each of its few hundred commits to
disk would protect nothing; the file is synced once before it is renamed (``sync_to_disk``).
"""

from __future__ import annotations

import os
from pathlib import Path

from taizhang.store.sqlite import DurableConnectionPool, DurableSQLiteDatastore, DurableSQLiteFactory


class LoadingConnectionPool(DurableConnectionPool):
    synchronous = "OFF"


class LoadingSQLiteDatastore(DurableSQLiteDatastore):
    pool_class = LoadingConnectionPool


class LoadingSQLiteFactory(DurableSQLiteFactory):
    datastore_class = LoadingSQLiteDatastore


LOADING_FACTORY = f"{__name__}:LoadingSQLiteFactory"


def sync_to_disk(*paths: Path) -> None:
    """Flush the files (the database and its write-ahead log, if any) from the OS's cache to the disk."""
    for path in paths:
        if path.exists():
            with path.open("rb+") as file:
                os.fsync(file.fileno())
