"""The witness's mirror of leaf hashes: kept in chunks, read back in any range, its frontier always the tree's edge."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from taizhang.audit.checkpoint import sign_note, township_vkey
from taizhang.audit.merkle import leaf_hash, root_of_hashes
from taizhang.audit.verifier import AuditedEvent, verify_checkpoint, verify_record
from taizhang.witness import mirror
from taizhang.witness.store import WitnessStore


def hashes(start: int, stop: int) -> bytes:
    return b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(start, stop))


def test_leaves_appended_in_pieces_across_chunks_read_back_in_any_range(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mirror, "CHUNK", 7)  # small chunks, so pieces start and end inside and across them
    store = WitnessStore(tmp_path / "witness.sqlite")
    store.add_log("example.org/log", "example.org/log+00000000+AQ==")
    size, edge = 0, b""
    for stop in (1, 2, 7, 8, 20, 21, 49, 50, 64):
        staged = mirror.extend(size, edge, size, hashes(size, stop))
        assert staged is not None and staged.stop == stop
        assert staged.root == root_of_hashes(hashes(0, stop)[i:i + 32] for i in range(0, stop * 32, 32))
        with store.transaction() as db:
            mirror.append(db, "example.org/log", staged)
        state = store.log("example.org/log")
        assert state is not None and state.mirror_size == stop
        size, edge = state.mirror_size, state.mirror_edge
    assert len(edge) == 32 * bin(64).count("1")
    for start, stop in ((0, 64), (0, 1), (6, 8), (13, 14), (7, 49), (63, 64), (20, 20)):
        assert store.mirrored("example.org/log", start, stop) == hashes(start, stop)
    with sqlite3.connect(tmp_path / "witness.sqlite") as db:
        chunks = db.execute("SELECT chunk, length(hashes) FROM mirror ORDER BY chunk").fetchall()
    assert chunks == [(i, 7 * 32) for i in range(9)] + [(9, 1 * 32)]  # 64 leaves: nine full rows and one


def test_leaves_that_do_not_pass_through_a_co_signed_root_are_not_staged() -> None:
    leaves = hashes(0, 10)
    good_root_at_4 = root_of_hashes(leaves[i:i + 32] for i in range(0, 4 * 32, 32))
    assert mirror.extend(0, b"", 0, leaves, (4, good_root_at_4)) is not None
    assert mirror.extend(0, b"", 0, leaves, (4, hashlib.sha256(b"another").digest())) is None


@pytest.mark.parametrize("body", [
    b"", b"leaves 0\n", b"leaves 01\n" + bytes(32), b"leaves 0\n" + bytes(31), b"leaves -1\n" + bytes(32),
    b"old 0\n" + bytes(32), b"leaves 0" + bytes(32),
])
def test_a_malformed_leaves_body_is_refused(body: bytes) -> None:
    with pytest.raises(ValueError):
        mirror.parse_leaves(body)


def test_a_well_formed_leaves_body() -> None:
    assert mirror.parse_leaves(b"leaves 12\n" + hashes(12, 14)) == (12, hashes(12, 14))


def test_a_witness_store_made_before_the_mirror_gains_it_empty(tmp_path: Path) -> None:
    path = tmp_path / "witness.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE logs (origin TEXT PRIMARY KEY, township_key TEXT NOT NULL, "
                   "tree_size INTEGER NOT NULL DEFAULT 0, root_hash BLOB, note TEXT, cosigned_at TEXT)")
        db.execute("INSERT INTO logs VALUES ('example.org/log', 'k', 12, ?, 'note', 'then')", (bytes(32),))
    state = WitnessStore(path).log("example.org/log")
    assert state is not None and (state.tree_size, state.mirror_size, state.mirror_edge) == (12, 0, b"")


def test_the_record_is_held_to_a_mirror_only_if_the_mirror_hashes_to_the_checkpoint_it_fails() -> None:
    key = Ed25519PrivateKey.generate()
    honest = [AuditedEvent(i + 1, "aggregate", i, "topic", f"state {i}".encode()) for i in range(8)]
    mirrored = [leaf_hash(event.leaf()) for event in honest]
    note = sign_note("example.org/log", 8, root_of_hashes(mirrored), key)
    checkpoint = verify_checkpoint(note, township_vkey("example.org/log", key.public_key()), [])
    rewritten = [*honest[:4], replace(honest[4], state=b"state 9"), *honest[5:]]

    report = verify_record(rewritten, [checkpoint], mirror=mirrored)
    assert report.verdict == "altered" and report.mismatch_exact and report.first_mismatch is not None
    assert report.first_mismatch.position == 5

    forged = [*mirrored[:2], hashlib.sha256(b"forged").digest(), *mirrored[3:]]  # names position 3 falsely
    report = verify_record(rewritten, [checkpoint], mirror=forged)
    assert report.verdict == "altered" and not report.mismatch_exact and report.first_mismatch is None
    assert (report.range_after_position, report.range_upto_position) == (0, 8)

    gone = verify_record(honest[:6], [checkpoint], mirror=mirrored)  # the last two events deleted
    assert gone.mismatch_exact and gone.first_mismatch is not None and gone.first_mismatch.index == 6
