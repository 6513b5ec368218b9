"""One stored event as the audit sees it: its canonical leaf bytes, and its canonical export line.

Leaf bytes are a version tag, then position, aggregate id, version, topic and stored state, each
fixed-width or length-prefixed, so that no two different events can share the same bytes.
"""

from __future__ import annotations

import base64
import json
import struct
from dataclasses import dataclass

from taizhang.audit.errors import ExportMalformed

LEAF_TAG = b"taizhang-event/1\x00"
_FIELDS = ("aggregate_id", "position", "state", "state_encoding", "topic", "version")


@dataclass(frozen=True)
class AuditedEvent:
    position: int
    aggregate_id: str
    version: int
    topic: str
    state: bytes

    def leaf(self) -> bytes:
        aggregate = self.aggregate_id.encode()
        topic = self.topic.encode()
        return b"".join(
            (
                LEAF_TAG,
                struct.pack(">Q", self.position),
                struct.pack(">I", len(aggregate)),
                aggregate,
                struct.pack(">Q", self.version),
                struct.pack(">I", len(topic)),
                topic,
                struct.pack(">Q", len(self.state)),
                self.state,
            )
        )

    def export_line(self) -> bytes:
        """The event as one canonical JSON line; the state stays readable when it is UTF-8 text."""
        try:
            state, encoding = self.state.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            state, encoding = base64.b64encode(self.state).decode("ascii"), "base64"
        record = {
            "aggregate_id": self.aggregate_id,
            "position": self.position,
            "state": state,
            "state_encoding": encoding,
            "topic": self.topic,
            "version": self.version,
        }
        return canonical_json(record) + b"\n"

    @classmethod
    def from_export_line(cls, line: bytes, line_number: int) -> AuditedEvent:
        """Parse a line and refuse anything but the exact bytes ``export_line`` would write."""

        def refuse(why_zh: str, why_en: str) -> ExportMalformed:
            return ExportMalformed(
                f"导出文件第 {line_number} 行{why_zh}", f"export line {line_number}: {why_en}", line=line_number
            )

        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise refuse("不是有效的 JSON", "not valid UTF-8 JSON") from None
        if not isinstance(record, dict) or tuple(sorted(record)) != _FIELDS:
            raise refuse("字段不对", f"fields must be exactly {', '.join(_FIELDS)}")
        ints = (record["position"], record["version"])
        texts = (record["aggregate_id"], record["topic"], record["state"])
        if not all(type(v) is int and v >= 0 for v in ints) or not all(type(v) is str for v in texts):
            raise refuse("字段类型不对", "position and version must be whole numbers, the others text")
        try:
            if record["state_encoding"] == "utf-8":
                state = record["state"].encode("utf-8")
            elif record["state_encoding"] == "base64":
                state = base64.b64decode(record["state"], validate=True)
            else:
                raise ValueError(record["state_encoding"])
        except ValueError:
            raise refuse("状态编码不对", "state_encoding must be utf-8 or base64 and match the state") from None
        event = cls(record["position"], record["aggregate_id"], record["version"], record["topic"], state)
        if event.export_line() != line:
            raise refuse("不是规范格式（被改动过？）", "not in canonical form (edited by hand?)")
        return event


def canonical_json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
