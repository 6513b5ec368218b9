"""RFC 9162 §2.1.1 Merkle tree hashing: leaves and nodes are domain-separated SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF = b"\x00"
_NODE = b"\x01"


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(_LEAF + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (n ≥ 2): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


class RootAccumulator:
    """The right edge of a growing tree: O(log n) subtree roots, enough to give the root at any size.

    Each entry is (leaf count, hash) of a perfect subtree; counts strictly decrease left to right,
    so the entries are exactly the subtrees RFC 9162's recursive split produces.
    """

    def __init__(self, edge: Iterable[tuple[int, bytes]] = ()) -> None:
        self._edge: list[tuple[int, bytes]] = list(edge)
        self.size = sum(count for count, _ in self._edge)

    def add_leaf_hash(self, hashed: bytes) -> None:
        edge = self._edge
        count = 1
        while edge and edge[-1][0] == count:
            left_count, left = edge.pop()
            hashed = node_hash(left, hashed)
            count += left_count
        edge.append((count, hashed))
        self.size += 1

    def add_leaf(self, leaf: bytes) -> None:
        self.add_leaf_hash(leaf_hash(leaf))

    def root(self) -> bytes:
        if not self._edge:
            return EMPTY_ROOT
        edge = self._edge
        root = edge[-1][1]
        for _, left in reversed(edge[:-1]):
            root = node_hash(left, root)
        return root

    @property
    def edge(self) -> list[tuple[int, bytes]]:
        return list(self._edge)


def root_of_hashes(leaf_hashes: Iterable[bytes]) -> bytes:
    """The tree head over leaf hashes given in log order (streamed: memory stays O(log n))."""
    accumulator = RootAccumulator()
    for hashed in leaf_hashes:
        accumulator.add_leaf_hash(hashed)
    return accumulator.root()


def root_of(leaves: Iterable[bytes]) -> bytes:
    return root_of_hashes(leaf_hash(leaf) for leaf in leaves)
