"""A township's record and its county witness (纪检), separate stores and keys, on SQLite and PostgreSQL.

The log grows over several checkpoints, each co-signed over HTTP and one by files; then an attacker
with the database and the township's key rewrites an old event, recomputes every leaf and signs a new
checkpoint. The township's own verification is fooled; the witness is not.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from taizhang.application import Taizhang
from taizhang.audit import verifier
from taizhang.audit.errors import WitnessRefused, WitnessUnreachable
from taizhang.audit.export import export
from taizhang.audit.schedule import Witness as ScheduledWitness
from taizhang.audit.schedule import start_checkpoint_schedule
from taizhang.audit.service import AuditService
from taizhang.audit.stores import audit_service
from taizhang.audit.verifier import CheckpointNote, verify_checkpoint
from taizhang.audit.witnessing import Answer, post, push
from taizhang.settings import Settings
from tests.integration.audit.conftest import fill
from tests.integration.audit.county import county_witness, run
from tests.integration.audit.tamper import run_sql, update_state
from tests.integration.audit.test_checkpoint_schedule import wait_for


@pytest.fixture
def township(township_settings: Settings) -> Settings:
    return township_settings


@pytest.fixture
def audit(app: Taizhang, township: Settings) -> AuditService:
    return audit_service(app, township)


def grow(app: Taizhang, villages: int) -> None:
    start = app.recorder.max_notification_id() or 0
    for i in range(villages):
        app.register_village(f"新村{start + i}", f"n{start + i}", "admin")


def rewrite_old_event_and_every_leaf(township: Settings, audit: AuditService, position: int) -> None:
    """The attacker: an event edited in the table, the ledger and checkpoints rebuilt, a new checkpoint signed."""
    assert update_state(township, position, "新村4".encode(), "新村9".encode()) == 1
    for table in ("taizhang_audit_leaves", "taizhang_audit_notes", "taizhang_audit_cosignatures"):
        run_sql(township, f"DELETE FROM {table}", f"DELETE FROM {table}")
    audit.checkpoint()  # every leaf hashed again from the altered events, signed with the township's key


def test_a_rewritten_record_is_refused_by_the_witness_and_named_by_verify(
    app: Taizhang, township: Settings, audit: AuditService, tmp_path: Path
) -> None:
    with county_witness(tmp_path / "county", "jiwei.county.example/witness", audit) as county:
        sizes = []
        for _ in range(3):  # each checkpoint co-signed over HTTP
            grow(app, 2)
            audit.checkpoint()
            sizes.append(push(audit, county.url, county.key).tree_size)
        fill(app)  # the fourth, by files: the township writes a request, the county co-signs it, the township keeps it
        audit.checkpoint()
        request, answer = tmp_path / "request.txt", tmp_path / "cosigned.txt"
        assert run(township, "audit", "witness-request", str(request), "--witness", county.key.text())[0] == 0
        assert request.read_bytes().startswith(f"old {sizes[-1]}\n".encode())
        witness_folder = ("--folder", str(county.folder))
        assert run(township, "witness", "cosign", str(request), "--out", str(answer), *witness_folder)[0] == 0
        code, out = run(township, "audit", "add-cosignature", str(answer), "--witness", county.key.text())
        assert code == 0, out
        checkpoints = audit.checkpoints()
        assert [c.tree_size for c in checkpoints] == [*sizes, 12] and all(c.witness_names for c in checkpoints)
        assert request.with_name("request.txt.leaves").is_file()  # the leaf hashes it adds, beside the C2SP request
        state = county.witness.store.log(audit.origin())
        assert state.tree_size == 12 and state.mirror_size == 12  # the county mirrors every leaf it co-signed
        assert county.witness.store.mirrored(audit.origin(), 0, 12) == b"".join(audit.store.leaf_hashes(0, 12))
        assert export(audit, tmp_path / "before") == 12  # the county inspector's export of the honest record
        event_at_5 = (tmp_path / "before" / verifier.EVENTS).read_bytes().splitlines()[4]
        assert "新村4".encode() in event_at_5  # an old event, covered by every co-signed checkpoint after the first

        rewrite_old_event_and_every_leaf(township, audit, position=5)
        grow(app, 1)
        fooled = audit.verify()  # the township's key alone: every checkpoint it holds matches what it holds
        assert fooled.ok and fooled.checkpoints_matched == [12]
        new = audit.checkpoint()
        with pytest.raises(WitnessRefused, match="consistency proof fails"):
            push(audit, county.url, county.key)

        [evidence] = county.witness.store.evidence()
        assert evidence.kind == "inconsistent" and evidence.old_size == 12
        key = audit.township_key()
        kept = verify_checkpoint(CheckpointNote.parse(evidence.cosigned_note.encode()), key, [county.key])
        refused = verify_checkpoint(CheckpointNote.parse(evidence.refused_note.encode()), key, [])
        assert kept.tree_size == 12 and kept.witnessed_by([county.key]) and refused.root_hash == new.root_hash
        assert run(township, "witness", "evidence", *witness_folder, "--out", str(tmp_path / "ev"))[0] == 0
        assert (tmp_path / "ev" / f"{evidence.id}-refused.txt").read_text() == evidence.refused_note

        env = {"TAIZHANG_WITNESS_URL": county.url, "TAIZHANG_WITNESS_KEY": county.key.text()}
        code, out = run(township, "audit", "verify", "--witness", county.key.text(), **env)
        assert code == 1 and out.splitlines()[2].startswith("不符 / ALTERED"), out  # lines 1–2: asked the witness
        assert "mirror of 12 leaf hashes" in out  # the ledger was rebuilt, but the witness's mirror names the event
        assert "first difference: 位置 5" in out and "not the one the witness co-signed" in out, out
        code, out = run(township, "audit", "verify", "--witness", county.key.text(),
                        "--reference", str(tmp_path / "before"), **env)  # an earlier export says what changed
        assert code == 1 and "first difference: 位置 5" in out, out
        assert "position 5: altered: stored state bytes differ" in out

        # The inspector's verifier, on an export taken after the change: nothing in it is witnessed …
        export(audit, tmp_path / "after")
        view = tmp_path / "witness-view.txt"
        view.write_text(run(township, "witness", "show", audit.origin(), *witness_folder)[1], encoding="utf-8")
        assert verifier.verify_export(tmp_path / "after", witnesses=[county.key]).verdict == "not_witnessed"
        # … and with the witness's own checkpoint and its mirror of leaf hashes, it names the event.
        leaves = tmp_path / "witness-mirror.bin"
        assert run(township, "witness", "mirror", audit.origin(), "--out", str(leaves), *witness_folder)[0] == 0
        assert leaves.stat().st_size == 12 * 32
        report = verifier.verify_export(tmp_path / "after", witnesses=[county.key], extra_checkpoints=[view],
                                        mirror=leaves)
        assert report.verdict == "altered" and report.mismatch_exact and report.first_mismatch is not None
        assert report.first_mismatch.position == 5
        assert verifier.main([str(tmp_path / "after"), "--witness", county.key.text(), "--checkpoint", str(view),
                              "--mirror", str(leaves)]) == 1


def test_a_split_view_is_found_when_the_cosignatures_meet(
    app: Taizhang, township: Settings, audit: AuditService, tmp_path: Path
) -> None:
    fill(app)
    with (county_witness(tmp_path / "east", "east.county.example/w", audit) as east,
          county_witness(tmp_path / "west", "west.county.example/w", audit) as west):
        audit.checkpoint()
        push(audit, east.url, east.key)
        shown_to_east = audit.checkpoints()[-1]
        # The township shows another record of the same size to a witness that has not seen it before.
        update_state(township, 3, "村0".encode(), "村5".encode())
        for table in ("taizhang_audit_leaves", "taizhang_audit_notes", "taizhang_audit_cosignatures"):
            run_sql(township, f"DELETE FROM {table}", f"DELETE FROM {table}")
        forked = audit.checkpoint()
        assert forked.tree_size == shown_to_east.tree_size and forked.root_hash != shown_to_east.root_hash
        push(audit, west.url, west.key)
        # Shown to east, the fork is refused as a split view and kept.
        _, body = audit.witness_request(forked.tree_size)
        assert east.witness.add_checkpoint(body).status == 409
        assert [e.kind for e in east.witness.store.evidence()] == ["split_view"]
        # An inspector with both witnesses' checkpoints: one verdict, split view.
        notes = []
        for county in (east, west):
            path = tmp_path / f"{county.folder.name}.txt"
            assert run(township, "witness", "show", audit.origin(), "--folder", str(county.folder))[0] == 0
            path.write_text(run(township, "witness", "show", audit.origin(), "--folder", str(county.folder))[1])
            notes += ["--checkpoint", str(path)]
        code, out = run(township, "audit", "verify", "--witness", east.key.text(), "--witness", west.key.text(), *notes)
        assert code == 1 and out.startswith("分叉 / SPLIT VIEW"), out


def test_a_witness_offline_for_ten_checkpoints_catches_up_with_one_proof(
    app: Taizhang, township: Settings, audit: AuditService, tmp_path: Path
) -> None:
    with county_witness(tmp_path / "county", "county.example/w", audit) as county:
        grow(app, 1)
        audit.checkpoint()
        first = push(audit, county.url, county.key).tree_size
        for _ in range(10):
            grow(app, 3)
            audit.checkpoint()
            with pytest.raises(WitnessUnreachable):
                push(audit, "http://127.0.0.1:9", county.key, timeout=2)  # the county's line is down
        sent: list[bytes] = []

        def counted(url: str, body: bytes, timeout: float) -> Answer:
            sent.append(body)
            return post(url, body, timeout)

        latest = push(audit, county.url, county.key, send=counted)
        assert len(sent) == 1 and latest.tree_size == first + 30
        head, _, rest = sent[0].decode().partition("\n")
        proof = rest.split("\n\n")[0].splitlines()
        assert head == f"old {first}" and 0 < len(proof) <= (first + 30).bit_length() + 1
        assert all(len(base64.b64decode(line)) == 32 for line in proof)
        state = county.witness.store.log(audit.origin())
        assert state.tree_size == first + 30 and state.mirror_size == first + 30  # the 30 leaves, also in one go


def test_the_server_schedule_signs_every_n_events_and_the_witness_co_signs_each(
    app: Taizhang, audit: AuditService, tmp_path: Path
) -> None:
    with county_witness(tmp_path / "county", "county.example/w", audit) as county:
        schedule = start_checkpoint_schedule(audit, every_events=3, poll_seconds=0.05,
                                             witness=ScheduledWitness(county.url, county.key))
        try:
            grow(app, 4)  # 2 + 4 events: the first checkpoint at once
            assert wait_for(lambda: schedule.cosigned and schedule.cosigned[-1].tree_size == 6)
            grow(app, 2)  # only 2 new: not yet
            grow(app, 1)
            assert wait_for(lambda: schedule.cosigned[-1].tree_size == 9)
        finally:
            schedule.stop()
    assert [c.tree_size for c in schedule.made] == [6, 9]
    assert all(c.witness_names == ["county.example/w"] for c in audit.checkpoints())
