"""The leaf ledger: what each checkpointed event looked like when it was checkpointed.

The signed root authenticates the ledger's leaf hashes; the descriptive fields only help to say
*what* differs once a leaf hash no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from taizhang.audit.leaf import AuditedEvent, canonical_json
from taizhang.audit.merkle import leaf_hash


@dataclass(frozen=True)
class LedgerEntry:
    index: int
    position: int
    leaf_hash: bytes
    aggregate_id: str
    version: int
    topic: str
    state_sha256: bytes

    @classmethod
    def of(cls, index: int, event: AuditedEvent, hashed: bytes | None = None) -> LedgerEntry:
        return cls(
            index=index,
            position=event.position,
            leaf_hash=hashed or leaf_hash(event.leaf()),
            aggregate_id=event.aggregate_id,
            version=event.version,
            topic=event.topic,
            state_sha256=hashlib.sha256(event.state).digest(),
        )

    def differences(self, event: AuditedEvent) -> tuple[str, str]:
        """What changed between the checkpointed event and ``event`` (Chinese, English)."""
        zh, en = [], []
        if event.aggregate_id != self.aggregate_id:
            zh.append(f"对象 {self.aggregate_id} → {event.aggregate_id}")
            en.append(f"aggregate {self.aggregate_id} → {event.aggregate_id}")
        if event.version != self.version:
            zh.append(f"版本 {self.version} → {event.version}")
            en.append(f"version {self.version} → {event.version}")
        if event.topic != self.topic:
            zh.append(f"类型 {self.topic} → {event.topic}")
            en.append(f"topic {self.topic} → {event.topic}")
        if hashlib.sha256(event.state).digest() != self.state_sha256:
            zh.append("事件内容（状态字节）被改动")
            en.append(f"stored state bytes differ (sha256 was {self.state_sha256.hex()[:16]}…)")
        if not zh:
            zh.append("叶哈希不符")
            en.append("leaf hash differs")
        return "；".join(zh), "; ".join(en)

    def to_json(self) -> bytes:
        return canonical_json(
            {
                "index": self.index,
                "position": self.position,
                "leaf_hash": self.leaf_hash.hex(),
                "aggregate_id": self.aggregate_id,
                "version": self.version,
                "topic": self.topic,
                "state_sha256": self.state_sha256.hex(),
            }
        )

    @classmethod
    def from_json(cls, line: bytes) -> LedgerEntry:
        record = json.loads(line)
        return cls(
            index=int(record["index"]),
            position=int(record["position"]),
            leaf_hash=bytes.fromhex(record["leaf_hash"]),
            aggregate_id=str(record["aggregate_id"]),
            version=int(record["version"]),
            topic=str(record["topic"]),
            state_sha256=bytes.fromhex(record["state_sha256"]),
        )
