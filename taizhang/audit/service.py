"""The audit as the application offers it: checkpoint, verify, prove, check consistency, take cosignatures.

Events are read through the application's recorder in batches; checkpoints, cosignatures and the leaf
ledger through ``AuditStore``. Nothing here holds more than one batch of events in memory.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from taizhang.audit import keys
from taizhang.audit.checkpoint import Checkpoint, Cosignature, sign_note
from taizhang.audit.errors import AuditError, CheckpointRefused, NoCheckpoint, NotCheckpointed
from taizhang.audit.proofs import consistency_path, inclusion_path, verify_consistency, verify_inclusion
from taizhang.audit.store import AuditStore
from taizhang.audit.verifier import (
    AuditedEvent,
    CheckpointNote,
    LedgerEntry,
    Refused,
    Report,
    RootAccumulator,
    VerifiedCheckpoint,
    VerifierKey,
    leaf_hash,
    verify_checkpoint,
    verify_record,
)

READ_BATCH = 1000


def audited(notification: Notification) -> AuditedEvent:
    state = notification.state
    if isinstance(state, str):  # a hand-edited SQLite row may come back as TEXT
        state = state.encode("utf-8")
    return AuditedEvent(
        position=notification.id,
        aggregate_id=str(notification.originator_id),
        version=notification.originator_version,
        topic=notification.topic,
        state=bytes(state),
    )


def read_events(app: Application, after: int = 0, upto: int | None = None) -> Iterator[AuditedEvent]:
    """Stored events in log order, positions ``after`` < p ≤ ``upto``, one batch in memory at a time."""
    while True:
        batch = app.recorder.select_notifications(start=after + 1, limit=READ_BATCH, stop=upto)
        for notification in batch:
            yield audited(notification)
        if len(batch) < READ_BATCH:
            return
        after = batch[-1].id


@contextmanager
def refusing() -> Iterator[None]:
    """The verifier's refusals (it imports nothing of the product) said as the audit's own."""
    try:
        yield
    except Refused as refusal:
        raise CheckpointRefused(refusal.zh, refusal.en) from None


@dataclass(frozen=True)
class InclusionProof:
    event: AuditedEvent
    index: int
    path: list[bytes]
    checkpoint: Checkpoint

    def to_json(self) -> str:
        return json.dumps(
            {
                "position": self.event.position,
                "tree_index": self.index,
                "leaf_hash": leaf_hash(self.event.leaf()).hex(),
                "event": json.loads(self.event.export_line()),
                "tree_size": self.checkpoint.tree_size,
                "path": [h.hex() for h in self.path],
                "checkpoint": self.checkpoint.cosigned_note().text().decode("utf-8"),
            },
            ensure_ascii=False,
            indent=2,
        )


@dataclass(frozen=True)
class ConsistencyProof:
    older: Checkpoint
    newer: Checkpoint
    path: list[bytes]

    def to_json(self) -> str:
        return json.dumps(
            {
                "older": self.older.cosigned_note().text().decode("utf-8"),
                "newer": self.newer.cosigned_note().text().decode("utf-8"),
                "path": [h.hex() for h in self.path],
            },
            ensure_ascii=False,
            indent=2,
        )


class AuditService:
    def __init__(self, app: Application, store: AuditStore, key_folder: Path, origin: str | None = None) -> None:
        self.app = app
        self.store = store
        self.key_folder = key_folder
        self._origin = origin

    def public_key_pem(self) -> bytes:
        path = self.key_folder / keys.PUBLIC_KEY_FILE
        if not path.exists():
            keys.load_private(self.key_folder)  # says how to create the key
        return path.read_bytes()

    def origin(self) -> str:
        """The log's name on its checkpoints: as first signed; else the settings'; else taizhang/<township code>."""
        latest = self.store.latest()
        if latest is not None:
            if self._origin and self._origin != latest[0].origin:
                raise AuditError(
                    f"本镇检查点的名称是 {latest[0].origin}，设置却是 {self._origin}：名称一经签发不能更改",
                    f"the log's checkpoints name it {latest[0].origin}, the settings {self._origin}: an origin "
                    "cannot change once signed",
                )
            return latest[0].origin
        if self._origin:
            return self._origin
        mark = getattr(self.app, "store_mark", lambda: None)()
        return f"taizhang/{mark.township_code}" if mark is not None else "taizhang/township"

    def township_key(self) -> VerifierKey:
        with refusing():
            return VerifierKey.from_pem(self.origin(), self.public_key_pem())

    def checkpoint(self) -> Checkpoint:
        """Sign the log as it stands; if nothing was added since the last checkpoint, that one stands."""
        keys.load_private(self.key_folder)  # refuse before any work (and before waiting) if there is no usable key
        with self.store.exclusive():
            return self._checkpoint()

    def _checkpoint(self) -> Checkpoint:
        signer = keys.load_private(self.key_folder)
        origin = self.origin()
        latest = self.store.latest()
        tree, after = RootAccumulator(), 0
        if latest is not None:
            last, edge = latest
            tree = RootAccumulator(edge)
            if tree.size != last.tree_size or tree.root() != last.root_hash:
                raise AuditError(
                    "检查点表中保存的树边缘与签名不符，请运行 taizhang audit verify",
                    "the stored tree edge does not match the last signed checkpoint: run `taizhang audit verify`",
                )
            after = last.last_position
        upto = self.app.recorder.max_notification_id() or 0
        if latest is not None and upto <= after:
            return self.checkpoints()[-1]
        # Ledger rows go in in short batches (writers are not held up); the checkpoint row goes last,
        # so rows past the last checkpoint are only ever leftovers of an interrupted run.
        self.store.discard_uncovered(tree.size)
        last_position, batch = after, []
        for event in read_events(self.app, after, upto):
            hashed = leaf_hash(event.leaf())
            batch.append(LedgerEntry.of(tree.size, event, hashed))
            tree.add_leaf_hash(hashed)
            last_position = event.position
            if len(batch) >= READ_BATCH:
                self.store.add_entries(batch)
                batch = []
        self.store.add_entries(batch)
        clock = getattr(self.app, "clock", None)
        signed_at = (clock.now() if clock is not None else datetime.now(UTC)).isoformat()
        checkpoint = Checkpoint(sign_note(origin, tree.size, tree.root(), signer), last_position, signed_at)
        self.store.add_checkpoint(checkpoint, tree.edge)
        return checkpoint

    def checkpoints(self) -> list[Checkpoint]:
        with refusing():
            return self.store.checkpoints()

    def witness_keys(self, also: Sequence[VerifierKey] = ()) -> list[VerifierKey]:
        """The witnesses the store holds cosignatures of, and those named besides."""
        with refusing():
            return [VerifierKey.parse(vkey) for vkey in self.store.witness_keys()] + list(also)

    def signed_checkpoints(
        self, township: VerifierKey | None = None, witnesses: Sequence[VerifierKey] = ()
    ) -> list[VerifiedCheckpoint]:
        """Every stored checkpoint, each signature checked: one that does not hold refuses them all."""
        key = township or self.township_key()
        known = self.witness_keys(witnesses)
        with refusing():
            return [verify_checkpoint(c.cosigned_note(), key, known) for c in self.checkpoints()]

    def verify(
        self,
        township: VerifierKey | None = None,
        witnesses: Sequence[VerifierKey] = (),
        extra: Sequence[bytes] = (),
        reference: Iterable[LedgerEntry] | None = None,
        mirror: Iterable[bytes] | None = None,
    ) -> Report:
        """The log against every checkpoint (and any co-signed ``extra`` notes, e.g. a witness's own copy);
        ``mirror``, the witness's leaf hashes, names the event if the ledger was rebuilt with it."""
        key = township or self.township_key()
        checkpoints = self.signed_checkpoints(key, witnesses)
        known = self.witness_keys(witnesses)
        with refusing():
            checkpoints += [verify_checkpoint(CheckpointNote.parse(note), key, known, "（另给）") for note in extra]
        if not checkpoints:
            raise NoCheckpoint(
                "还没有检查点，请先运行 taizhang audit checkpoint", "no checkpoint yet: run `taizhang audit checkpoint`"
            )
        return verify_record(read_events(self.app), checkpoints, self.store.ledger(), witnesses, reference, mirror)

    def prove(self, position: int) -> InclusionProof:
        index = self.store.index_of(position)
        checkpoints = self.checkpoints()
        if index is None or not checkpoints:
            raise NotCheckpointed(
                f"位置 {position} 的事件尚未被检查点覆盖（或不存在），请先运行 taizhang audit checkpoint",
                f"the event at position {position} is not covered by a checkpoint (or does not exist)",
            )
        checkpoint = checkpoints[-1]
        path = inclusion_path(self.store.leaf_hashes, index, checkpoint.tree_size)
        found = list(read_events(self.app, position - 1, position))
        if not found:
            raise NotCheckpointed(f"位置 {position} 的事件已不存在", f"the event at position {position} is gone")
        if not verify_inclusion(leaf_hash(found[0].leaf()), index, checkpoint.tree_size, path, checkpoint.root_hash):
            raise AuditError(
                f"位置 {position} 的事件与检查点不符（被改动过），请运行 taizhang audit verify",
                f"the event at position {position} does not match the checkpoint (altered): run `taizhang audit "
                "verify`",
            )
        return InclusionProof(found[0], index, path, checkpoint)

    def consistency(self, size1: int, size2: int) -> ConsistencyProof:
        by_size = {checkpoint.tree_size: checkpoint for checkpoint in self.checkpoints()}
        missing = [size for size in (size1, size2) if size not in by_size]
        if missing or size1 > size2:
            raise NoCheckpoint(
                f"没有 {missing or [size1, size2]} 条事件的检查点（或顺序颠倒）；已有：{sorted(by_size)}",
                f"no checkpoint of {missing or [size1, size2]} events (or sizes reversed); there are {sorted(by_size)}",
            )
        older, newer = by_size[size1], by_size[size2]
        path = consistency_path(self.store.leaf_hashes, size1, size2)
        if not verify_consistency(size1, size2, path, older.root_hash, newer.root_hash):
            raise AuditError(
                "两个检查点不一致：记录被改写过", "the two checkpoints are not consistent: the record was rewritten"
            )
        return ConsistencyProof(older, newer, path)

    # --- witnesses ------------------------------------------------------------------------------------

    def latest_checkpoint(self) -> Checkpoint:
        checkpoints = self.checkpoints()
        if not checkpoints:
            raise NoCheckpoint("还没有检查点，请先运行 taizhang audit checkpoint", "no checkpoint yet")
        return checkpoints[-1]

    def witness_request(self, old_size: int) -> tuple[Checkpoint, bytes]:
        """A tlog-witness add-checkpoint body: the witness's last size, a consistency proof, the latest checkpoint."""
        latest = self.latest_checkpoint()
        if not 0 <= old_size <= latest.tree_size:
            raise AuditError(
                f"见证者的事件数 {old_size} 大于本镇最新检查点的 {latest.tree_size}：本镇的记录变短了？",
                f"the witness's size {old_size} is beyond the latest checkpoint's {latest.tree_size}: the log shrank?",
            )
        proof = consistency_path(self.store.leaf_hashes, old_size, latest.tree_size) if old_size else []
        lines = [f"old {old_size}\n", *(base64.b64encode(h).decode("ascii") + "\n" for h in proof), "\n"]
        return latest, "".join(lines).encode("ascii") + latest.note.text()

    def witness_leaves(self, start: int, stop: int) -> bytes:
        """The leaf hashes start ≤ i < stop, for the witness's mirror (``leaves <start>``, then 32 bytes each)."""
        return f"leaves {start}\n".encode("ascii") + b"".join(self.store.leaf_hashes(start, stop))

    def accept_cosigned(self, note_text: bytes, witness: VerifierKey) -> Checkpoint:
        """Keep the cosignature by ``witness`` on a checkpoint the store holds; refuse anything else."""
        with refusing():
            note = CheckpointNote.parse(note_text)
        stored = {c.tree_size: c for c in self.checkpoints()}.get(note.tree_size)
        if stored is None or stored.note.body != note.body:
            raise CheckpointRefused(
                f"见证签名所签的 {note.tree_size} 条事件的检查点不是本镇保存的检查点（分叉？）",
                f"the cosigned checkpoint of {note.tree_size} events is not the one this store keeps (a split view?)",
            )
        lines = [line for line in note.signatures if (line.name, line.key_id) == (witness.name, witness.key_id)]
        if not lines:
            raise CheckpointRefused(f"没有 {witness.name} 的见证签名", f"no cosignature by {witness.name} in it")
        with refusing():
            verify_checkpoint(stored.note.with_signatures([*stored.note.signatures, lines[0]]),
                              self.township_key(), [witness])
        cosignature = Cosignature(witness.text(), lines[0], datetime.now(UTC).isoformat())
        self.store.add_cosignature(note.tree_size, cosignature)
        return stored.with_cosignature(cosignature)
