"""The audit as the application offers it: checkpoint, verify, prove, check consistency, export.

Events are read through the application's recorder in batches; the checkpoint and ledger tables
through ``AuditStore``. Nothing here holds more than one batch of events in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from taizhang.audit import keys
from taizhang.audit.checkpoint import Checkpoint
from taizhang.audit.errors import AuditError, NoCheckpoint, NotCheckpointed
from taizhang.audit.leaf import AuditedEvent
from taizhang.audit.ledger import LedgerEntry
from taizhang.audit.merkle import RootAccumulator, leaf_hash
from taizhang.audit.proofs import consistency_path, inclusion_path, verify_consistency, verify_inclusion
from taizhang.audit.store import AuditStore
from taizhang.audit.verification import Report, verify_events

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
        state=bytes(notification.state),
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
                "checkpoint": json.loads(self.checkpoint.to_json()),
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
                "older": json.loads(self.older.to_json()),
                "newer": json.loads(self.newer.to_json()),
                "path": [h.hex() for h in self.path],
            },
            ensure_ascii=False,
            indent=2,
        )


class AuditService:
    def __init__(self, app: Application, store: AuditStore, key_folder: Path) -> None:
        self.app = app
        self.store = store
        self.key_folder = key_folder

    def public_key_pem(self) -> bytes:
        path = self.key_folder / keys.PUBLIC_KEY_FILE
        if not path.exists():
            keys.load_private(self.key_folder)  # says how to create the key
        return path.read_bytes()

    def checkpoint(self) -> Checkpoint:
        """Sign the log as it stands; if nothing was added since the last checkpoint, that one stands."""
        keys.load_private(self.key_folder)  # refuse before any work if there is no usable key
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
            return latest[0]
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
        checkpoint = self._sign(tree, last_position)
        self.store.add_checkpoint(checkpoint, tree.edge)
        return checkpoint

    def _sign(self, tree: RootAccumulator, last_position: int) -> Checkpoint:
        signer = keys.load_private(self.key_folder)
        mark = getattr(self.app, "store_mark", lambda: None)()
        unsigned = Checkpoint(
            township_code=mark.township_code if mark is not None else "",
            tree_size=tree.size,
            root_hash=tree.root(),
            last_position=last_position,
            signed_at=self.app.clock.now().isoformat(),  # type: ignore[attr-defined]  # signed only by a Taizhang
            key_id=keys.key_id(signer.public_key()),
        )
        return unsigned.signed_with(signer)

    def signed_checkpoints(self, public_pem: bytes | None = None) -> list[Checkpoint]:
        key = keys.load_public(public_pem or self.public_key_pem())
        return [checkpoint.check_signature(key) for checkpoint in self.store.checkpoints()]

    def verify(self, public_pem: bytes | None = None) -> Report:
        checkpoints = self.signed_checkpoints(public_pem)
        if not checkpoints:
            raise NoCheckpoint(
                "还没有检查点，请先运行 taizhang audit checkpoint", "no checkpoint yet: run `taizhang audit checkpoint`"
            )
        return verify_events(read_events(self.app), checkpoints, self.store.ledger())

    def prove(self, position: int) -> InclusionProof:
        index = self.store.index_of(position)
        checkpoints = self.signed_checkpoints()
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
        proof = InclusionProof(found[0], index, path, checkpoint)
        if not verify_inclusion(leaf_hash(found[0].leaf()), index, checkpoint.tree_size, path, checkpoint.root_hash):
            raise AuditError(
                f"位置 {position} 的事件与检查点不符（被改动过），请运行 taizhang audit verify",
                f"the event at position {position} does not match the checkpoint (altered): run `taizhang audit "
                "verify`",
            )
        return proof

    def consistency(self, size1: int, size2: int) -> ConsistencyProof:
        by_size = {checkpoint.tree_size: checkpoint for checkpoint in self.signed_checkpoints()}
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
