"""Safe retries: a POST with an ``Idempotency-Key`` runs once per caller; a retry gets the first answer.

The key is reserved (a row without a response) before the command runs, in the same database as the
event log, under a primary key of (caller, key). A retry racing the first request finds the
reservation and is told to retry shortly (409 request_in_progress); a failed command releases it,
since it recorded nothing (a command refused for a full disk too: its retry runs once space returns).
Should the disk fill between a recorded command and the keeping of its answer, the caller still gets
the answer and the key stays reserved, so that a retry can never record the command twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from domain.errors import DomainError, InvalidInput
from taizhang.store.side import SideTables


class RequestInProgress(DomainError):
    code = "request_in_progress"
    title = "同一请求正在处理"


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency_key_reused"
    title = "重试键已用于其他请求"


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes


def fingerprint(method: str, path: str, body: bytes) -> str:
    """The same request whatever its JSON whitespace or key order."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


class IdempotencyStore:
    def __init__(self, tables: SideTables) -> None:
        self.tables = tables

    def reserve(self, caller: str, key: str, print_: str, now: datetime) -> StoredResponse | None:
        """None when this request is the first with the key; the stored answer when it is a retry."""
        inserted = self.tables.execute(
            "INSERT INTO taizhang_idempotency (caller, idempotency_key, fingerprint, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (caller, idempotency_key) DO NOTHING",
            (caller, key, print_, now.isoformat()),
        )
        if inserted:
            return None
        rows = self.tables.query(
            "SELECT fingerprint, status_code, body FROM taizhang_idempotency WHERE caller = ? AND idempotency_key = ?",
            (caller, key),
        )
        if not rows:  # released between our insert and select: the first attempt failed, try once more
            return self.reserve(caller, key, print_, now)
        stored_print, status_code, body = rows[0]
        if stored_print != print_:
            raise IdempotencyKeyReused(
                "该 Idempotency-Key 已用于另一个请求，请为新请求换一个键",
                "this Idempotency-Key was used for a different request; use a new key for a new request",
                idempotency_key=key,
            )
        if status_code is None:
            raise RequestInProgress(
                "同一请求正在处理中，请稍后重试", "the same request is still being processed; retry shortly",
                retry_after_seconds=1,
            )
        return StoredResponse(int(status_code), str(body).encode())

    def complete(self, caller: str, key: str, response: StoredResponse) -> None:
        self.tables.execute(
            "UPDATE taizhang_idempotency SET status_code = ?, body = ? WHERE caller = ? AND idempotency_key = ?",
            (response.status_code, response.body.decode(), caller, key),
        )

    def release(self, caller: str, key: str) -> None:
        self.tables.execute(
            "DELETE FROM taizhang_idempotency WHERE caller = ? AND idempotency_key = ? AND status_code IS NULL",
            (caller, key),
        )
