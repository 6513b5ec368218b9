"""The whole history as JSON Lines, and bringing such a history into an empty store.

Format ``taizhang-history`` version 1 (documented in docs/HISTORY-FORMAT.md): a header line, then
one line per stored event in log order with its original position, aggregate id, version, topic,
claimed recorded time, and the stored state exactly as it was written.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from eventsourcing.persistence import PersistenceError, StoredEvent

from domain.acts import Act
from domain.errors import InvalidInput
from domain.imports import Import
from taizhang.application import Outcome, TaizhangApp
from taizhang.store.bulk import insert_all
from taizhang.store.failures import is_store_full, nothing_written

FORMAT = "taizhang-history"
VERSION = 1
BATCH = 1000


def export_history(app: TaizhangApp, path: Path) -> int:
    """Write every event; returns how many. Streams the log, so memory stays flat."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        header = {"format": FORMAT, "version": VERSION, "exported_at": app.clock.now().isoformat(),
                  "last_position": app.recorder.max_notification_id() or 0}
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for notification in _all_notifications(app):
            event = app.mapper.to_domain_event(notification)
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
    return count


def _all_notifications(app: TaizhangApp) -> Iterator[Any]:
    start = None
    while True:
        batch = app.recorder.select_notifications(start=start, limit=BATCH, inclusive_of_start=False)
        if not batch:
            return
        yield from batch
        start = batch[-1].id


def import_history(app: TaizhangApp, path: Path, actor: str) -> Outcome:
    """Bring a whole exported history into an empty store: all of it, in order, or nothing."""
    if app.recorder.max_notification_id():
        raise InvalidInput("完整历史只能导入空数据库", "a full history can only be imported into an empty store")
    content = path.read_bytes()
    sha256 = hashlib.sha256(content).hexdigest()
    stored, last_claimed, aggregates = _validated(app, content)
    now = app.clock.now()
    if now < last_claimed:
        raise InvalidInput("导入历史的时间晚于本机当前时间", "the history's times are later than this server's clock")
    record = Import.record(
        Import.FULL_HISTORY, path.name, sha256, len(stored), sorted(aggregates), Act(actor, now, now),
        first_position=1, last_position=len(stored),
    )
    stored.extend(app.mapper.to_stored_event(e) for e in record.collect_events())
    try:
        insert_all(app.recorder, stored)
    except PersistenceError as error:
        if is_store_full(error):
            raise nothing_written() from None
        raise
    app.clock.raise_floor(now)
    position = app.recorder.max_notification_id()
    return Outcome(id=record.id, version=record.version, position=position, recorded_at=now)


def _validated(app: TaizhangApp, content: bytes) -> tuple[list[StoredEvent], datetime, set[uuid.UUID]]:
    lines = content.decode("utf-8").splitlines()
    if not lines:
        raise InvalidInput("文件为空", "the file is empty")
    header = _json(lines[0], 1)
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise InvalidInput(
            f"不是 {FORMAT} 第 {VERSION} 版格式的文件", f"not a {FORMAT} version {VERSION} file"
        )
    stored: list[StoredEvent] = []
    versions: dict[uuid.UUID, int] = {}
    last_claimed: datetime | None = None
    last_position = 0
    for number, text in enumerate(lines[1:], start=2):
        line = _json(text, number)
        try:
            event = StoredEvent(
                originator_id=uuid.UUID(line["aggregate_id"]),
                originator_version=int(line["version"]),
                topic=str(line["topic"]),
                state=str(line["state"]).encode("utf-8"),
            )
            position = int(line["position"])
            claimed = app.mapper.to_domain_event(event).timestamp
        except Exception as error:  # any malformed line is refused with its number
            raise InvalidInput(f"第 {number} 行无法解析：{error}", f"line {number} cannot be read: {error}") from None
        if position <= last_position:
            raise InvalidInput(f"第 {number} 行的位置没有递增", f"line {number}: positions do not increase")
        if last_claimed is not None and claimed < last_claimed:
            raise InvalidInput(
                f"第 {number} 行的记录时间早于前一条（历史时间不能倒退）",
                f"line {number}: recorded times may not go backwards",
            )
        expected = versions.get(event.originator_id, 0) + 1
        if event.originator_version != expected:
            raise InvalidInput(
                f"第 {number} 行：对象 {event.originator_id} 的版本应为 {expected}",
                f"line {number}: aggregate {event.originator_id} should be at version {expected}",
            )
        versions[event.originator_id] = expected
        last_position, last_claimed = position, claimed
        stored.append(event)
    if last_claimed is None:
        raise InvalidInput("文件中没有事件", "the file holds no events")
    return stored, last_claimed, set(versions)


def _json(text: str, number: int) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"第 {number} 行不是 JSON：{error}", f"line {number} is not JSON: {error}") from None
    if not isinstance(value, dict):
        raise InvalidInput(f"第 {number} 行不是 JSON 对象", f"line {number} is not a JSON object")
    return value
