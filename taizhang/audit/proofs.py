"""RFC 9162 §2.1.3 inclusion and §2.1.4 consistency proofs: building them, and checking them.

Building reads leaf hashes through ``LeafHashes`` (any index range, streamed), so a proof over a
million-event log needs O(log n) memory; checking needs only the proof and the two tree heads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from taizhang.audit.merkle import HASH_SIZE, leaf_hash, node_hash, root_of_hashes, split_point
from taizhang.audit.verifier import AuditedEvent, CheckpointNote, VerifierKey, canonical_json, verify_checkpoint

LeafHashes = Callable[[int, int], Iterable[bytes]]
"""``hashes(start, stop)``: the leaf hashes at tree indexes start ≤ i < stop, in order."""


def from_list(hashes: Sequence[bytes]) -> LeafHashes:
    return lambda start, stop: hashes[start:stop]


def _subtree_root(hashes: LeafHashes, start: int, stop: int) -> bytes:
    return root_of_hashes(hashes(start, stop))


def inclusion_path(hashes: LeafHashes, index: int, size: int) -> list[bytes]:
    """PATH(m, D[n]) for the leaf at ``index`` in the tree of the first ``size`` leaves."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size} leaves")
    path: list[bytes] = []
    start, stop = 0, size
    while stop - start > 1:
        k = split_point(stop - start)
        if index < start + k:
            path.append(_subtree_root(hashes, start + k, stop))
            stop = start + k
        else:
            path.append(_subtree_root(hashes, start, start + k))
            start += k
    path.reverse()
    return path


def consistency_path(hashes: LeafHashes, size1: int, size2: int) -> list[bytes]:
    """PROOF(m, D[n]): that the tree of ``size1`` leaves is a prefix of the tree of ``size2``."""
    if not 0 <= size1 <= size2:
        raise ValueError(f"no consistency proof from {size1} to {size2} leaves")
    if size1 == 0 or size1 == size2:
        return []
    path: list[bytes] = []
    start, stop, m, complete = 0, size2, size1, True
    while m != stop - start:
        k = split_point(stop - start)
        if m <= k:
            path.append(_subtree_root(hashes, start + k, stop))
            stop = start + k
        else:
            path.append(_subtree_root(hashes, start, start + k))
            start += k
            m -= k
            complete = False
    if not complete:
        path.append(_subtree_root(hashes, start, stop))
    path.reverse()
    return path


def _well_formed(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in hashes)


def verify_inclusion(leaf_hashed: bytes, index: int, size: int, path: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not (0 <= index < size) or not _well_formed(leaf_hashed, root, *path):
        return False
    fn, sn, r = index, size - 1, leaf_hashed
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(size1: int, size2: int, path: Sequence[bytes], root1: bytes, root2: bytes) -> bool:
    """RFC 9162 §2.1.4.2, with the trivial cases (equal sizes, empty first tree) decided up front."""
    if not 0 <= size1 <= size2 or not _well_formed(*path):
        return False
    if size1 == size2:
        return not path and root1 == root2
    if size1 == 0:
        return not path
    if not path or not _well_formed(root1, root2):
        return False
    if size1 & (size1 - 1) == 0:
        path = [root1, *path]
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root1 and sr == root2 and sn == 0


def check_inclusion_proof(proof: dict[str, Any], township: VerifierKey, witnesses: Sequence[VerifierKey] = ()) -> bool:
    """A proof printed by ``taizhang audit prove``: the event, its path, and the signed checkpoint note."""
    checkpoint = verify_checkpoint(CheckpointNote.parse(str(proof["checkpoint"]).encode("utf-8")), township, witnesses)
    event = AuditedEvent.from_export_line(canonical_json(proof["event"]) + b"\n", 1)
    path = [bytes.fromhex(h) for h in proof["path"]]
    index = int(proof["tree_index"])
    return verify_inclusion(leaf_hash(event.leaf()), index, checkpoint.tree_size, path, checkpoint.root_hash)


def check_consistency_proof(
    proof: dict[str, Any], township: VerifierKey, witnesses: Sequence[VerifierKey] = ()
) -> bool:
    """A proof printed by ``taizhang audit consistency``: two signed checkpoint notes and the path between them."""
    older, newer = (
        verify_checkpoint(CheckpointNote.parse(str(proof[which]).encode("utf-8")), township, witnesses)
        for which in ("older", "newer")
    )
    path = [bytes.fromhex(h) for h in proof["path"]]
    return verify_consistency(older.tree_size, newer.tree_size, path, older.root_hash, newer.root_hash)
