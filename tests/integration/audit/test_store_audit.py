"""Checkpoints kept beside the events, and tampering by SQL on the event table found — on both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taizhang.application import Taizhang
from taizhang.audit import verifier
from taizhang.audit.errors import CheckpointRefused, NotCheckpointed, SigningKeyMissing
from taizhang.audit.export import export
from taizhang.audit.proofs import check_consistency_proof, check_inclusion_proof
from taizhang.audit.service import AuditService
from taizhang.audit.stores import audit_service
from taizhang.settings import Settings
from tests.integration.audit.conftest import fill
from tests.integration.audit.tamper import delete_event, run_sql, update_state


def test_a_checkpoint_signs_the_log_and_verifies(app: Taizhang, audit: AuditService) -> None:
    fill(app)
    checkpoint = audit.checkpoint()
    assert checkpoint.tree_size == app.recorder.max_notification_id() == 6
    assert checkpoint.origin == "taizhang/demo" and checkpoint.last_position == 6
    assert audit.checkpoint() == checkpoint  # nothing new: the last checkpoint stands
    note = checkpoint.note.text().decode()
    assert note.startswith("taizhang/demo\n6\n") and "\n\n\u2014 taizhang/demo " in note
    report = audit.verify()
    assert report.ok and report.checkpoints_matched == [6] and report.uncovered == 0


def test_later_checkpoints_extend_the_tree_and_are_consistent(app: Taizhang, audit: AuditService) -> None:
    first = audit.checkpoint()
    fill(app)
    second = audit.checkpoint()
    app.register_village("新村", "v99", "admin")
    third = audit.checkpoint()
    assert [first.tree_size, second.tree_size, third.tree_size] == [2, 6, 7]
    proof = audit.consistency(2, 7)
    assert check_consistency_proof(json.loads(proof.to_json()), audit.township_key())
    assert audit.verify().checkpoints_matched == [2, 6, 7]


def test_an_inclusion_proof_checks_with_only_the_public_key(app: Taizhang, audit: AuditService) -> None:
    fill(app)
    audit.checkpoint()
    proof = json.loads(audit.prove(4).to_json())
    assert proof["position"] == 4 and proof["tree_size"] == 6
    assert check_inclusion_proof(proof, audit.township_key())
    proof["event"]["version"] += 1
    assert not check_inclusion_proof(proof, audit.township_key())
    app.register_village("新村", "v99", "admin")
    with pytest.raises(NotCheckpointed):
        audit.prove(7)


def test_an_update_on_the_event_table_is_named(app: Taizhang, audit: AuditService, settings: Settings) -> None:
    fill(app)
    audit.checkpoint()
    assert update_state(settings, 3, "村0".encode(), "村9".encode()) == 1
    report = audit.verify()
    assert not report.ok and report.mismatch_exact
    assert report.first_mismatch.position == 3
    assert "state bytes differ" in report.first_mismatch.en


def test_a_delete_on_the_event_table_is_named(app: Taizhang, audit: AuditService, settings: Settings) -> None:
    fill(app)
    audit.checkpoint()
    assert delete_event(settings, 4) == 1
    report = audit.verify()
    assert not report.ok and report.first_mismatch.position == 4
    assert "missing" in report.first_mismatch.en


def test_a_deleted_last_event_is_found(app: Taizhang, audit: AuditService, settings: Settings) -> None:
    fill(app)
    audit.checkpoint()
    delete_event(settings, 6)
    report = audit.verify()
    assert not report.ok and report.first_mismatch.position == 6


def test_tampering_with_both_events_and_ledger_is_still_detected(
    app: Taizhang, audit: AuditService, settings: Settings
) -> None:
    fill(app)
    audit.checkpoint()
    update_state(settings, 4, "村1".encode(), "村8".encode())
    run_sql(settings, "DELETE FROM taizhang_audit_leaves", "DELETE FROM taizhang_audit_leaves")
    report = audit.verify()
    assert not report.ok and report.ledger_altered and not report.mismatch_exact
    assert report.range_after_position == 0 and report.failed_checkpoint.tree_size == 6
    assert report.range_upto_position == 6


def test_a_checkpoint_signed_with_another_key_is_refused(
    app: Taizhang, audit: AuditService, settings: Settings, tmp_path: Path
) -> None:
    from taizhang.audit import keys

    audit.checkpoint()
    other = tmp_path / "other"
    keys.generate(other)
    with pytest.raises(CheckpointRefused):
        audit.verify(verifier.VerifierKey.from_pem("taizhang/demo", (other / keys.PUBLIC_KEY_FILE).read_bytes()))


def test_checkpointing_without_a_key_says_how_to_make_one(app: Taizhang, settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(SigningKeyMissing, match="keygen"):
        audit_service(app, settings, tmp_path / "nokey").checkpoint()


def test_an_export_holds_what_its_checkpoints_cover_and_verifies_offline(
    app: Taizhang, audit: AuditService, tmp_path: Path
) -> None:
    fill(app)
    audit.checkpoint()
    app.register_village("新村", "v99", "admin")
    assert export(audit, tmp_path / "export") == 6  # the seventh event is not yet signed: not exported
    report = verifier.verify_export(tmp_path / "export", audit.township_key())
    assert report.ok and report.checkpoints_matched == [6] and report.uncovered == 0


def test_a_checkpoint_interrupted_after_its_ledger_rows_is_redone_cleanly(app: Taizhang, audit: AuditService) -> None:
    from taizhang.audit.service import read_events
    from taizhang.audit.verifier import LedgerEntry

    audit.checkpoint()
    fill(app)
    leftovers = [LedgerEntry.of(2 + i, event) for i, event in enumerate(read_events(app, after=2))]
    audit.store.add_entries(leftovers[:3])  # as if the process died before the checkpoint row
    checkpoint = audit.checkpoint()
    assert checkpoint.tree_size == 6
    assert audit.verify().ok


def test_checkpoints_asked_for_at_once_are_made_one_at_a_time(app: Taizhang, audit: AuditService) -> None:
    """The server's schedule, a printout and the command line may all sign at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    fill(app)
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda _: audit.checkpoint(), range(8)))
    assert {c.tree_size for c in made} == {6} and [c.tree_size for c in audit.checkpoints()] == [6]
    assert audit.verify().ok
