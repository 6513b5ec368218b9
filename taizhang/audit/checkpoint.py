"""A checkpoint as the township keeps it: a C2SP signed note, the witnesses' cosignatures, where it ends in the log.

The note (origin, tree size, base64 root; the township's Ed25519 signature line) is what the
transparency-log world reads; the position of its last event and the time it was signed are kept
beside it, unsigned, to say where in the log it ends.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from taizhang.audit.verifier import (
    COSIGNATURE,
    ED25519,
    CheckpointNote,
    SignatureLine,
    VerifierKey,
    cosigned_message,
)


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def township_vkey(origin: str, key: Ed25519PublicKey) -> VerifierKey:
    """The township's key as C2SP names it: the log's origin, an Ed25519 note key."""
    return VerifierKey(origin, ED25519, raw_public(key))


def witness_vkey(name: str, key: Ed25519PublicKey) -> VerifierKey:
    """A witness's key as C2SP names it: its name, a timestamped Ed25519 cosignature key."""
    return VerifierKey(name, COSIGNATURE, raw_public(key))


def sign_note(origin: str, tree_size: int, root_hash: bytes, key: Ed25519PrivateKey) -> CheckpointNote:
    unsigned = CheckpointNote(origin, tree_size, root_hash)
    line = SignatureLine(origin, township_vkey(origin, key.public_key()).key_id, key.sign(unsigned.body))
    return unsigned.with_signatures([line])


def cosign(note: CheckpointNote, name: str, key: Ed25519PrivateKey, timestamp: int) -> SignatureLine:
    """A witness's statement that, at ``timestamp``, this is the largest consistent tree it has seen of the log."""
    signature = key.sign(cosigned_message(note.body, timestamp))
    return SignatureLine(name, witness_vkey(name, key.public_key()).key_id, timestamp.to_bytes(8, "big") + signature)


@dataclass(frozen=True)
class Cosignature:
    witness: str  # the witness's vkey
    line: SignatureLine
    received_at: str

    @property
    def witness_name(self) -> str:
        return self.witness.split("+")[0]

    @property
    def timestamp(self) -> int:
        return int.from_bytes(self.line.signature[:8], "big")


@dataclass(frozen=True)
class Checkpoint:
    note: CheckpointNote  # with the township's signature line only
    last_position: int
    signed_at: str
    cosignatures: tuple[Cosignature, ...] = ()

    @property
    def origin(self) -> str:
        return self.note.origin

    @property
    def tree_size(self) -> int:
        return self.note.tree_size

    @property
    def root_hash(self) -> bytes:
        return self.note.root_hash

    @property
    def key_id(self) -> str:
        """The township key's C2SP key id (hex), printed so a reader knows which key to check it with."""
        return self.note.signatures[0].key_id.hex()

    @property
    def witness_names(self) -> list[str]:
        return sorted(c.witness_name for c in self.cosignatures)

    def with_cosignature(self, cosignature: Cosignature) -> Checkpoint:
        kept = tuple(c for c in self.cosignatures if c.witness != cosignature.witness)
        return replace(self, cosignatures=(*kept, cosignature))

    def cosigned_note(self) -> CheckpointNote:
        """The note with every cosignature line after the township's (ordered by witness key)."""
        lines = [c.line for c in sorted(self.cosignatures, key=lambda c: c.witness)]
        return self.note.with_signatures([*self.note.signatures, *lines])

    def printable(self) -> str:
        witnesses = "、".join(self.witness_names) or "（尚无 none yet）"
        return "\n".join([
            f"台账检查点 checkpoint — {self.origin}",
            f"  事件数 tree size:      {self.tree_size}",
            f"  最后位置 last position: {self.last_position}",
            f"  根哈希 root (SHA-256):  {self.root_hash.hex()}",
            f"  时间 signed at:         {self.signed_at}",
            f"  密钥 key id:            {self.key_id}",
            f"  见证 witnesses:         {witnesses}",
            "",
            self.cosigned_note().text().decode("utf-8").rstrip("\n"),
        ])
