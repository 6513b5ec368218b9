"""A signed checkpoint: “the township's log had N events and this root hash at this time”, Ed25519-signed."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from taizhang.audit.errors import CheckpointRefused
from taizhang.audit.keys import key_id
from taizhang.audit.leaf import canonical_json

FORMAT = "taizhang-checkpoint/1"
# Signing a context string with the body keeps a checkpoint signature from passing for anything else.
CONTEXT = b"taizhang checkpoint signature v1\n"


@dataclass(frozen=True)
class Checkpoint:
    township_code: str
    tree_size: int
    root_hash: bytes
    last_position: int
    signed_at: str
    key_id: str
    signature: bytes | None = None

    def body(self) -> bytes:
        return canonical_json(
            {
                "format": FORMAT,
                "township_code": self.township_code,
                "tree_size": self.tree_size,
                "root_hash": self.root_hash.hex(),
                "last_position": self.last_position,
                "signed_at": self.signed_at,
                "key_id": self.key_id,
            }
        )

    def signed_with(self, key: Ed25519PrivateKey) -> Checkpoint:
        return replace(self, signature=key.sign(CONTEXT + self.body()))

    def check_signature(self, key: Ed25519PublicKey) -> Checkpoint:
        """Return self if signed by ``key``; otherwise refuse, saying which checkpoint and why."""
        label = f"检查点（{self.tree_size} 条事件，{self.signed_at}）"
        label_en = f"checkpoint of {self.tree_size} events at {self.signed_at}"
        if not self.signature:
            raise CheckpointRefused(f"{label}没有签名，不可信", f"{label_en} is unsigned: refused")
        if self.key_id != key_id(key):
            raise CheckpointRefused(
                f"{label}由另一把密钥（{self.key_id}）签名", f"{label_en} names key {self.key_id}, not this public key"
            )
        try:
            key.verify(self.signature, CONTEXT + self.body())
        except InvalidSignature:
            raise CheckpointRefused(f"{label}签名无效", f"{label_en} has a signature that does not verify") from None
        return self

    def to_json(self) -> bytes:
        record = json.loads(self.body())
        record["signature"] = base64.b64encode(self.signature).decode() if self.signature else None
        return canonical_json(record)

    @classmethod
    def from_json(cls, text: bytes | str) -> Checkpoint:
        """Parse the exact bytes ``to_json`` writes; any other spelling of the same values is refused."""
        raw = text.encode() if isinstance(text, str) else bytes(text)
        checkpoint = cls._parse(raw)
        if checkpoint.to_json() != raw.strip():
            raise CheckpointRefused(
                "检查点不是规范格式（被改动过？）", "a checkpoint is not in canonical form (edited?)"
            )
        return checkpoint

    @classmethod
    def _parse(cls, text: bytes) -> Checkpoint:
        try:
            record = json.loads(text)
            if record.get("format") != FORMAT:
                raise ValueError(record.get("format"))
            signature = record.get("signature")
            return cls(
                township_code=str(record["township_code"]),
                tree_size=int(record["tree_size"]),
                root_hash=bytes.fromhex(record["root_hash"]),
                last_position=int(record["last_position"]),
                signed_at=str(record["signed_at"]),
                key_id=str(record["key_id"]),
                signature=base64.b64decode(signature, validate=True) if signature else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise CheckpointRefused(
                "检查点格式不对", "a checkpoint is not in the taizhang-checkpoint/1 format"
            ) from None

    def printable(self) -> str:
        signature = base64.b64encode(self.signature).decode() if self.signature else "（未签名 unsigned）"
        return "\n".join(
            [
                f"台账检查点 checkpoint — 乡镇 township {self.township_code}",
                f"  事件数 tree size:      {self.tree_size}",
                f"  最后位置 last position: {self.last_position}",
                f"  根哈希 root (SHA-256):  {self.root_hash.hex()}",
                f"  时间 signed at:         {self.signed_at}",
                f"  密钥 key id:            {self.key_id}",
                f"  签名 Ed25519:           {signature}",
            ]
        )
