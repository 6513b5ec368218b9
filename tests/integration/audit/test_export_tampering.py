"""Every single-byte change, deletion, insertion, duplication and reordering of an export is detected.

One small real export (SQLite) is made once; each test mutates a copy of its bytes systematically
and runs the offline verifier over the mutated bytes exactly as it reads files.
"""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from taizhang.audit import keys, offline
from taizhang.audit.checkpoint import Checkpoint
from taizhang.audit.errors import AuditError, CheckpointRefused
from taizhang.audit.export import export
from taizhang.audit.leaf import AuditedEvent
from taizhang.audit.ledger import LedgerEntry
from taizhang.audit.stores import audit_service
from taizhang.audit.verification import verify_events
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.integration.audit.conftest import fill


@dataclass(frozen=True)
class Export:
    folder: Path
    events: bytes
    leaves: bytes
    checkpoints: bytes
    public_pem: bytes


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    root = tmp_path_factory.mktemp("export")
    settings = Settings(store="sqlite", data_dir=root / "data")
    app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
    app.init_store("simulation", "示例镇", "demo", "admin")
    fill(app, villages=1)
    keys.generate(root / "keys")
    audit = audit_service(app, settings, root / "keys")
    audit.checkpoint()
    export(audit, root / "out")
    app.close()
    out = root / "out"
    return Export(
        out,
        (out / offline.EVENTS).read_bytes(),
        (out / offline.LEAVES).read_bytes(),
        (out / offline.CHECKPOINTS).read_bytes(),
        (out / offline.PUBLIC_KEY).read_bytes(),
    )


def detected(export_: Export, events: bytes, leaves: bool = True) -> bool:
    """True when the offline verifier refuses or reports a mismatch for these event bytes."""
    try:
        checkpoints = [Checkpoint.from_json(line) for line in export_.checkpoints.splitlines()]
        parsed = (AuditedEvent.from_export_line(line, n) for n, line in enumerate(io.BytesIO(events), start=1))
        ledger = [LedgerEntry.from_json(line) for line in export_.leaves.splitlines()] if leaves else None
        return not verify_events(parsed, checkpoints, ledger).ok
    except AuditError:
        return True


def lines(export_: Export) -> list[bytes]:
    return export_.events.splitlines(keepends=True)


def test_the_untouched_export_verifies(small_export: Export) -> None:
    assert len(lines(small_export)) == 4
    assert offline.verify_export(small_export.folder).ok
    assert not detected(small_export, small_export.events)
    assert not detected(small_export, small_export.events, leaves=False)


@pytest.mark.parametrize("with_ledger", [True, False])
def test_every_single_bit_flip_of_every_byte_is_detected(small_export: Export, with_ledger: bool) -> None:
    data = small_export.events
    missed = []
    for offset in range(len(data)):
        for bit in range(8):
            mutated = data[:offset] + bytes([data[offset] ^ (1 << bit)]) + data[offset + 1 :]
            if not detected(small_export, mutated, with_ledger):
                missed.append((offset, bit))
    assert missed == [], f"{len(missed)} single-byte changes went unnoticed, first {missed[:5]}"


def test_every_byte_replaced_by_a_look_alike_is_detected(small_export: Export) -> None:
    data = small_export.events
    look_alikes = b' "\\0\n'
    missed = [
        (offset, value)
        for offset in range(len(data))
        for value in look_alikes
        if value != data[offset] and not detected(small_export, data[:offset] + bytes([value]) + data[offset + 1 :])
    ]
    assert missed == []


def test_every_deletion_duplication_and_insertion_of_a_line_is_detected(small_export: Export) -> None:
    original = lines(small_export)
    for i in range(len(original)):
        assert detected(small_export, b"".join(original[:i] + original[i + 1 :])), f"deleting line {i + 1}"
        for j in range(len(original) + 1):
            duplicated = [*original[:j], original[i], *original[j:]]
            assert detected(small_export, b"".join(duplicated)), f"line {i + 1} duplicated at {j}"
    foreign = AuditedEvent(3, "00000000-0000-4000-8000-0000000000ff", 1, "domain.x:Y", b"{}").export_line()
    for j in range(len(original) + 1):
        assert detected(small_export, b"".join([*original[:j], foreign, *original[j:]])), f"inserted at {j}"
    assert detected(small_export, b"")


def test_every_reordering_of_the_lines_is_detected(small_export: Export) -> None:
    original = lines(small_export)
    for order in itertools.permutations(range(len(original))):
        if list(order) != sorted(order):
            assert detected(small_export, b"".join(original[i] for i in order)), f"order {order}"


def test_the_first_altered_event_is_named(small_export: Export) -> None:
    original = lines(small_export)
    altered = original[2].replace("村0".encode(), "村7".encode())
    checkpoints = [Checkpoint.from_json(line) for line in small_export.checkpoints.splitlines()]
    parsed = (AuditedEvent.from_export_line(line, 1) for line in [*original[:2], altered, *original[3:]])
    ledger = [LedgerEntry.from_json(line) for line in small_export.leaves.splitlines()]
    report = verify_events(parsed, checkpoints, ledger)
    assert report.mismatch_exact and report.first_mismatch.position == 3
    assert "state bytes differ" in report.first_mismatch.en


def test_every_bit_flip_in_the_checkpoints_is_refused(small_export: Export, tmp_path: Path) -> None:
    data = small_export.checkpoints
    key = keys.load_public(small_export.public_pem)
    for offset in range(len(data) - 1):  # the final newline is not part of the record
        for bit in range(8):
            mutated = data[:offset] + bytes([data[offset] ^ (1 << bit)]) + data[offset + 1 :]
            with pytest.raises(CheckpointRefused):
                for line in mutated.splitlines():
                    Checkpoint.from_json(line).check_signature(key)


def test_an_unsigned_checkpoint_is_refused(small_export: Export) -> None:
    checkpoint = Checkpoint.from_json(small_export.checkpoints.splitlines()[0])
    from dataclasses import replace

    unsigned = Checkpoint.from_json(replace(checkpoint, signature=None).to_json())
    assert unsigned.signature is None
    with pytest.raises(CheckpointRefused, match="unsigned"):
        unsigned.check_signature(keys.load_public(small_export.public_pem))


def test_a_re_signed_export_is_refused_under_the_townships_published_key(small_export: Export, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    forger = Ed25519PrivateKey.generate()
    checkpoint = Checkpoint.from_json(small_export.checkpoints.splitlines()[0])
    from dataclasses import replace

    forged = replace(checkpoint, key_id=keys.key_id(forger.public_key())).signed_with(forger)
    folder = tmp_path / "forged"
    folder.mkdir()
    (folder / offline.EVENTS).write_bytes(small_export.events)
    (folder / offline.CHECKPOINTS).write_bytes(forged.to_json() + b"\n")
    (folder / offline.PUBLIC_KEY).write_bytes(keys.public_pem(forger.public_key()))
    with pytest.raises(CheckpointRefused):
        offline.verify_export(folder, small_export.public_pem)


def test_the_offline_verifier_runs_without_the_application(small_export: Export) -> None:
    code = (
        "import sys; from taizhang.audit import offline; "
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('eventsourcing', 'psycopg', 'fastapi', 'pydantic')"
        " or m in ('taizhang.app', 'taizhang.bootstrap', 'taizhang.settings')]; "
        "assert not loaded, loaded; "
        f"sys.exit(offline.main([{str(small_export.folder)!r}]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "consistent" in result.stdout
