"""RFC 9162 §2.1.1 Merkle tree hashing: leaves and nodes are domain-separated SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF = b"\x00"
_NODE = b"\x01"


_sha256 = hashlib.sha256
_LEAF_PREFIXED = _sha256(_LEAF)


def leaf_hash(leaf: bytes) -> bytes:
    hasher = _LEAF_PREFIXED.copy()  # copying the prefixed state avoids concatenating large leaves
    hasher.update(leaf)
    return hasher.digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(_NODE + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (n ≥ 2): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


class RootAccumulator:
    """The right edge of a growing tree: O(log n) subtree roots, enough to give the root at any size.

    The edge holds one perfect subtree per set bit of the size, largest first — exactly the subtrees
    RFC 9162's recursive split produces — so appending a leaf merges one subtree per trailing 1 bit.
    """

    def __init__(self, edge: Iterable[tuple[int, bytes]] = ()) -> None:
        pairs = list(edge)
        counts = [count for count, _ in pairs]
        if any(c & (c - 1) for c in counts) or counts != sorted(set(counts), reverse=True):
            raise ValueError("a tree edge is perfect subtrees of strictly decreasing power-of-two sizes")
        self._hashes: list[bytes] = [hashed for _, hashed in pairs]
        self.size = sum(counts)

    def add_leaf_hash(self, hashed: bytes) -> None:
        hashes, n = self._hashes, self.size
        while n & 1:
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
        hashes = self._hashes
        root = hashes[-1]
        for left in reversed(hashes[:-1]):
            root = node_hash(left, root)
        return root

    @property
    def edge(self) -> list[tuple[int, bytes]]:
        counts = [1 << bit for bit in range(self.size.bit_length() - 1, -1, -1) if self.size >> bit & 1]
        return list(zip(counts, self._hashes, strict=True))


def root_of_hashes(leaf_hashes: Iterable[bytes]) -> bytes:
    """The tree head over leaf hashes given in log order (streamed: memory stays O(log n))."""
    accumulator = RootAccumulator()
    for hashed in leaf_hashes:
        accumulator.add_leaf_hash(hashed)
    return accumulator.root()


def root_of(leaves: Iterable[bytes]) -> bytes:
    return root_of_hashes(leaf_hash(leaf) for leaf in leaves)
