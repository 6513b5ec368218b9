"""Safe retries: a POST with an ``Idempotency-Key`` runs once per caller; a retry gets the first answer.

The key is reserved (a row without an answer) before the command runs, in the same database as the
event log, under a primary key of (caller, key). The command's own transaction notes that it was
recorded (``taizhang_retry_records``, written by the recorder beside the events: see
``taizhang.store.retry_marks``), so whether a reserved command committed is never a guess:

- a retry racing the first request is told to retry shortly (409 request_in_progress);
- a refused command releases its key, since it recorded nothing;
- a reservation left by a server that died before recording is taken over by a retry once it is
  older than ``stale_after``; the reservation changes hands under a new attempt token, and the old
  attempt, should it still be running, can no longer record (its note would name a stale attempt);
- a command recorded whose answer was lost (the server died, or the disk filled, in between) is
  never run again: the retry hears that it was recorded, and its id.

The fingerprint of a request is an HMAC under the server's secret, over the body without the fields a
document declares sealed (a reporter's name and contact): nothing kept here lets anyone recompute a
sealed identity, before or after it is forgotten. Keys and answers are kept for ``lifetime``, then
purged; a retry after that runs as a new request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.errors import DomainError, InvalidInput
from taizhang.store.side import SideTables

PURGE_EVERY = timedelta(minutes=1)


class RequestInProgress(DomainError):
    code = "request_in_progress"
    title = "同一请求正在处理"


class RequestAlreadyRecorded(DomainError):
    code = "request_already_recorded"
    title = "请求已记录但回答未保存"


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency_key_reused"
    title = "重试键已用于其他请求"


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes


@dataclass(frozen=True)
class Reserved:
    """This request holds the key; ``attempt`` is the token its command's transaction must name."""

    attempt: str


def fingerprint(secret: str, method: str, path: str, body: bytes, sealed: Iterable[str] = (),
                content_type: str = "") -> str:
    """The same request whatever its JSON whitespace or key order, or its multipart boundary (a client picks a
    new one for each sending of the same files), keyed, with sealed fields left out."""
    boundary = _boundary(content_type)
    if boundary:
        body = body.replace(b"--" + boundary, b"--taizhang-boundary")
    try:
        parsed = json.loads(body)
        if isinstance(parsed, dict):
            parsed = {k: v for k, v in parsed.items() if k not in set(sealed)}
        canonical = json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    message = method.encode() + b" " + path.encode() + b"\n" + canonical
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _boundary(content_type: str) -> bytes:
    kind, _, parameters = content_type.partition(";")
    if kind.strip().lower() != "multipart/form-data":
        return b""
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.lower() == "boundary" and value.strip('"'):
            return value.strip('"').encode("latin-1", "replace")
    return b""


def _stamp(moment: datetime) -> str:
    """Times kept as UTC ISO text, so that comparing the text compares the times."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class IdempotencyStore:
    def __init__(self, tables: SideTables, lifetime: timedelta = timedelta(hours=24),
                 stale_after: timedelta = timedelta(seconds=30)) -> None:
        self.tables = tables
        self.lifetime = lifetime
        self.stale_after = stale_after
        self._purged_at: datetime | None = None
        self._lock = threading.Lock()

    def reserve(self, caller: str, key: str, print_: str, now: datetime) -> Reserved | StoredResponse:
        """``Reserved`` when this request is to run the command; the stored answer when it is a retry."""
        self._purge(now)
        attempt = secrets.token_hex(8)
        inserted = self.tables.execute(
            "INSERT INTO taizhang_retry_keys (caller, idempotency_key, fingerprint, attempt, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (caller, idempotency_key) DO NOTHING",
            (caller, key, print_, attempt, _stamp(now)),
        )
        if inserted:
            return Reserved(attempt)
        rows = self.tables.query(
            "SELECT k.fingerprint, k.status_code, k.body, k.attempt, k.created_at, r.recorded_id "
            "FROM taizhang_retry_keys k LEFT JOIN taizhang_retry_records r "
            "ON r.caller = k.caller AND r.idempotency_key = k.idempotency_key "
            "WHERE k.caller = ? AND k.idempotency_key = ?",
            (caller, key),
        )
        if not rows:  # released between our insert and select: the first attempt failed, try once more
            return self.reserve(caller, key, print_, now)
        stored_print, status_code, body, held_by, reserved_at, recorded_id = rows[0]
        if not hmac.compare_digest(str(stored_print), print_):
            raise IdempotencyKeyReused(
                "该 Idempotency-Key 已用于另一个请求，请为新请求换一个键",
                "this Idempotency-Key was used for a different request; use a new key for a new request",
                idempotency_key=key,
            )
        if status_code is not None:
            return StoredResponse(int(status_code), str(body).encode())
        if recorded_id is not None:
            raise self._recorded(key, str(recorded_id))
        if str(reserved_at) <= _stamp(now - self.stale_after) and self._take_over(caller, key, str(held_by), attempt,
                                                                                  now):
            return Reserved(attempt)
        raise RequestInProgress(
            "同一请求正在处理中，请稍后重试", "the same request is still being processed; retry shortly",
            retry_after_seconds=1,
        )

    def _take_over(self, caller: str, key: str, held_by: str, attempt: str, now: datetime) -> bool:
        """Move a reservation whose command never recorded to this request; False if someone got there first."""
        try:
            return bool(self.tables.execute(
                "UPDATE taizhang_retry_keys SET attempt = ?, created_at = ? WHERE caller = ? AND idempotency_key = ? "
                "AND attempt = ? AND status_code IS NULL AND NOT EXISTS (SELECT 1 FROM taizhang_retry_records r "
                "WHERE r.caller = ? AND r.idempotency_key = ?)",
                (attempt, _stamp(now), caller, key, held_by, caller, key),
            ))
        except Exception as error:  # the stale attempt recorded just now: its note holds on to the old token
            if "foreign" in str(error).lower() or "constraint" in str(error).lower():
                return False
            raise

    def _recorded(self, key: str, recorded_id: str) -> RequestAlreadyRecorded:
        return RequestAlreadyRecorded(
            f"该请求已经记录（记录 {recorded_id}），但当时的回答未能保存：请查看该记录，不要重复提交",
            f"this request was recorded ({recorded_id}) but its answer was lost: look the record up, do not resend",
            idempotency_key=key, recorded_id=recorded_id,
        )

    def complete(self, caller: str, key: str, response: StoredResponse) -> None:
        self.tables.execute(
            "UPDATE taizhang_retry_keys SET status_code = ?, body = ? WHERE caller = ? AND idempotency_key = ?",
            (response.status_code, response.body.decode(), caller, key),
        )

    def release(self, caller: str, key: str, attempt: str) -> None:
        """Give the key back after a command that recorded nothing (only this attempt's reservation)."""
        self.tables.execute(
            "DELETE FROM taizhang_retry_keys WHERE caller = ? AND idempotency_key = ? AND attempt = ? "
            "AND status_code IS NULL AND NOT EXISTS (SELECT 1 FROM taizhang_retry_records r "
            "WHERE r.caller = ? AND r.idempotency_key = ?)",
            (caller, key, attempt, caller, key),
        )

    def _purge(self, now: datetime) -> None:
        """Forget keys older than the lifetime (at most once a minute: the purge is one indexed delete)."""
        with self._lock:
            if self._purged_at is not None and now - self._purged_at < PURGE_EVERY:
                return
            self._purged_at = now
        horizon = _stamp(now - self.lifetime)
        self.tables.execute(
            "DELETE FROM taizhang_retry_records WHERE EXISTS (SELECT 1 FROM taizhang_retry_keys k WHERE "
            "k.caller = taizhang_retry_records.caller AND k.idempotency_key = taizhang_retry_records.idempotency_key "
            "AND k.created_at < ?)",
            (horizon,),
        )
        self.tables.execute("DELETE FROM taizhang_retry_keys WHERE created_at < ?", (horizon,))
