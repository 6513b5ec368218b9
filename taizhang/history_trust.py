"""What a history file must prove before it is let into an empty store, and what it says about itself.

- Topics are looked up among this product's own event and aggregate classes, never resolved by
  importing the module a file names (``this:s`` would run Python's ``this``).
- The closing line (``taizhang-history`` version 2) states how many events were written, the last
  position and the RFC 9162 Merkle root over them (``taizhang.audit``); the reader recomputes both.
- When the export carries the township's latest signed checkpoint, the events it covers must hash to
  its root, and its signature must verify: with the published public key the importer is given, or
  else only with the key the file carries, which the report says plainly. A file that carries no
  checkpoint is said to be unauthenticated, in words, on every import.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache

from eventsourcing.domain import Aggregate

import domain
from domain.acts import RecordedFact
from domain.errors import InvalidInput
from taizhang.audit.merkle import RootAccumulator
from taizhang.audit.verifier import AuditedEvent, CheckpointNote, Refused, VerifierKey, read_key, verify_checkpoint


def _subclasses(root: type) -> set[type]:
    found: set[type] = set()
    queue = [root]
    while queue:
        sub: type
        for sub in queue.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                queue.append(sub)
    return found


def _topic(cls: type) -> str:
    """A class's topic as the library writes it (``module:Qual.Name``), without registering anything."""
    return f"{cls.__module__}:{cls.__qualname__}"


@cache
def product_classes() -> tuple[frozenset[str], frozenset[str]]:
    """The topics of every event class and every aggregate of this product's domain, from its own modules."""
    for module in pkgutil.walk_packages(domain.__path__, f"{domain.__name__}."):
        importlib.import_module(module.name)  # the product's own modules only, named by the package
    events = frozenset(_topic(cls) for cls in _subclasses(RecordedFact) if cls.__module__.startswith("domain."))
    aggregates = frozenset(_topic(cls) for cls in _subclasses(Aggregate) if cls.__module__.startswith("domain."))
    return events, aggregates


def event_class(topic: str) -> None:
    """Refuse a topic that names none of the product's event classes, before any module is imported."""
    if topic not in product_classes()[0]:
        raise ValueError(f"{topic[:100]!r} is not an event type of this product")


def check_originator_topic(state: dict[str, object]) -> None:
    """A creation event names its aggregate's class: one of the product's, or the line is refused."""
    named = state.get("originator_topic")
    if named is not None and named not in product_classes()[1]:
        raise ValueError(f"{str(named)[:100]!r} is not an aggregate of this product")


@dataclass
class Trust:
    """The reader's running account of a history: the Merkle tree of what it read, and what was checked."""

    tree: RootAccumulator = field(default_factory=RootAccumulator)
    checkpoint: CheckpointNote | None = None
    checkpoint_last_position: int | None = None
    covered_root: bytes | None = None
    said: list[str] = field(default_factory=list)

    def read(self, event: AuditedEvent) -> None:
        self.tree.add_leaf(event.leaf())
        if self.checkpoint is not None and self.tree.size == self.checkpoint.tree_size:
            self.covered_root = self.tree.root()
            if event.position != self.checkpoint_last_position:
                raise self.refuse("检查点所覆盖的最后位置与文件不符",
                                  "the checkpoint's last position differs from the file's")

    def expect_checkpoint(self, carried: object, given_key: str | None, carried_key: object) -> None:
        """Take the checkpoint the header carries, its signature checked now; its root is checked as lines come.

        ``given_key``: the township's published key (a vkey, or a file with it or its PEM public key).
        """
        if carried is None:
            self.said.append("文件未附带签名检查点：无法证明它与乡镇的记录一致（仅核对了行数、位置和默克尔根）")
            return
        if not isinstance(carried, dict) or not isinstance(carried.get("note"), str) or not isinstance(
            carried.get("last_position"), int
        ):
            raise self.refuse("文件头的检查点格式不对", "the header's checkpoint is not a note and a last position")
        try:
            note = CheckpointNote.parse(carried["note"].encode("utf-8"))
            if given_key is not None:
                key = read_key(given_key, note.origin)
                said = f"签名检查点已用给定的公钥（{key.key_id.hex()}）核验"
            elif isinstance(carried_key, str):
                key = VerifierKey.parse(carried_key)
                said = (f"签名检查点仅用文件自带的公钥（{key.key_id.hex()}）核验：请与乡镇公布的公钥核对"
                        "（导入时用 --public-key 给出公布的公钥）")
            else:
                raise self.refuse("检查点没有可核验的公钥：请用 --public-key 给出乡镇公布的公钥",
                                  "the checkpoint has no key to check it with: give --public-key")
            verify_checkpoint(note, key, [])
        except Refused as refused:
            raise self.refuse(f"签名检查点无效：{refused.zh}",
                              f"the signed checkpoint is refused: {refused.en}") from None
        self.said.append(said)
        self.checkpoint, self.checkpoint_last_position = note, carried["last_position"]

    def close(self, trailer: dict[str, object], count: int, last_position: int, header_last: object) -> None:
        """Compare the closing line's claims with what was read, and the checkpoint's root with the events."""
        root = self.tree.root().hex()
        claims = {"events": count, "last_position": last_position, "merkle_root": root}
        for name, found in claims.items():
            if trailer.get(name) != found:
                raise self.refuse(f"结尾行的 {name} 与文件内容不符（文件被截短或改动过？）",
                                  f"the closing line's {name} does not match the file (cut short or edited?)")
        if header_last != last_position:
            raise self.refuse("文件头的 last_position 与最后一行不符（文件被截短？）",
                              "the header's last_position is not the last line's (cut short?)")
        if self.checkpoint is not None:
            if self.covered_root != self.checkpoint.root_hash:
                raise self.refuse("事件与签名检查点的根哈希不符：文件被改动过",
                                  "the events do not hash to the signed checkpoint's root: the file was altered")
            self.said.append(f"前 {self.checkpoint.tree_size} 条事件与签名检查点一致")
        self.said.append(f"共 {count} 条事件，默克尔根 {root[:16]}… 与结尾行一致")

    def refuse(self, zh: str, en: str) -> InvalidInput:
        return InvalidInput(f"历史文件不可信：{zh}", f"the history file cannot be trusted: {en}")
