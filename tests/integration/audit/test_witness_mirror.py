"""The county witness's mirror of leaf hashes, on SQLite and PostgreSQL township stores.

It co-signs a checkpoint only when the leaves sent with it extend its mirror to exactly that
checkpoint's root, whether they come over HTTP or by file; a witness that has no leaves of a log yet
takes the whole list once, checked against the root it co-signed before.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from taizhang.application import Taizhang
from taizhang.audit.errors import WitnessRefused
from taizhang.audit.service import AuditService
from taizhang.audit.stores import audit_service
from taizhang.audit.witnessing import Answer, fetch_mirror, post_leaves, push
from taizhang.settings import Settings
from tests.integration.audit.county import County, county_witness, run
from tests.integration.audit.test_county_witness import grow


@pytest.fixture
def audit(app: Taizhang, township_settings: Settings) -> AuditService:
    return audit_service(app, township_settings)


def flipped(body: bytes, at: int = -1) -> bytes:
    """A leaves body with one bit of one hash changed (``at`` bytes from the start of the hashes, or the last)."""
    head, _, hashes = body.partition(b"\n")
    changed = bytearray(hashes)
    changed[at] ^= 1
    return head + b"\n" + bytes(changed)


def mirror_of(county: County, audit: AuditService) -> tuple[int, int, bytes]:
    state = county.witness.store.log(audit.origin())
    assert state is not None
    return state.tree_size, state.mirror_size, county.witness.store.mirrored(audit.origin(), 0, state.mirror_size)


def township_leaves(audit: AuditService, size: int) -> bytes:
    return b"".join(audit.store.leaf_hashes(0, size))


def test_a_witness_refuses_leaves_that_do_not_hash_to_the_checkpoints_root(
    app: Taizhang, township_settings: Settings, audit: AuditService, tmp_path: Path
) -> None:
    with county_witness(tmp_path / "county", "county.example/w", audit) as county:
        grow(app, 3)
        audit.checkpoint()
        first_size = push(audit, county.url, county.key).tree_size
        assert mirror_of(county, audit) == (first_size, first_size, township_leaves(audit, first_size))

        grow(app, 4)
        second = audit.checkpoint()
        for at in (-1, 0):  # the last leaf sent, and the first
            with pytest.raises(WitnessRefused, match="do not hash to the checkpoint's root"):
                push(audit, county.url, county.key,
                     stage=lambda u, o, body, t, at=at: post_leaves(u, o, flipped(body, at), t))
            # Nothing moved: not co-signed, the mirror as it was, no evidence (leaves are not signed by anyone).
            assert mirror_of(county, audit) == (first_size, first_size, township_leaves(audit, first_size))
            assert county.witness.store.evidence() == [] and audit.store.cosigned_size(county.key.text()) == first_size

        # By file: a .leaves file altered on the way is refused the same way.
        request, answer = tmp_path / "request.txt", tmp_path / "cosigned.txt"
        assert run(township_settings, "audit", "witness-request", str(request), "--witness", county.key.text())[0] == 0
        leaves = request.with_name("request.txt.leaves")
        honest = leaves.read_bytes()
        assert honest.startswith(f"leaves {first_size}\n".encode())
        assert len(honest.partition(b"\n")[2]) == 32 * (second.tree_size - first_size)
        leaves.write_bytes(flipped(honest))
        folder = ("--folder", str(county.folder))
        code, out = run(township_settings, "witness", "cosign", str(request), "--out", str(answer), *folder)
        assert code == 1 and "do not hash to the checkpoint's root" in out and not answer.exists()

        leaves.write_bytes(honest)  # the leaves as the township wrote them: co-signed
        assert run(township_settings, "witness", "cosign", str(request), "--out", str(answer), *folder)[0] == 0
        assert run(township_settings, "audit", "add-cosignature", str(answer), "--witness", county.key.text())[0] == 0
        size = second.tree_size
        assert mirror_of(county, audit) == (size, size, township_leaves(audit, size))


def test_a_witness_without_leaves_of_a_log_takes_the_whole_list_once(
    app: Taizhang, audit: AuditService, tmp_path: Path
) -> None:
    for _ in range(3):  # the township signed three checkpoints before the county set up its witness
        grow(app, 2)
        audit.checkpoint()
    with county_witness(tmp_path / "county", "county.example/w", audit) as county:
        staged: list[bytes] = []

        def counted(url: str, origin: str, body: bytes, timeout: float) -> Answer:
            staged.append(body)
            return post_leaves(url, origin, body, timeout)

        size = push(audit, county.url, county.key, stage=counted).tree_size
        assert [body.partition(b"\n")[0] for body in staged] == [b"leaves 0"]  # the whole list, once
        assert mirror_of(county, audit) == (size, size, township_leaves(audit, size))

        # A witness store kept before the mirror existed: it co-signed, and holds no leaves.
        with sqlite3.connect(county.folder / "witness.sqlite") as db:
            db.execute("DROP TABLE mirror")
            db.execute("DROP TABLE staged")
            db.execute("ALTER TABLE logs DROP COLUMN mirror_edge")
            db.execute("ALTER TABLE logs DROP COLUMN mirror_size")
        assert mirror_of(county, audit) == (size, 0, b"")
        assert fetch_mirror(county.url, audit.origin(), size) is None  # nothing to offer `audit verify` yet
        grow(app, 3)
        audit.checkpoint()
        # Leaves that do not pass through the root it co-signed are refused before anything else.
        with pytest.raises(WitnessRefused, match="do not lead to the root co-signed"):
            push(audit, county.url, county.key, stage=lambda u, o, body, t: counted(u, o, flipped(body, 32), t))
        staged.clear()
        grown = push(audit, county.url, county.key, stage=counted).tree_size
        # Asked from where it co-signed, it says its mirror is empty, and takes every leaf from the first.
        assert [body.partition(b"\n")[0] for body in staged] == [f"leaves {size}".encode(), b"leaves 0"]
        assert mirror_of(county, audit) == (grown, grown, township_leaves(audit, grown))
        assert fetch_mirror(county.url, audit.origin(), grown) == township_leaves(audit, grown)
        assert fetch_mirror(county.url, audit.origin(), grown + 1) is None  # never more than it co-signed
