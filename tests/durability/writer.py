"""A writer process for the crash tests: appends batches and acknowledges each one after save returns.

Each batch is one ``app.save`` of several new villages (one atomic write). After save returns the
writer prints one line per batch — batch number and (position, sha256 of stored state) of every
event — and flushes, so the parent knows exactly what was acknowledged when it kills us.

Run: python -m tests.durability.writer STORE (sqlite PATH | postgres DSN SCHEMA) FIRST_BATCH BATCH_SIZE
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from domain.organisation import Village
from taizhang.bootstrap import build_app
from taizhang.settings import Settings


def settings_from(argv: list[str]) -> tuple[Settings, list[str]]:
    if argv[0] == "sqlite":
        path = Path(argv[1])
        return Settings(store="sqlite", data_dir=path.parent, sqlite_path=path), argv[2:]
    return Settings(store="postgres", postgres_dsn=argv[1], postgres_schema=argv[2], postgres_dbname=argv[3]), argv[4:]


def main(argv: list[str]) -> None:
    settings, rest = settings_from(argv)
    batch, size = int(rest[0]), int(rest[1])
    app = build_app(settings)
    township = app.township()
    print("READY", flush=True)
    while True:
        act = app.act("crash-writer")
        villages = [Village.register(township.id, f"b{batch}-{i}", f"b{batch}x{i}", act) for i in range(size)]
        recordings = app.save(*villages)
        events = [[r.notification.id, hashlib.sha256(r.notification.state).hexdigest()] for r in recordings]
        sys.stdout.write(json.dumps({"batch": batch, "events": events}) + "\n")
        sys.stdout.flush()
        batch += 1


if __name__ == "__main__":
    main(sys.argv[1:])
