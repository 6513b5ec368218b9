"""The embedded SQLite store, with ``synchronous=FULL`` so that an acknowledged command survives a crash.

eventsourcing switches file databases to WAL but leaves ``synchronous`` at NORMAL, under which the
last transactions before a power loss may roll back. Every connection here is switched to FULL.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteDatastore, SQLiteFactory
from eventsourcing.utils import Environment, EnvType


class DurableConnectionPool(SQLiteConnectionPool):
    synchronous = "FULL"

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection._sqlite_conn.execute(f"PRAGMA synchronous={self.synchronous}")
        connection._sqlite_conn.execute("PRAGMA foreign_keys=ON")
        return connection


class DurableSQLiteDatastore(SQLiteDatastore):
    pool_class: type[DurableConnectionPool] = DurableConnectionPool

    def __init__(self, db_name: str, **kwargs: Any) -> None:
        super().__init__(db_name, **kwargs)
        pool = self.pool
        self.pool = self.pool_class(
            db_name=pool.db_name,
            lock_timeout=pool.lock_timeout,
            pool_size=pool.pool_size,
            max_overflow=pool.max_overflow,
            pool_timeout=pool.pool_timeout,
            max_age=pool.max_age,
            pre_ping=pool.pre_ping,
        )
        pool.close()


class DurableSQLiteFactory(SQLiteFactory):
    datastore_class: type[DurableSQLiteDatastore] = DurableSQLiteDatastore

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        datastore = self.datastore
        self.datastore = self.datastore_class(
            db_name=datastore.pool.db_name,
            lock_timeout=datastore.pool.lock_timeout,
            single_row_tracking=datastore.single_row_tracking,
            originator_id_type=datastore.originator_id_type,
        )
        datastore.close()
