"""The witness's decision on one add-checkpoint request (C2SP tlog-witness), whether it came by HTTP or by file.

It co-signs only if the checkpoint is signed by the key registered for its township, the request
starts from the size it last co-signed, the RFC 9162 consistency proof from there holds, and the
leaves the township sent beforehand (``add_leaves``, a taizhang extension beside the unchanged C2SP
request) extend the witness's mirror to exactly the checkpoint's root. When the signature holds but
the proof does not (or the root differs at the same size), it keeps both signed checkpoints as
evidence before refusing.
"""

from __future__ import annotations

import base64
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from taizhang.audit import keys
from taizhang.audit.checkpoint import cosign, witness_vkey
from taizhang.audit.errors import AuditError
from taizhang.audit.proofs import verify_consistency
from taizhang.audit.verifier import (
    HASH_SIZE,
    CheckpointNote,
    Refused,
    SignatureLine,
    VerifierKey,
    key_name_ok,
    strict_base64,
)
from taizhang.audit.witnessing import SIZE_TYPE, Answer
from taizhang.witness import mirror
from taizhang.witness.mirror import MIRROR_TYPE, parse_leaves
from taizhang.witness.store import Evidence, LogState, WitnessStore

KEY_FILE, PUBLIC_FILE = "witness-key.pem", "witness-public-key.pem"
VKEY_FILE, STORE_FILE = "witness.vkey", "witness.sqlite"
MAX_PROOF_LINES = 63
TEXT = "text/plain"


class NotAWitnessFolder(AuditError):
    code = "not_a_witness_folder"
    title = "不是见证者文件夹"


class LogAlreadyRegistered(AuditError):
    code = "log_already_registered"
    title = "该乡镇日志已登记"


def init_folder(folder: Path, name: str) -> VerifierKey:
    """A new witness: its key (kept 0600), its vkey to hand out, its empty store."""
    if not key_name_ok(name):
        raise AuditError(f"见证者名称“{name}”不可用：不能为空，不能有空格或加号",
                         f"the witness name {name!r} must be non-empty, without spaces or '+'")
    keys.generate(folder, KEY_FILE, PUBLIC_FILE)
    vkey = witness_vkey(name, keys.load_private(folder, KEY_FILE).public_key())
    (folder / VKEY_FILE).write_text(vkey.text() + "\n", encoding="utf-8")
    WitnessStore(folder / STORE_FILE)
    return vkey


def parse_request(body: bytes) -> tuple[int, list[bytes], bytes]:
    """``old N``, up to 63 base64 proof hashes, an empty line, the checkpoint; ValueError if not."""
    text = body.decode("utf-8")
    head, _, rest = text.partition("\n")
    found = re.fullmatch(r"old (0|[1-9][0-9]{0,18})", head)
    if found is None:
        raise ValueError("the first line must be `old <size>`")
    proof: list[bytes] = []
    while True:
        line, newline, rest = rest.partition("\n")
        if not newline:
            raise ValueError("no empty line before the checkpoint")
        if not line:
            break
        hashed = strict_base64(line, "证明", "a proof line")
        if len(hashed) != HASH_SIZE or len(proof) >= MAX_PROOF_LINES:
            raise ValueError("a proof line is not one hash, or there are more than 63")
        proof.append(hashed)
    return int(found.group(1)), proof, rest.encode("utf-8")


class Witness:
    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        if not (folder / VKEY_FILE).exists():
            raise NotAWitnessFolder(f"{folder} 不是见证者文件夹：先运行 taizhang witness init",
                                    f"{folder} is not a witness folder: run `taizhang witness init` first")
        self.key = keys.load_private(folder, KEY_FILE, "taizhang witness init")
        self.vkey = VerifierKey.parse((folder / VKEY_FILE).read_text(encoding="utf-8").strip())
        self.store = WitnessStore(folder / STORE_FILE)
        self.clock = clock

    def add_log(self, township_vkey: str) -> VerifierKey:
        """Register a township's log by its key (whose name is the log's origin); one key per origin."""
        try:
            key = VerifierKey.parse(township_vkey.strip())
        except Refused as refusal:
            raise AuditError(refusal.zh, refusal.en) from None
        known = self.store.log(key.name)
        if known is not None:
            raise LogAlreadyRegistered(f"日志 {key.name} 已登记（{known.township_key}）",
                                       f"the log {key.name} is already registered ({known.township_key})")
        self.store.add_log(key.name, key.text())
        return key

    def add_leaves(self, origin: str, body: bytes) -> Answer:
        """Leaf hashes for the next checkpoint: they must start where the mirror ends; folded in, then kept aside."""
        try:
            start, hashes = parse_leaves(body)
        except ValueError as error:
            return _text(400, f"叶哈希格式不对 / malformed leaves: {error}")
        with self.store.transaction() as db:
            state = self.store.log(origin, db)
            if state is None:
                return _text(404, f"未登记的日志 / unknown log: {origin}")
            if start != state.mirror_size:
                return _mirror_size(state)
            # A mirror that lags the co-signed size (a witness that kept none before) must pass through its root.
            passing = (state.tree_size, state.root_hash) if state.root_hash and state.mirror_size < state.tree_size \
                else None
            staged = mirror.extend(state.mirror_size, state.mirror_edge, start, hashes, passing)
            if staged is None:
                return _text(422, f"这些叶哈希得不出已联署的 {state.tree_size} 条事件的根哈希 / these leaves do not "
                                  f"lead to the root co-signed at size {state.tree_size}")
            mirror.stage(db, origin, staged)
        return _text(200, f"已收到 {staged.stop - start} 个叶哈希（至 {staged.stop} 条）/ leaves staged up to "
                          f"{staged.stop}")

    def add_checkpoint(self, body: bytes) -> Answer:
        try:
            old, proof, note_bytes = parse_request(body)
            note = CheckpointNote.parse(note_bytes)
        except (ValueError, Refused) as error:
            return _text(400, f"请求格式不对 / malformed request: {error}")
        state = self.store.log(note.origin)
        if state is None:
            return _text(404, f"未登记的日志 / unknown log: {note.origin}")
        township_line = _township_line(note, VerifierKey.parse(state.township_key))
        if township_line is None:
            return _text(403, "乡镇签名无效或不是登记的密钥 / no valid signature by the registered key")
        if old > note.tree_size:
            return _text(400, f"old {old} 大于检查点的 {note.tree_size} / old size beyond the checkpoint")
        now = int(self.clock())
        with self.store.transaction() as db:
            state = self.store.log(note.origin, db)
            assert state is not None  # registered logs are never removed
            if old != state.tree_size:
                return Answer(409, SIZE_TYPE, f"{state.tree_size}\n".encode())
            refusal = self._refusal(state, old, proof, note)
            if refusal is not None:
                kind, zh, en = refusal
                self.store.keep_evidence(db, Evidence(
                    0, note.origin, _iso(now), kind, zh, en, state.note or "", note_bytes.decode("utf-8"), old,
                    "".join(base64.b64encode(h).decode("ascii") + "\n" for h in proof),
                ))
                mirror.drop_staged(db, note.origin)  # leaves of a refused checkpoint are of no use
                return _text(409 if kind == "split_view" else 422, f"{zh} / {en}")
            leaves = _leaves_for(db, state, note)
            if isinstance(leaves, Answer):
                return leaves
            line = cosign(note, self.vkey.name, self.key, now)
            kept = note.with_signatures([township_line, line]).text().decode("utf-8")
            self.store.record_cosigned(db, note.origin, note.tree_size, note.root_hash, kept, _iso(now))
            if leaves is not None:
                mirror.append(db, note.origin, leaves)
        return Answer(200, TEXT, line.text().encode("utf-8"))

    def _refusal(
        self, state: LogState, old: int, proof: list[bytes], note: CheckpointNote
    ) -> tuple[str, str, str] | None:
        if old == 0:
            return None if not proof else ("inconsistent", "首次联署不应附证明", "no proof may come with old size 0")
        assert state.root_hash is not None  # a size above zero was co-signed with its root
        if old == note.tree_size:
            if note.root_hash == state.root_hash:
                return None
            return ("split_view", f"同为 {old} 条事件，根哈希却与已联署的不同：分叉",
                    f"the same size {old} with another root than the one co-signed: a split view")
        if verify_consistency(old, note.tree_size, proof, state.root_hash, note.root_hash):
            return None
        return ("inconsistent", f"从已联署的 {old} 条到 {note.tree_size} 条的一致性证明不成立：记录被改写",
                f"the consistency proof from the co-signed {old} events to {note.tree_size} fails: rewritten")


def _township_line(note: CheckpointNote, township: VerifierKey) -> SignatureLine | None:
    for line in note.signatures:
        if (line.name, line.key_id) == (township.name, township.key_id) and township.verify(line.signature, note.body):
            return line
    return None


def _leaves_for(db: sqlite3.Connection, state: LogState, note: CheckpointNote) -> mirror.Staged | Answer | None:
    """The staged leaves that take the mirror to this checkpoint's root (None: it is there already), or why not."""
    if note.tree_size <= state.mirror_size:
        return None
    staged = mirror.staged_for(db, note.origin)
    if staged is None or (staged.start, staged.stop) != (state.mirror_size, note.tree_size):
        return _mirror_size(state)
    mirror.drop_staged(db, note.origin)
    if staged.root != note.root_hash:
        return _text(422, "送来的叶哈希得不出检查点的根哈希：未联署 / the leaves sent do not hash to the checkpoint's "
                          "root: not co-signed")
    return staged


def _mirror_size(state: LogState) -> Answer:
    """409: the leaves must come from where the mirror ends (0 for a witness that has none of this log yet)."""
    return Answer(409, MIRROR_TYPE, f"{state.mirror_size}\n".encode())


def _text(status: int, message: str) -> Answer:
    return Answer(status, TEXT, (message + "\n").encode("utf-8"))


def _iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()
