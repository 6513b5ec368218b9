"""Check an ordered stream of events against signed checkpoints and name the first event that differs.

Pure: the caller supplies the events (from a store or an export), the checkpoints (signatures
already checked) and, when it has one, the leaf ledger. Memory stays O(log n) whatever the size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from taizhang.audit.checkpoint import Checkpoint
from taizhang.audit.leaf import AuditedEvent
from taizhang.audit.ledger import LedgerEntry
from taizhang.audit.merkle import RootAccumulator, leaf_hash


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
    events_checked: int = 0
    checkpoints_matched: list[int] = field(default_factory=list)
    failed_checkpoint: Checkpoint | None = None
    first_mismatch: Mismatch | None = None
    mismatch_exact: bool = False
    range_after_position: int = 0
    ledger_altered: bool = False
    uncovered: int = 0
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return self.failed_checkpoint is None and self.first_mismatch is None

    def summary(self) -> str:
        lines = [
            f"检查事件 {self.events_checked} 条，检查点 {self.checkpoints} 个 / {self.events_checked} events, "
            f"{self.checkpoints} checkpoints"
        ]
        if self.ok:
            lines.append("一致：记录与所有签名检查点相符 / consistent: the record matches every signed checkpoint")
        if self.failed_checkpoint is not None:
            cp = self.failed_checkpoint
            lines.append(
                f"不符：与 {cp.signed_at} 的检查点（{cp.tree_size} 条）不符 / "
                f"MISMATCH against the checkpoint of {cp.tree_size} events at {cp.signed_at}"
            )
        if self.first_mismatch is not None:
            prefix = "第一处不符" if self.mismatch_exact else "第一处可见的不符"
            lines.append(
                f"{prefix} / first {'' if self.mismatch_exact else 'visible '}difference: {self.first_mismatch}"
            )
        if self.failed_checkpoint is not None and not self.mismatch_exact:
            cp = self.failed_checkpoint
            lines.append(
                f"改动位于位置 {self.range_after_position} 之后、{cp.last_position} 及以前 / "
                f"the change lies after position {self.range_after_position}, up to position {cp.last_position}"
            )
        if self.ledger_altered:
            lines.append(
                "叶账本也与签名不符，无法逐条定位 / the leaf ledger was altered too, so the exact event cannot be named"
            )
        if self.uncovered:
            lines.append(
                f"最后一个检查点之后还有 {self.uncovered} 条事件未被签名覆盖 / "
                f"{self.uncovered} events after the last checkpoint are not yet covered"
            )
        return "\n".join(lines)


def verify_events(
    events: Iterable[AuditedEvent], checkpoints: Iterable[Checkpoint], ledger: Iterable[LedgerEntry] | None = None
) -> Report:
    pending = sorted(checkpoints, key=lambda cp: cp.tree_size)
    report = Report(checkpoints=len(pending))
    by_events = _Tracker(pending)
    by_ledger = _Tracker(pending)
    entries: Iterator[LedgerEntry] | None = iter(ledger) if ledger is not None else None
    previous_position = 0
    first_order: Mismatch | None = None
    first_ledger: Mismatch | None = None

    for index, event in enumerate(events):
        if first_order is None and event.position <= previous_position:
            first_order = Mismatch(
                index, event.position,
                f"位置不递增（前一条是 {previous_position}）：重复或顺序被打乱",
                f"positions must increase (previous was {previous_position}): duplicated or reordered",
            )
        previous_position = max(previous_position, event.position)
        hashed = leaf_hash(event.leaf())
        by_events.add(hashed, event.position)
        entry = next(entries, None) if entries is not None else None
        if entry is not None:
            by_ledger.add(entry.leaf_hash, entry.position)
            if first_ledger is None:
                first_ledger = _compare(index, entry, event, hashed)
    for entry in entries or ():
        by_ledger.add(entry.leaf_hash, entry.position)
        if first_ledger is None:
            first_ledger = Mismatch(
                entry.index, entry.position, "该事件已被删除（检查点中有，现在没有）",
                "event missing: it was checkpointed and is no longer there",
            )

    by_events.finish()
    by_ledger.finish()
    report.events_checked = by_events.size
    report.checkpoints_matched = by_events.matched
    report.failed_checkpoint = by_events.failed
    report.range_after_position = by_events.last_good_position
    report.ledger_altered = entries is not None and by_ledger.failed is not None
    if report.failed_checkpoint is None:
        report.uncovered = by_events.size - max(by_events.matched, default=0)

    failed = report.failed_checkpoint
    if failed is not None and first_ledger is not None and not report.ledger_altered:
        report.first_mismatch, report.mismatch_exact = first_ledger, True
    else:
        candidates = [m for m in (first_order, None if report.ledger_altered else first_ledger) if m is not None]
        report.first_mismatch = min(candidates, key=lambda m: m.index) if candidates else None
    if failed is not None and report.first_mismatch is None and failed.tree_size > by_events.size:
        report.first_mismatch = Mismatch(
            by_events.size,
            by_events.last_good_position,
            f"记录只有 {by_events.size} 条事件，检查点签了 {failed.tree_size} 条：末尾事件被删除",
            f"the record has {by_events.size} events but the checkpoint signed {failed.tree_size}: events deleted at "
            "the end",
        )
    return report


class _Tracker:
    """One running tree over a stream of leaf hashes, compared with each checkpoint as its size is reached."""

    def __init__(self, checkpoints: list[Checkpoint]) -> None:
        self._pending = list(checkpoints)
        self._tree = RootAccumulator()
        self.matched: list[int] = []
        self.failed: Checkpoint | None = None
        self.last_good_position = 0

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
                self.last_good_position = checkpoint.last_position
            else:
                self.failed = checkpoint

    def finish(self) -> None:
        """Checkpoints larger than the stream: the stream lost events at its end."""
        if self.failed is None and self._pending:
            self.failed = self._pending[0]


def _compare(index: int, entry: LedgerEntry, event: AuditedEvent, hashed: bytes) -> Mismatch | None:
    if event.position < entry.position:
        return Mismatch(
            index, event.position, "该事件不在检查点记录中（被插入或移动）",
            f"event not in the checkpointed record here (inserted or moved); expected position {entry.position}",
        )
    if event.position > entry.position:
        return Mismatch(
            index, entry.position, f"该事件缺失（此处出现的是位置 {event.position}）：被删除或移动",
            f"event missing (position {event.position} stands in its place): deleted or moved",
        )
    if hashed != entry.leaf_hash:
        zh, en = entry.differences(event)
        return Mismatch(index, event.position, f"内容被改动：{zh}", f"altered: {en}")
    return None
