"""The whole history as JSON Lines, and bringing such a history into an empty store.

Format ``taizhang-history`` version 2 (documented in docs/HISTORY-FORMAT.md): a header line (with the
township's latest signed checkpoint and public key, when the store has them), one line per stored
event in log order with its original position, aggregate id, version, topic, claimed recorded time
and the stored state exactly as written, and a closing line with the count, the last position and the
Merkle root. Version 1 files (no checkpoint, no closing line) are still read, and said to be so.
What a file must prove to be let in is ``taizhang.history_trust``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from eventsourcing.persistence import PersistenceError, StoredEvent

from domain.acts import Act, as_fact
from domain.errors import DomainError, InvalidInput
from domain.imports import Import
from taizhang.application import Taizhang
from taizhang.audit.merkle import RootAccumulator
from taizhang.audit.service import AuditService, audited
from taizhang.audit.verifier import AuditedEvent
from taizhang.commands.base import Outcome
from taizhang.history_trust import Trust, check_originator_topic, event_class
from taizhang.store.bulk import bulk_writer
from taizhang.store.failures import is_store_full, nothing_written

FORMAT = "taizhang-history"
VERSION = 2
READS = (1, 2)
BATCH = 1000
Progress = Callable[[int, int], None]
"""Called with (done, total) as a history is written or read: positions out, bytes in."""


@dataclass(frozen=True)
class HistoryImported(Outcome):
    """The import's outcome, and what the file proved about itself (said to whoever imported it)."""

    checks: tuple[str, ...] = ()


def export_history(
    app: Taizhang, path: Path, audit: AuditService | None = None, progress: Progress | None = None
) -> int:
    """Write every event up to the log's end when the export starts; returns how many. Memory stays flat.

    With ``audit``, the header carries the latest signed checkpoint within the export and the public key.
    """
    count, tree = 0, RootAccumulator()
    last_position = app.recorder.max_notification_id() or 0
    checkpoint, public_key = _latest_checkpoint(audit, last_position)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        header = {"format": FORMAT, "version": VERSION, "exported_at": app.clock.now().isoformat(),
                  "last_position": last_position, "checkpoint": checkpoint, "public_key": public_key}
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for notification in _all_notifications(app, last_position):
            tree.add_leaf(audited(notification).leaf())
            written = notification.id
            event = as_fact(app.mapper.to_domain_event(notification))
            line = {
                "position": notification.id,
                "aggregate_id": str(notification.originator_id),
                "version": notification.originator_version,
                "topic": notification.topic,
                "recorded_at": event.timestamp.isoformat(),
                "state": notification.state.decode("utf-8"),
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
            if progress is not None and count % BATCH == 0:
                progress(notification.id, last_position)
        if progress is not None:
            progress(last_position, last_position)
        closing = {"end": FORMAT, "events": count, "last_position": written, "merkle_root": tree.root().hex()}
        out.write(json.dumps(closing) + "\n")
    return count


def _latest_checkpoint(
    audit: AuditService | None, last_position: int
) -> tuple[dict[str, Any] | None, str | None]:
    """The newest checkpoint the export covers (its note as the township signed it, and its last position), and
    the township's key (vkey) to check it with, if there are any."""
    if audit is None:
        return None, None
    try:
        within = [c for c in audit.checkpoints() if c.last_position <= last_position]
        key = audit.township_key().text()
    except DomainError:  # no signing key or no checkpoint yet: the export says so by carrying none
        return None, None
    if not within:
        return None, None
    latest = within[-1]
    return {"note": latest.note.text().decode("utf-8"), "last_position": latest.last_position}, key


def _all_notifications(app: Taizhang, stop: int) -> Iterator[Any]:
    start = None
    while True:
        batch = app.recorder.select_notifications(start=start, limit=BATCH, stop=stop, inclusive_of_start=False)
        if not batch:
            return
        yield from batch
        start = batch[-1].id


def import_history(
    app: Taizhang, path: Path, actor: str, batch_size: int = BATCH, public_key: str | None = None,
    progress: Progress | None = None,
) -> HistoryImported:
    """Bring a whole exported history into an empty store: all of it, in order, or nothing.

    The file is read a line at a time and written in batches inside one transaction as it is checked,
    so memory does not grow with the history; a refusal anywhere rolls every batch back. ``public_key``:
    the township's published key, to check the file's signed checkpoint with.
    """
    if app.recorder.max_notification_id():
        raise InvalidInput("完整历史只能导入空数据库", "a full history can only be imported into an empty store")
    try:
        digest = hashlib.sha256()
        check = _LineCheck(app)
        trust = Trust()
        size = path.stat().st_size
        with path.open("rb") as lines, bulk_writer(app.recorder) as write:
            header = next(lines, None)
            if header is None:
                raise InvalidInput("文件为空", "the file is empty")
            digest.update(header)
            version, claimed = check.header(header)
            if version >= 2:
                trust.expect_checkpoint(claimed.get("checkpoint"), public_key, claimed.get("public_key"))
            batch: list[StoredEvent] = []
            positions: list[int] = []
            closing: dict[str, Any] | None = None
            for number, text in enumerate(lines, start=2):
                digest.update(text)
                if closing is not None:
                    raise trust.refuse(f"结尾行之后还有内容（第 {number} 行）",
                                       f"line {number} follows the closing line")
                if version >= 2 and text.startswith(b'{"end"'):
                    closing = _json(text, number)
                    continue
                stored = check.line(text, number)
                trust.read(AuditedEvent(check.last_position, str(stored.originator_id), stored.originator_version,
                                        stored.topic, stored.state))
                batch.append(stored)
                positions.append(check.last_position)
                if len(batch) == batch_size:
                    write(batch, positions)
                    batch, positions = [], []
                    if progress is not None:
                        progress(lines.tell(), size)
            write(batch, positions)
            if check.last_claimed is None:
                raise InvalidInput("文件中没有事件", "the file holds no events")
            if version >= 2:
                if closing is None:
                    raise trust.refuse("文件没有结尾行（被截短？）", "the file has no closing line (cut short?)")
                trust.close(closing, check.count, check.last_position, claimed.get("last_position"))
            else:
                _check_version_1(claimed, check.last_position, trust)
            now = app.clock.now()
            if now < check.last_claimed:
                raise InvalidInput(
                    "导入历史的时间晚于本机当前时间", "the history's times are later than this server's clock"
                )
            record = Import.record(
                Import.FULL_HISTORY, path.name, digest.hexdigest(), check.count, sorted(check.versions),
                Act(actor, now, now), first_position=check.first_position, last_position=check.last_position,
            )
            write([app.mapper.to_stored_event(e) for e in record.collect_events()])
    except PersistenceError as error:
        if is_store_full(error):
            raise nothing_written() from None
        raise
    app.clock.raise_floor(now)
    position = app.recorder.max_notification_id()
    assert position is not None  # the import has just written at least the history and its Import record
    return HistoryImported(id=record.id, version=record.version, position=position, recorded_at=now,
                           checks=tuple(trust.said))


def _check_version_1(header: dict[str, Any], last_position: int, trust: Trust) -> None:
    """A version 1 file carries no count, root or checkpoint: only its header's last position can be checked."""
    claimed = header.get("last_position")
    if isinstance(claimed, int) and last_position < claimed:
        raise trust.refuse(f"文件头写明最后位置为 {claimed}，但最后一行只到 {last_position}（文件被截短？）",
                           f"the header says the last position is {claimed}, the last line is {last_position}")
    trust.said.append("第 1 版历史文件：不带结尾行和签名检查点，只核对了位置与文件头；无法证明内容未被改动")


class _LineCheck:
    """The checks every line of a history passes, in order; refusals name the line.

    Each stored state is decoded as reading it will decode it, and the topic must name an event class
    this software has; the state then goes in exactly as written, as it came out of a store, at the
    log position it had there.
    """

    def __init__(self, app: Taizhang) -> None:
        self.mapper = app.mapper
        self.versions: dict[uuid.UUID, int] = {}
        self.known_topics: set[str] = set()
        self.last_claimed: datetime | None = None
        self.first_position: int | None = None
        self.last_position = 0
        self.count = 0

    def header(self, text: bytes) -> tuple[int, dict[str, Any]]:
        header = _json(text, 1)
        version = header.get("version")
        if header.get("format") != FORMAT or version not in READS or not isinstance(version, int):
            raise InvalidInput(
                f"不是 {FORMAT} 第 1 或第 {VERSION} 版格式的文件", f"not a {FORMAT} version 1 or {VERSION} file"
            )
        return version, header

    def line(self, text: bytes, number: int) -> StoredEvent:
        line = _json(text, number)
        try:
            aggregate_id = uuid.UUID(line["aggregate_id"])
            event = StoredEvent(
                originator_id=aggregate_id,
                originator_version=int(line["version"]),
                topic=str(line["topic"]),
                state=str(line["state"]).encode("utf-8"),
            )
            position = int(line["position"])
            claimed = self._recorded_time(event)
        except Exception as error:  # any malformed line is refused with its number
            raise InvalidInput(f"第 {number} 行无法解析：{error}", f"line {number} cannot be read: {error}") from None
        if position <= self.last_position:
            raise InvalidInput(f"第 {number} 行的位置没有递增", f"line {number}: positions do not increase")
        if self.last_claimed is not None and claimed < self.last_claimed:
            raise InvalidInput(
                f"第 {number} 行的记录时间早于前一条（历史时间不能倒退）",
                f"line {number}: recorded times may not go backwards",
            )
        expected = self.versions.get(aggregate_id, 0) + 1
        if event.originator_version != expected:
            raise InvalidInput(
                f"第 {number} 行：对象 {aggregate_id} 的版本应为 {expected}",
                f"line {number}: aggregate {aggregate_id} should be at version {expected}",
            )
        self.versions[aggregate_id] = expected
        if self.first_position is None:
            self.first_position = position
        self.last_position, self.last_claimed = position, claimed
        self.count += 1
        return event

    def _recorded_time(self, event: StoredEvent) -> datetime:
        """Decode the whole event, as reading it later will: what cannot be read is never let in.

        A state that parsed as JSON but whose values do not decode (a malformed UUID, date or amount)
        would otherwise enter an immutable log and make its aggregate unreadable for good.
        """
        if event.topic not in self.known_topics:
            event_class(event.topic)  # looked up among the product's own classes: nothing a file names is imported
            self.known_topics.add(event.topic)
        state = json.loads(event.state)
        if isinstance(state, dict):
            check_originator_topic(state)
        claimed = as_fact(self.mapper.to_domain_event(event)).timestamp
        if not isinstance(claimed, datetime) or claimed.tzinfo is None:
            raise ValueError(f"the recorded time {claimed!r} has no time zone")
        return claimed


def _json(text: bytes, number: int) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(f"第 {number} 行不是 JSON：{error}", f"line {number} is not JSON: {error}") from None
    if not isinstance(value, dict):
        raise InvalidInput(f"第 {number} 行不是 JSON 对象", f"line {number} is not a JSON object")
    return value
