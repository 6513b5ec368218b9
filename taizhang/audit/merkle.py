"""RFC 9162 §2.1.1 Merkle tree hashing: leaves and nodes are domain-separated SHA-256.

The hashing itself lives in the inspector's verifier (``verifier.py``, which imports nothing of the
product) so that the verifier and the product hash with one implementation; this adds what only
building needs.
"""

from __future__ import annotations

from collections.abc import Iterable

from taizhang.audit.verifier import EMPTY_ROOT, HASH_SIZE, RootAccumulator, leaf_hash, node_hash

__all__ = ["EMPTY_ROOT", "HASH_SIZE", "RootAccumulator", "leaf_hash", "node_hash", "root_of", "root_of_hashes",
           "split_point"]


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (n ≥ 2): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of_hashes(leaf_hashes: Iterable[bytes]) -> bytes:
    """The tree head over leaf hashes given in log order (streamed: memory stays O(log n))."""
    accumulator = RootAccumulator()
    for hashed in leaf_hashes:
        accumulator.add_leaf_hash(hashed)
    return accumulator.root()


def root_of(leaves: Iterable[bytes]) -> bytes:
    return root_of_hashes(leaf_hash(leaf) for leaf in leaves)
