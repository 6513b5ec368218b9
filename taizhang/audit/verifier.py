"""The inspector's verifier of a taizhang audit export: Python 3.11+ and ``cryptography``, nothing else.

Copy this one file beside an export and run ``python3 verifier.py EXPORT --witness KEY``: it gives one
verdict on whether the events, the leaf ledger and the signed checkpoints agree, and exits 0 only then
(1: they do not agree; 2: a file is not what the exporter writes or a signature does not hold).
Given the witness's own checkpoint and its mirror of leaf hashes (``--checkpoint``, ``--mirror``),
it names a rewritten event even in an export whose leaf ledger was rebuilt with it.

It imports nothing of the product, and the product imports its definitions, so each exists once:
RFC 9162 hashing, the leaf bytes of an event, C2SP signed notes, checkpoints and Ed25519 cosignatures
(c2sp.org/signed-note, tlog-checkpoint, tlog-cosignature), and the check of a record against them.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import struct
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

EVENTS, LEAVES, CHECKPOINTS = "events.jsonl", "leaves.jsonl", "checkpoints"
TOWNSHIP_KEY, WITNESSES, README = "township.vkey", "witnesses.txt", "README.txt"


class Refused(Exception):
    """Input that is not what the product writes, or a signature that does not hold: nothing can be concluded."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


# --- RFC 9162 §2.1.1 hashing ------------------------------------------------------------------------

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256
_LEAF_PREFIXED = _sha256(b"\x00")
_NODE = b"\x01"


def leaf_hash(leaf: bytes) -> bytes:
    hasher = _LEAF_PREFIXED.copy()  # copying the prefixed state avoids concatenating large leaves
    hasher.update(leaf)
    return hasher.digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(_NODE + left + right).digest()


class RootAccumulator:
    """The right edge of a growing tree: one perfect subtree root per set bit of the size, largest first."""

    def __init__(self, edge: Iterable[tuple[int, bytes]] = ()) -> None:
        pairs = list(edge)
        counts = [count for count, _ in pairs]
        if any(c & (c - 1) for c in counts) or counts != sorted(set(counts), reverse=True):
            raise ValueError("a tree edge is perfect subtrees of strictly decreasing power-of-two sizes")
        self._hashes: list[bytes] = [hashed for _, hashed in pairs]
        self.size = sum(counts)

    def add_leaf_hash(self, hashed: bytes) -> None:
        hashes, n = self._hashes, self.size
        while n & 1:  # appending merges one subtree per trailing 1 bit of the size
            hashed = _sha256(_NODE + hashes.pop() + hashed).digest()
            n >>= 1
        hashes.append(hashed)
        self.size += 1

    def add_leaf(self, leaf: bytes) -> None:
        # add_leaf_hash inlined: this loop is the verifier's hot path (see bench/audit_bench.py).
        hasher = _LEAF_PREFIXED.copy()
        hasher.update(leaf)
        hashed = hasher.digest()
        hashes, n = self._hashes, self.size
        while n & 1:
            hashed = _sha256(_NODE + hashes.pop() + hashed).digest()
            n >>= 1
        hashes.append(hashed)
        self.size += 1

    def root(self) -> bytes:
        if not self._hashes:
            return EMPTY_ROOT
        root = self._hashes[-1]
        for left in reversed(self._hashes[:-1]):
            root = node_hash(left, root)
        return root

    @property
    def edge(self) -> list[tuple[int, bytes]]:
        counts = [1 << bit for bit in range(self.size.bit_length() - 1, -1, -1) if self.size >> bit & 1]
        return list(zip(counts, self._hashes, strict=True))


# --- one stored event: its leaf bytes and its export line -------------------------------------------

LEAF_TAG = b"taizhang-event/1\x00"
_EVENT_FIELDS = ("aggregate_id", "position", "state", "state_encoding", "topic", "version")


def canonical_json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class AuditedEvent:
    """An event as stored; its leaf is a version tag, then each field fixed-width or length-prefixed."""

    position: int
    aggregate_id: str
    version: int
    topic: str
    state: bytes

    def leaf(self) -> bytes:
        aggregate, topic = self.aggregate_id.encode(), self.topic.encode()
        return b"".join((
            LEAF_TAG, struct.pack(">Q", self.position), struct.pack(">I", len(aggregate)), aggregate,
            struct.pack(">Q", self.version), struct.pack(">I", len(topic)), topic,
            struct.pack(">Q", len(self.state)), self.state,
        ))

    def export_line(self) -> bytes:
        """The event as one canonical JSON line; the state stays readable when it is UTF-8 text."""
        try:
            state, encoding = self.state.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            state, encoding = base64.b64encode(self.state).decode("ascii"), "base64"
        return canonical_json({
            "aggregate_id": self.aggregate_id, "position": self.position, "state": state,
            "state_encoding": encoding, "topic": self.topic, "version": self.version,
        }) + b"\n"

    @classmethod
    def from_export_line(cls, line: bytes, line_number: int) -> AuditedEvent:
        """Parse a line and refuse anything but the exact bytes ``export_line`` would write."""
        where_zh, where_en = f"{EVENTS} 第 {line_number} 行", f"{EVENTS} line {line_number}"
        record = _json_object(line, where_zh, where_en)
        if tuple(sorted(record)) != _EVENT_FIELDS:
            raise Refused(f"{where_zh}字段不对", f"{where_en}: fields must be exactly {', '.join(_EVENT_FIELDS)}")
        try:
            position, version = _whole(record["position"]), _whole(record["version"])
            aggregate_id, topic = _text(record["aggregate_id"]), _text(record["topic"])
        except ValueError:
            raise Refused(f"{where_zh}字段类型不对", f"{where_en}: position, version: whole numbers") from None
        try:
            if record["state_encoding"] == "utf-8":
                state = str(record["state"]).encode("utf-8")
            elif record["state_encoding"] == "base64":
                state = base64.b64decode(str(record["state"]), validate=True)
            else:
                raise ValueError(record["state_encoding"])
        except ValueError:
            raise Refused(f"{where_zh}状态编码不对", f"{where_en}: state_encoding must be utf-8 or base64") from None
        event = cls(position, aggregate_id, version, topic, state)
        if event.export_line() != line:
            raise Refused(f"{where_zh}不是规范格式（被改动过？）", f"{where_en}: not in canonical form (edited?)")
        return event


def _whole(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(value)
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def _json_object(line: bytes, where_zh: str, where_en: str) -> dict[str, object]:
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(f"{where_zh}不是有效的 JSON", f"{where_en}: not valid UTF-8 JSON") from None
    if not isinstance(record, dict):
        raise Refused(f"{where_zh}不是 JSON 对象", f"{where_en}: not a JSON object")
    return record


# --- the leaf ledger: what each checkpointed event looked like when it was checkpointed --------------

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
        return cls(index, event.position, hashed or leaf_hash(event.leaf()), event.aggregate_id, event.version,
                   event.topic, hashlib.sha256(event.state).digest())

    def differences(self, event: AuditedEvent) -> tuple[str, str]:
        """What changed between the checkpointed event and ``event`` (Chinese, English)."""
        zh, en = [], []
        for name_zh, name_en, before, after in (
            ("对象", "aggregate", self.aggregate_id, event.aggregate_id),
            ("版本", "version", self.version, event.version),
            ("类型", "topic", self.topic, event.topic),
        ):
            if before != after:
                zh.append(f"{name_zh} {before} → {after}")
                en.append(f"{name_en} {before} → {after}")
        if hashlib.sha256(event.state).digest() != self.state_sha256:
            zh.append("事件内容（状态字节）被改动")
            en.append(f"stored state bytes differ (sha256 was {self.state_sha256.hex()[:16]}…)")
        return "；".join(zh) or "叶哈希不符", "; ".join(en) or "leaf hash differs"

    def to_json(self) -> bytes:
        return canonical_json({
            "index": self.index, "position": self.position, "leaf_hash": self.leaf_hash.hex(),
            "aggregate_id": self.aggregate_id, "version": self.version, "topic": self.topic,
            "state_sha256": self.state_sha256.hex(),
        })

    @classmethod
    def from_json(cls, line: bytes, line_number: int = 0) -> LedgerEntry:
        where_zh, where_en = f"{LEAVES} 第 {line_number} 行", f"{LEAVES} line {line_number}"
        record = _json_object(line, where_zh, where_en)
        try:
            entry = cls(_whole(record["index"]), _whole(record["position"]), bytes.fromhex(_text(record["leaf_hash"])),
                        _text(record["aggregate_id"]), _whole(record["version"]), _text(record["topic"]),
                        bytes.fromhex(_text(record["state_sha256"])))
        except (KeyError, ValueError):
            raise Refused(f"{where_zh}字段不对", f"{where_en}: not a leaf ledger row") from None
        if entry.to_json() + b"\n" != line:
            raise Refused(f"{where_zh}不是规范格式（被改动过？）", f"{where_en}: not in canonical form (edited?)")
        return entry


# --- C2SP signed notes: checkpoints, verifier keys, cosignatures --------------------------------------

ED25519, COSIGNATURE = 0x01, 0x04  # signed-note signature types: a log's key, a witness's timestamped cosignature
DASH = "\u2014 "
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,18}")
MAX_SIGNATURES = 100


def strict_base64(text: str, what_zh: str, what_en: str) -> bytes:
    """Standard base64 in its one canonical spelling (padding bits zero), so no two spellings pass."""
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        raw = None
    if raw is None or base64.b64encode(raw).decode("ascii") != text:
        raise Refused(f"{what_zh}不是规范的 base64", f"{what_en} is not canonical base64")
    return raw


def key_name_ok(name: str) -> bool:
    return bool(name) and "+" not in name and not any(ch.isspace() for ch in name) and name.isprintable()


def key_id(name: str, kind: int, public: bytes) -> bytes:
    """SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4], as signed-note recommends, cosignatures require."""
    return _sha256(name.encode("utf-8") + b"\n" + bytes([kind]) + public).digest()[:4]


@dataclass(frozen=True)
class VerifierKey:
    """A public key as C2SP shares it (a "vkey"): ``name+keyid+base64(type ‖ key)``."""

    name: str
    kind: int
    public: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.kind, self.public)

    def text(self) -> str:
        encoded = base64.b64encode(bytes([self.kind]) + self.public).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        parts = text.split("+", 2)  # the name and the hex key id hold no "+"; base64 may
        if len(parts) != 3 or not key_name_ok(parts[0]):
            raise Refused(f"公钥“{text[:60]}”不是 名称+编号+密钥 的格式", f"{text[:60]!r} is not a name+id+key vkey")
        raw = strict_base64(parts[2], "公钥", "the vkey's key")
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE):
            raise Refused("公钥不是 Ed25519 公钥", "the vkey is not an Ed25519 or Ed25519-cosignature key")
        key = cls(parts[0], raw[0], raw[1:])
        if key.text() != text:
            raise Refused(f"公钥“{parts[0]}”的编号与密钥不符", f"the key id of vkey {parts[0]} does not match its key")
        return key

    @classmethod
    def from_pem(cls, name: str, pem: bytes) -> VerifierKey:
        try:
            public = serialization.load_pem_public_key(pem)
        except ValueError:
            public = None
        if not isinstance(public, Ed25519PublicKey):
            raise Refused("公钥不是 Ed25519 公钥", "the public key is not an Ed25519 public key")
        return cls(name, ED25519, public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def read_key(text_or_path: str, name_for_pem: str | None = None) -> VerifierKey:
    """A vkey given as itself or as a file holding it (or, for the township, a PEM public key file)."""
    candidate = Path(text_or_path)
    if "+" not in text_or_path or candidate.is_file():
        try:
            data = candidate.read_bytes()
        except OSError:
            raise Refused(f"读不到公钥文件 {text_or_path}", f"cannot read the key file {text_or_path}") from None
        if data.startswith(b"-----BEGIN") and name_for_pem is not None:
            return VerifierKey.from_pem(name_for_pem, data)
        text_or_path = data.decode("utf-8", "replace").strip()
    return VerifierKey.parse(text_or_path)


@dataclass(frozen=True)
class SignatureLine:
    name: str
    key_id: bytes
    signature: bytes

    def text(self) -> str:
        return f"{DASH}{self.name} {base64.b64encode(self.key_id + self.signature).decode('ascii')}\n"

    @classmethod
    def parse(cls, line: str) -> SignatureLine:
        name, _, encoded = line.removeprefix(DASH).partition(" ")
        if not line.startswith(DASH) or not key_name_ok(name) or not encoded:
            raise Refused(f"签名行格式不对：{line[:60]}", f"not a signature line: {line[:60]!r}")
        raw = strict_base64(encoded, "签名", "a signature")
        if len(raw) < 5:
            raise Refused("签名太短", "a signature is too short")
        return cls(name, raw[:4], raw[4:])


def cosigned_message(body: bytes, timestamp: int) -> bytes:
    """What an Ed25519 cosignature (tlog-cosignature, type 0x04) signs: a header, the time, the checkpoint."""
    return b"cosignature/v1\ntime %d\n" % timestamp + body


@dataclass(frozen=True)
class CheckpointNote:
    """A checkpoint as a C2SP signed note: origin, tree size, base64 root hash; then its signature lines."""

    origin: str
    tree_size: int
    root_hash: bytes
    signatures: tuple[SignatureLine, ...] = ()

    @property
    def body(self) -> bytes:
        root = base64.b64encode(self.root_hash).decode("ascii")
        return f"{self.origin}\n{self.tree_size}\n{root}\n".encode()

    def text(self) -> bytes:
        return self.body + b"\n" + "".join(line.text() for line in self.signatures).encode("utf-8")

    def with_signatures(self, lines: Iterable[SignatureLine]) -> CheckpointNote:
        return CheckpointNote(self.origin, self.tree_size, self.root_hash, tuple(lines))

    @classmethod
    def parse(cls, data: bytes) -> CheckpointNote:
        """The exact bytes ``text`` writes: three body lines, a blank line, one line per signature."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("检查点不是 UTF-8 文本", "a checkpoint is not UTF-8 text") from None
        if any(ord(ch) < 0x20 and ch != "\n" for ch in text):
            raise Refused("检查点含有控制字符", "a checkpoint holds a control character")
        split = text.rfind("\n\n")
        lines, signatures = text[: split + 1].split("\n")[:-1], text[split + 2 :]
        if split < 0 or len(lines) != 3 or not signatures.endswith("\n") or not _DECIMAL.fullmatch(lines[1]):
            raise Refused("检查点不是 来源/事件数/根哈希 三行加签名 的格式",
                          "a checkpoint is not an origin, a tree size and a root hash, then signature lines")
        if not key_name_ok(lines[0]):
            raise Refused("检查点的来源名称不对", "a checkpoint's origin is empty or holds spaces or '+'")
        root = strict_base64(lines[2], "检查点的根哈希", "a checkpoint's root hash")
        parsed = [SignatureLine.parse(line) for line in signatures[:-1].split("\n")]
        if len(root) != HASH_SIZE or not 0 < len(parsed) <= MAX_SIGNATURES:
            raise Refused("检查点的根哈希或签名数不对", "a checkpoint's root hash or number of signatures is wrong")
        note = cls(lines[0], int(lines[1]), root, tuple(parsed))
        if note.text() != data:
            raise Refused("检查点不是规范格式（被改动过？）", "a checkpoint is not in canonical form (edited?)")
        return note


@dataclass(frozen=True)
class VerifiedCheckpoint:
    """A checkpoint whose every signature held: the township's, and each witness's with its time."""

    note: CheckpointNote
    cosigned: dict[str, int] = field(default_factory=dict)  # witness vkey → POSIX time of its cosignature
    source: str = ""

    @property
    def tree_size(self) -> int:
        return self.note.tree_size

    @property
    def root_hash(self) -> bytes:
        return self.note.root_hash

    def witnessed_by(self, keys: Iterable[VerifierKey]) -> bool:
        return all(key.text() in self.cosigned for key in keys)

    @property
    def witness_names(self) -> list[str]:
        return sorted(vkey.split("+")[0] for vkey in self.cosigned)

    def label(self) -> tuple[str, str]:
        names = "、".join(self.witness_names)
        zh = f"{self.tree_size} 条事件的检查点" + (f"（{names} 见证）" if names else "（无见证）")
        en = f"the checkpoint of {self.tree_size} events" + (
            f" co-signed by {', '.join(self.witness_names)}" if names else " (no witness)")
        return zh, en


def verify_checkpoint(
    note: CheckpointNote, township: VerifierKey, witnesses: Sequence[VerifierKey], source: str = ""
) -> VerifiedCheckpoint:
    """Every signature line must be the township's or a known witness's, and hold; one township signature."""
    label_zh = f"{note.tree_size} 条事件的检查点{source}"
    label_en = f"the checkpoint of {note.tree_size} events{source}"
    if note.origin != township.name:
        raise Refused(f"{label_zh}属于另一个日志（{note.origin}）",
                      f"{label_en} belongs to another log ({note.origin})")
    known = {(key.name, key.key_id): key for key in witnesses if key.kind == COSIGNATURE}
    seen: set[tuple[str, bytes]] = set()
    cosigned: dict[str, int] = {}
    signed = False
    for line in note.signatures:
        ident = (line.name, line.key_id)
        if ident in seen:
            raise Refused(f"{label_zh}有重复的签名行", f"{label_en} has a signature line twice")
        seen.add(ident)
        if ident == (township.name, township.key_id) and township.kind == ED25519:
            if not township.verify(line.signature, note.body):
                raise Refused(f"{label_zh}的乡镇签名无效", f"the township's signature on {label_en} does not verify")
            signed = True
        elif ident in known:
            witness = known[ident]
            timestamp = int.from_bytes(line.signature[:8], "big")
            if len(line.signature) != 72 or timestamp >= 2**63 or not witness.verify(
                line.signature[8:], cosigned_message(note.body, timestamp)
            ):
                raise Refused(f"{label_zh}上 {line.name} 的见证签名无效",
                              f"the cosignature of {line.name} on {label_en} does not verify")
            cosigned[witness.text()] = timestamp
        else:
            raise Refused(f"{label_zh}上有未知密钥的签名（{line.name}）",
                          f"{label_en} carries a signature by a key not named in the export ({line.name})")
    if not signed:
        raise Refused(f"{label_zh}没有乡镇的签名", f"{label_en} is not signed by the township's key")
    return VerifiedCheckpoint(note, cosigned, source)


def split_views(checkpoints: Iterable[VerifiedCheckpoint]) -> list[tuple[VerifiedCheckpoint, VerifiedCheckpoint]]:
    """Pairs of township-signed checkpoints of one size with different roots: two views of one log."""
    first: dict[int, VerifiedCheckpoint] = {}
    found = []
    for checkpoint in checkpoints:
        seen = first.setdefault(checkpoint.tree_size, checkpoint)
        if seen.root_hash != checkpoint.root_hash:
            found.append((seen, checkpoint))
    return found


# --- the record against its checkpoints ---------------------------------------------------------------

@dataclass(frozen=True)
class Mismatch:
    index: int
    position: int
    zh: str
    en: str

    def __str__(self) -> str:
        return f"位置 {self.position}：{self.zh} / position {self.position}: {self.en}"


@dataclass
class Report:
    """What a check found. ``verdict`` is one word; ``summary`` opens with that verdict, said once."""

    events_checked: int = 0
    checkpoints: int = 0
    witnesses: tuple[str, ...] = ()
    witnessed: list[int] = field(default_factory=list)
    checkpoints_matched: list[int] = field(default_factory=list)
    failed_checkpoint: VerifiedCheckpoint | None = None
    first_mismatch: Mismatch | None = None
    mismatch_exact: bool = False
    range_after_position: int = 0
    range_upto_position: int | None = None
    ledger_altered: bool = False
    uncovered: int = 0
    unwitnessed: int = 0
    split: list[tuple[VerifiedCheckpoint, VerifiedCheckpoint]] = field(default_factory=list)
    split_witnessed: bool = False  # both sides of a split view vouched for by witnesses (their cosignatures met)

    @property
    def verdict(self) -> str:
        if self.split and self.split_witnessed:
            return "split_view"
        if self.failed_checkpoint is not None or (self.first_mismatch is not None and not self.ledger_altered):
            return "altered"
        if self.split:
            return "split_view"
        if self.ledger_altered:
            return "ledger_altered"
        if self.witnesses and not self.witnessed:
            return "not_witnessed"
        return "consistent"

    @property
    def ok(self) -> bool:
        return self.verdict == "consistent"

    def summary(self) -> str:
        names = "、".join(self.witnesses)
        head = {
            "consistent": "一致 / CONSISTENT: 记录与所有签名检查点相符 / the record matches every signed checkpoint",
            "altered": "不符 / ALTERED: 记录已不是签名检查点所签的记录 / the record is no longer the one "
                       "the checkpoints signed",
            "ledger_altered": "不符 / ALTERED: 叶账本被改动（事件与检查点相符）/ the leaf ledger was altered "
                              "(the events match)",
            "split_view": "分叉 / SPLIT VIEW: 乡镇对同一事件数签过两个不同的检查点 / the township signed two different "
                          "checkpoints of one size",
            "not_witnessed": f"未经见证 / NOT WITNESSED: 没有 {names} 见证的检查点 / no checkpoint co-signed by "
                             f"{', '.join(self.witnesses)}",
        }[self.verdict]
        counted_zh = f"检查事件 {self.events_checked} 条，签名检查点 {self.checkpoints} 个"
        counted_en = f"{self.events_checked} events, {self.checkpoints} signed checkpoints"
        if self.witnesses:
            counted_zh += f"，其中 {len(self.witnessed)} 个经 {names} 见证"
            counted_en += f", {len(self.witnessed)} co-signed by {', '.join(self.witnesses)}"
        lines = [head, f"{counted_zh} / {counted_en}"]
        for one, other in self.split:
            lines.append(f"分叉 / split view — {one.tree_size} 条事件 / events: {_view(one)} ≠ {_view(other)}")
        if self.failed_checkpoint is not None:
            zh, en = self.failed_checkpoint.label()
            lines.append(f"与{zh}不符 / does not match {en}")
        if self.first_mismatch is not None:
            exact = self.mismatch_exact or self.failed_checkpoint is None
            lines.append(f"{'第一处不符' if exact else '第一处可见的不符'} / first {'' if exact else 'visible '}"
                         f"difference: {self.first_mismatch}")
        if self.failed_checkpoint is not None and not self.mismatch_exact:
            upto = self.range_upto_position
            lines.append(f"改动位于位置 {self.range_after_position} 之后、{upto} 及以前 / the change lies after "
                         f"position {self.range_after_position}, up to position {upto}")
            if self.ledger_altered:
                lines.append("叶账本也被改动，无法逐条定位；见证者的叶哈希镜像（--mirror）或改动前的导出（--reference）"
                             "可指出具体事件 / the leaf ledger was altered too: the witness's mirror of leaf hashes "
                             "(--mirror) or an export taken before the change (--reference) names the event")
        if self.ok and self.uncovered:
            lines.append(f"最后一个检查点之后还有 {self.uncovered} 条事件未被签名覆盖 / {self.uncovered} events after "
                         "the last checkpoint are not yet covered")
        if self.ok and self.witnesses and self.unwitnessed:
            lines.append(f"最后 {self.unwitnessed} 条事件尚无 {names} 的见证 / the last {self.unwitnessed} events are "
                         "not yet co-signed by the witnesses")
        return "\n".join(lines)


def _view(checkpoint: VerifiedCheckpoint) -> str:
    return f"{checkpoint.root_hash.hex()[:16]}…（{'、'.join(checkpoint.witness_names) or '无见证 no witness'}）"


def verify_record(
    events: Iterable[AuditedEvent],
    checkpoints: Iterable[VerifiedCheckpoint],
    ledger: Iterable[LedgerEntry] | None = None,
    witnesses: Sequence[VerifierKey] = (),
    reference: Iterable[LedgerEntry] | None = None,
    mirror: Iterable[bytes] | None = None,
) -> Report:
    """Stream the events once against every checkpoint (memory O(log n)) and name the first difference.

    ``ledger`` is the record's own leaf ledger; ``reference``, a ledger from an earlier export, and
    ``mirror``, the leaf hashes a witness co-signed (its monitor's mirror), each name the altered
    event when the record's own ledger was altered with it — but only when they themselves hash to
    the checkpoint the record fails, so a forged or stale one is never believed.
    """
    required = {key.text() for key in witnesses}
    # Of two checkpoints of one size, the record is held to the one more of the named witnesses co-signed.
    pool = sorted(checkpoints, key=lambda c: (c.tree_size, -len(required & c.cosigned.keys())))
    anchors: list[VerifiedCheckpoint] = []
    for checkpoint in pool:
        if not anchors or anchors[-1].tree_size != checkpoint.tree_size:
            anchors.append(checkpoint)
    report = Report(checkpoints=len(pool), witnesses=tuple(k.name for k in witnesses), split=split_views(pool))
    report.split_witnessed = any(
        all((required or c.cosigned.keys()) & c.cosigned.keys() for c in pair) for pair in report.split
    )
    report.witnessed = [c.tree_size for c in anchors if witnesses and c.witnessed_by(witnesses)]
    by_events, by_ledger, by_reference = _Tracker(anchors), _Tracker(anchors), _Tracker(anchors)
    by_mirror = _Tracker(anchors)
    entries = iter(ledger) if ledger is not None else None
    references = iter(reference) if reference is not None else None
    mirrored = iter(mirror) if mirror is not None else None
    previous_position, first_order = 0, None
    first_ledger: Mismatch | None = None
    first_reference: Mismatch | None = None
    first_mirror: Mismatch | None = None
    for index, event in enumerate(events):
        if first_order is None and event.position <= previous_position:
            first_order = Mismatch(
                index, event.position, f"位置不递增（前一条是 {previous_position}）：重复或顺序被打乱",
                f"positions must increase (previous was {previous_position}): duplicated or reordered")
        previous_position = max(previous_position, event.position)
        hashed = leaf_hash(event.leaf())
        by_events.add(hashed, event.position)
        first_ledger = _follow(entries, by_ledger, index, event, hashed, first_ledger)
        first_reference = _follow(references, by_reference, index, event, hashed, first_reference)
        first_mirror = _follow_mirror(mirrored, by_mirror, index, event, hashed, first_mirror)
    first_ledger = _drain(entries, by_ledger, first_ledger)
    first_reference = _drain(references, by_reference, first_reference)
    first_mirror = _drain_mirror(mirrored, by_mirror, by_events, first_mirror)
    for tracker in (by_events, by_ledger, by_reference, by_mirror):
        tracker.finish()

    report.events_checked = by_events.size
    report.checkpoints_matched = by_events.matched
    report.failed_checkpoint = failed = by_events.failed
    report.range_after_position = by_events.last_good_position
    report.range_upto_position = by_events.failed_position
    if failed is not None:
        sources = ((first_ledger, by_ledger), (first_reference, by_reference), (first_mirror, by_mirror))
        vouching = [(found, tracker) for found, tracker in sources
                    if found is not None and failed.tree_size in tracker.matched and found.index < failed.tree_size]
        report.ledger_altered = entries is not None and failed.tree_size not in by_ledger.matched
        if vouching:
            report.first_mismatch, report.mismatch_exact = vouching[0][0], True
        elif first_order is not None:
            report.first_mismatch = first_order
        elif failed.tree_size > by_events.size:
            report.first_mismatch = Mismatch(
                by_events.size, by_events.last_good_position,
                f"记录只有 {by_events.size} 条事件，检查点签了 {failed.tree_size} 条：末尾事件被删除",
                f"the record has {by_events.size} events but the checkpoint signed {failed.tree_size}: events deleted "
                "at the end")
    elif first_ledger is not None or (entries is not None and by_ledger.failed is not None):
        report.ledger_altered = True
        found = first_ledger or Mismatch(by_ledger.size, by_events.last_good_position, "叶账本缺少末尾的行",
                                         "the ledger lacks its last rows")
        report.first_mismatch = Mismatch(found.index, found.position, f"叶账本的这一行被改动：{found.zh}",
                                         f"the ledger row was altered: {found.en}")
    elif first_order is not None:
        report.first_mismatch = first_order
    matched = max(report.checkpoints_matched, default=0)
    report.uncovered = by_events.size - matched
    witnessed = max((size for size in report.witnessed if size in report.checkpoints_matched), default=0)
    report.unwitnessed = by_events.size - witnessed
    return report


def _follow(
    entries: Iterator[LedgerEntry] | None, tracker: _Tracker, index: int, event: AuditedEvent, hashed: bytes,
    found: Mismatch | None,
) -> Mismatch | None:
    entry = next(entries, None) if entries is not None else None
    if entry is None:
        return found
    tracker.add(entry.leaf_hash, entry.position)
    return found or _compare(index, entry, event, hashed)


def _drain(entries: Iterator[LedgerEntry] | None, tracker: _Tracker, found: Mismatch | None) -> Mismatch | None:
    """Ledger rows past the last event: events that were checkpointed and are gone."""
    for entry in entries or ():
        tracker.add(entry.leaf_hash, entry.position)
        found = found or Mismatch(entry.index, entry.position, "该事件已被删除（检查点中有，现在没有）",
                                  "event missing: it was checkpointed and is no longer there")
    return found


def _follow_mirror(
    hashes: Iterator[bytes] | None, tracker: _Tracker, index: int, event: AuditedEvent, hashed: bytes,
    found: Mismatch | None,
) -> Mismatch | None:
    mirrored = next(hashes, None) if hashes is not None else None
    if mirrored is None:
        return found
    tracker.add(mirrored, event.position)
    if found is not None or mirrored == hashed:
        return found
    return Mismatch(index, event.position,
                    f"第 {index + 1} 条事件不是见证者联署时的那一条：被改动、插入，或其前有事件被删除",
                    f"the event at tree index {index} is not the one the witness co-signed there: altered, inserted, "
                    "or an earlier one deleted")


def _drain_mirror(
    hashes: Iterator[bytes] | None, tracker: _Tracker, events: _Tracker, found: Mismatch | None
) -> Mismatch | None:
    """Mirrored leaves past the last event: events the witness co-signed that are gone."""
    for mirrored in hashes or ():
        tracker.add(mirrored, events.last_good_position)
        found = found or Mismatch(events.size, events.last_good_position,
                                  f"见证者联署过的第 {events.size + 1} 条及以后的事件已不存在（被删除）",
                                  f"the events from tree index {events.size} on, co-signed by the witness, are gone")
    return found


class _Tracker:
    """One running tree over a stream of leaf hashes, compared with each checkpoint as its size is reached."""

    def __init__(self, checkpoints: list[VerifiedCheckpoint]) -> None:
        self._pending = list(checkpoints)
        self._tree = RootAccumulator()
        self.matched: list[int] = []
        self.failed: VerifiedCheckpoint | None = None
        self.last_good_position = 0
        self.failed_position: int | None = None

    @property
    def size(self) -> int:
        return self._tree.size

    def add(self, hashed: bytes, position: int) -> None:
        self._tree.add_leaf_hash(hashed)
        while self._pending and self._pending[0].tree_size <= self._tree.size:
            checkpoint = self._pending.pop(0)
            if checkpoint.tree_size < self._tree.size or self.failed is not None:
                continue
            if self._tree.root() == checkpoint.root_hash:
                self.matched.append(checkpoint.tree_size)
                self.last_good_position = position
            else:
                self.failed, self.failed_position = checkpoint, position

    def finish(self) -> None:
        """Checkpoints larger than the stream: the stream lost events at its end."""
        if self.failed is None and self._pending:
            self.failed = self._pending[0]


def _compare(index: int, entry: LedgerEntry, event: AuditedEvent, hashed: bytes) -> Mismatch | None:
    if entry.index != index:
        return Mismatch(index, event.position, f"叶账本行号 {entry.index} 不是 {index}",
                        f"ledger row numbered {entry.index}")
    if event.position < entry.position:
        return Mismatch(index, event.position, "该事件不在检查点记录中（被插入或移动）",
                        f"event not in the checkpointed record here (inserted or moved); expected position "
                        f"{entry.position}")
    if event.position > entry.position:
        return Mismatch(index, entry.position, f"该事件缺失（此处出现的是位置 {event.position}）：被删除或移动",
                        f"event missing (position {event.position} stands in its place): deleted or moved")
    if hashed != entry.leaf_hash:
        zh, en = entry.differences(event)
        return Mismatch(index, event.position, f"内容被改动：{zh}", f"altered: {en}")
    if entry != LedgerEntry.of(index, event, hashed):
        return Mismatch(index, event.position, "叶账本对该事件的描述与事件不符",
                        "the ledger describes the event otherwise")
    return None


# --- an export folder -----------------------------------------------------------------------------------

README_TEXT = """台账审计导出 / taizhang audit export — {origin}

events.jsonl     每行一条存储事件（规范 JSON）/ one stored event per line, canonical JSON
leaves.jsonl     检查点时每条事件的叶哈希 / each event's leaf hash as checkpointed
checkpoints/     每个检查点一个 C2SP 签名便笺：乡镇签名与县级见证签名 / one C2SP signed note per checkpoint,
                 signed by the township and co-signed by the county's witnesses
township.vkey    乡镇的公钥（核对乡镇公布的公钥）/ the township's key (check it against the one it published)
witnesses.txt    见证者的公钥 / the witnesses' keys (trust only those the county gave you)

核验 / verify (Python 3.11+ and the `cryptography` package, nothing of the application):
    python3 verifier.py <this folder> --township-key KEY --witness KEY
verifier.py comes with taizhang (taizhang/audit/verifier.py); take it from the county, not from this folder.
Any changed byte in any file here makes it exit non-zero.
"""


def readme_text(origin: str) -> str:
    return README_TEXT.format(origin=origin)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise Refused(f"读不到 {path}", f"cannot read {path}") from None


def read_lines(path: Path) -> Iterator[bytes]:
    try:
        file = open(path, "rb")  # noqa: SIM115  # closed by the with below; open errors said in words
    except OSError:
        raise Refused(f"读不到 {path}", f"cannot read {path}") from None
    with file:
        yield from file


def exported_keys(folder: Path) -> tuple[VerifierKey, list[VerifierKey]]:
    """The township's key and the witnesses' keys an export names, each file in its one canonical form."""
    township = VerifierKey.parse(_read(folder / TOWNSHIP_KEY).decode("utf-8", "replace").removesuffix("\n"))
    if (township.text() + "\n").encode() != _read(folder / TOWNSHIP_KEY) or township.kind != ED25519:
        raise Refused(f"{TOWNSHIP_KEY} 不是规范格式", f"{TOWNSHIP_KEY} is not one Ed25519 vkey line")
    witnesses: list[VerifierKey] = []
    if (folder / WITNESSES).exists():
        data = _read(folder / WITNESSES)
        witnesses = [VerifierKey.parse(line) for line in data.decode("utf-8", "replace").splitlines()]
        if "".join(sorted({k.text() + "\n" for k in witnesses})).encode() != data or any(
            k.kind != COSIGNATURE for k in witnesses
        ):
            raise Refused(f"{WITNESSES} 不是规范格式", f"{WITNESSES} is not sorted cosigner vkeys, one a line")
    return township, witnesses


def read_checkpoint_file(path: Path, township: VerifierKey, witnesses: Sequence[VerifierKey]) -> VerifiedCheckpoint:
    return verify_checkpoint(CheckpointNote.parse(_read(path)), township, witnesses, f"（{path.name}）")


def verify_export(
    folder: Path,
    township: VerifierKey | None = None,
    witnesses: Sequence[VerifierKey] = (),
    extra_checkpoints: Sequence[Path] = (),
    reference: Path | None = None,
    mirror: Path | None = None,
) -> Report:
    """Check an export folder; ``township`` is the key the township published (default: the exported one).

    ``mirror`` is a witness's leaf hashes (``taizhang witness mirror``), 32 raw bytes each."""
    exported, listed = exported_keys(folder)
    if township is not None and township != exported:
        raise Refused(f"导出中的乡镇公钥不是给定的公钥（{exported.name}）",
                      f"the export's township key is not the key given ({exported.name})")
    if (folder / README).exists() and _read(folder / README) != readme_text(exported.name).encode("utf-8"):
        raise Refused(f"{README} 被改动过", f"{README} was altered")
    known = [*listed, *witnesses]
    checkpoints = []
    for path in sorted((folder / CHECKPOINTS).glob("*")):
        checkpoint = read_checkpoint_file(path, exported, known)
        if path.name != f"{checkpoint.tree_size}.txt":
            raise Refused(f"检查点文件名 {path.name} 与其事件数不符", f"checkpoint file {path.name} is misnamed")
        checkpoints.append(checkpoint)
    checkpoints += [read_checkpoint_file(path, exported, known) for path in extra_checkpoints]
    if not checkpoints:
        raise Refused("导出中没有检查点", "the export holds no checkpoint")
    ledger = (LedgerEntry.from_json(line, n) for n, line in enumerate(read_lines(folder / LEAVES), start=1))
    events = (AuditedEvent.from_export_line(line, n) for n, line in enumerate(read_lines(folder / EVENTS), start=1))
    earlier = None
    if reference is not None:
        earlier = (LedgerEntry.from_json(line, n) for n, line in enumerate(read_lines(reference / LEAVES), start=1))
    mirrored = read_mirror(mirror) if mirror is not None else None
    return verify_record(events, checkpoints, ledger if (folder / LEAVES).exists() else None, witnesses, earlier,
                         mirrored)


def read_mirror(path: Path) -> Iterator[bytes]:
    """A witness's mirror file: whole 32-byte leaf hashes, nothing else (read as they are used)."""
    try:
        file = open(path, "rb")  # noqa: SIM115  # closed by the with below; open errors said in words
    except OSError:
        raise Refused(f"读不到 {path}", f"cannot read {path}") from None
    with file:
        while hashed := file.read(HASH_SIZE):
            if len(hashed) != HASH_SIZE:
                raise Refused(f"{path.name} 不是整数个 32 字节的叶哈希",
                              f"{path.name} is not whole 32-byte leaf hashes")
            yield hashed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verifier.py", description="Verify a taizhang audit export.")
    parser.add_argument("export", type=Path, help="the export folder")
    parser.add_argument("--township-key", help="the township's published key: a vkey, or a file with it or a PEM key")
    parser.add_argument("--witness", action="append", default=[], metavar="KEY",
                        help="a witness's vkey (or a file with it): trust only checkpoints it co-signed")
    parser.add_argument("--checkpoint", action="append", default=[], type=Path, metavar="NOTE",
                        help="a co-signed checkpoint obtained from a witness itself")
    parser.add_argument("--reference", type=Path, metavar="EXPORT",
                        help="an earlier export, to name the altered event when the ledger was altered too")
    parser.add_argument("--mirror", type=Path, metavar="LEAVES",
                        help="a witness's mirror of leaf hashes (`taizhang witness mirror`): names the altered event")
    args = parser.parse_args(argv)
    try:
        origin = exported_keys(args.export)[0].name
        township = read_key(args.township_key, origin) if args.township_key else None
        witnesses = [read_key(key) for key in args.witness]
        report = verify_export(args.export, township, witnesses, args.checkpoint, args.reference, args.mirror)
    except Refused as refusal:
        print(f"不可核验 / REFUSED: {refusal}")
        return 2
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
