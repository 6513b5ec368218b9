"""Who uploaded which evidence file: citing a file in a record needs having uploaded it or being able to see it.

A file is named by its sha256, and knowing a digest must not be enough to read a file (``GET /evidence``
serves a file to whoever may see a record citing it). So the uploads are noted beside the log, in the
same database, and a citation is checked against them (``taizhang.access.evidence``).
"""

from __future__ import annotations

from datetime import datetime

from taizhang.store.side import SideTables


class Uploads:
    def __init__(self, tables: SideTables) -> None:
        self.tables = tables

    def note(self, sha256: str, username: str, now: datetime) -> None:
        self.tables.execute(
            "INSERT INTO taizhang_uploads (sha256, username, uploaded_at) VALUES (?, ?, ?) "
            "ON CONFLICT (sha256, username) DO NOTHING",
            (sha256, username, now.isoformat()),
        )

    def uploaded_by(self, sha256: str, username: str) -> bool:
        return bool(
            self.tables.query(
                "SELECT 1 FROM taizhang_uploads WHERE sha256 = ? AND username = ?", (sha256, username)
            )
        )
