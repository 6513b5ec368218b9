"""Every single-byte change of an export, in any of its files, makes the standalone verifier say no.

One small real export (SQLite, four events, one checkpoint co-signed by a county witness) is made
once; each test changes a copy of one file and runs the verifier over the folder exactly as an
inspector does. The verifier is also run copied alone into an empty folder, with nothing importable
but the standard library and ``cryptography``.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from taizhang.audit import keys, verifier
from taizhang.audit.checkpoint import sign_note
from taizhang.audit.export import export
from taizhang.audit.stores import audit_service
from taizhang.audit.verifier import Refused, VerifierKey, verify_export
from taizhang.audit.witnessing import push
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from taizhang.witness.cosigner import Witness, init_folder
from tests.integration.audit.conftest import fill

FILES = (verifier.EVENTS, verifier.LEAVES, "checkpoints/4.txt", verifier.TOWNSHIP_KEY, verifier.WITNESSES,
         verifier.README)


@dataclass(frozen=True)
class Export:
    folder: Path
    witness: VerifierKey

    def files(self) -> dict[str, bytes]:
        return {name: (self.folder / name).read_bytes() for name in FILES}


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
    witness_vkey = init_folder(root / "witness", "county.example/witness")
    witness = Witness(root / "witness", clock=lambda: 1_700_000_000)
    witness.add_log(audit.township_key().text())
    push(audit, "file:", witness_vkey, send=lambda _url, body, _t: witness.add_checkpoint(body),
         stage=lambda _url, origin, leaves, _t: witness.add_leaves(origin, leaves))
    export(audit, root / "out")
    app.close()
    return Export(root / "out", witness_vkey)


def verdict(folder: Path, witness: VerifierKey) -> str:
    """The verifier's one-word verdict on a folder, 'refused' when it cannot conclude."""
    try:
        return verify_export(folder, witnesses=[witness]).verdict
    except Refused:
        return "refused"


def test_the_untouched_export_is_consistent_and_witnessed(small_export: Export) -> None:
    report = verify_export(small_export.folder, witnesses=[small_export.witness])
    assert report.ok and report.events_checked == 4 and report.witnessed == [4] and report.uncovered == 0
    assert report.summary().splitlines()[0].startswith("一致 / CONSISTENT")


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory when the machine has one: the test writes some fourteen thousand files."""
    shared = Path("/dev/shm")
    if not shared.is_dir():
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(dir=shared, prefix="taizhang-export-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def test_every_single_byte_change_of_every_file_is_caught(small_export: Export, scratch: Path) -> None:
    """Each byte of each file, three ways: its lowest bit, the bit that changes a letter's case, its top bit."""
    work = scratch / "copy"
    shutil.copytree(small_export.folder, work)
    missed, tried = [], 0
    for name, data in small_export.files().items():
        for offset, bit in itertools.product(range(len(data)), (0x01, 0x20, 0x80)):
            (work / name).write_bytes(data[:offset] + bytes([data[offset] ^ bit]) + data[offset + 1 :])
            tried += 1
            if verdict(work, small_export.witness) == "consistent":
                missed.append((name, offset, bit))
        (work / name).write_bytes(data)
    assert tried > 10_000 and missed == [], f"{len(missed)} of {tried} changes went unnoticed, first {missed[:5]}"


def test_lines_deleted_duplicated_or_reordered_are_caught(small_export: Export, tmp_path: Path) -> None:
    work = tmp_path / "copy"
    shutil.copytree(small_export.folder, work)
    for name in (verifier.EVENTS, verifier.LEAVES):
        lines = (small_export.folder / name).read_bytes().splitlines(keepends=True)
        variants = [lines[:i] + lines[i + 1 :] for i in range(len(lines))]
        variants += [[*lines[:j], lines[i], *lines[j:]] for i in range(len(lines)) for j in range(len(lines) + 1)]
        variants += [[lines[i] for i in order] for order in itertools.permutations(range(len(lines)))][1:]
        for variant in variants:
            (work / name).write_bytes(b"".join(variant))
            assert verdict(work, small_export.witness) != "consistent", (name, variant)
        (work / name).write_bytes(b"".join(lines))


def test_an_altered_event_is_named_with_what_changed(small_export: Export, tmp_path: Path) -> None:
    work = tmp_path / "copy"
    shutil.copytree(small_export.folder, work)
    lines = (work / verifier.EVENTS).read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace("村0".encode(), "村7".encode())
    (work / verifier.EVENTS).write_bytes(b"".join(lines))
    report = verify_export(work, witnesses=[small_export.witness])
    assert report.verdict == "altered" and report.mismatch_exact and report.first_mismatch is not None
    assert report.first_mismatch.position == 3 and "state bytes differ" in report.first_mismatch.en


def test_the_leaf_ledger_alone_altered_is_one_verdict_and_a_failure(small_export: Export, tmp_path: Path) -> None:
    """Today's bug: an altered leaves.jsonl printed both 'consistent' and 'the ledger was altered', exit 0."""
    work = tmp_path / "copy"
    shutil.copytree(small_export.folder, work)
    data = (work / verifier.LEAVES).read_bytes()
    (work / verifier.LEAVES).write_bytes(data.replace(b'"version":1', b'"version":7', 1))
    report = verify_export(work)
    assert report.verdict == "ledger_altered" and not report.ok
    summary = report.summary()
    assert "CONSISTENT" not in summary and summary.count("ALTERED") == 1


def test_a_re_signed_export_is_refused_under_the_townships_published_key(small_export: Export, tmp_path: Path) -> None:
    work = tmp_path / "forged"
    shutil.copytree(small_export.folder, work)
    forger = Ed25519PrivateKey.generate()
    genuine = VerifierKey.parse((work / verifier.TOWNSHIP_KEY).read_text().strip())
    forged_key = VerifierKey(genuine.name, verifier.ED25519, forger.public_key().public_bytes_raw())
    note = verifier.CheckpointNote.parse((work / "checkpoints/4.txt").read_bytes())
    (work / "checkpoints/4.txt").write_bytes(sign_note(note.origin, note.tree_size, note.root_hash, forger).text())
    (work / verifier.TOWNSHIP_KEY).write_text(forged_key.text() + "\n")
    assert verify_export(work).ok  # consistent with itself, as anything re-signed is …
    with pytest.raises(Refused, match="not the key given"):
        verify_export(work, township=genuine)  # … but not under the key the township published
    assert verify_export(work, witnesses=[small_export.witness]).verdict == "not_witnessed"  # nor witnessed


def test_the_verifier_runs_copied_alone_with_only_cryptography(small_export: Export, tmp_path: Path) -> None:
    """An empty folder holding verifier.py; a site folder holding only cryptography (and what it imports)."""
    alone = tmp_path / "inspector"
    alone.mkdir()
    shutil.copy(verifier.__file__, alone / "verifier.py")
    site = tmp_path / "site"
    site.mkdir()
    import cryptography

    for name in _cryptography_and_its_imports(Path(cryptography.__file__).parent.parent):
        (site / name.name).symlink_to(name)
    code = (
        "import sys, runpy; sys.path[:0] = [sys.argv[1], sys.argv[2]]; sys.argv = sys.argv[2:]; "
        "runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    arguments = [str(site), str(alone / "verifier.py"), str(small_export.folder), "--witness",
                 small_export.witness.text()]
    # -I: no environment, no user site, no current folder; -S: no site-packages at all.
    result = subprocess.run([sys.executable, "-I", "-S", "-c", code, *arguments], capture_output=True, text=True,
                            timeout=60, check=False, cwd=alone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("一致 / CONSISTENT")
    lines = (small_export.folder / verifier.EVENTS).read_bytes()
    broken = tmp_path / "broken"
    shutil.copytree(small_export.folder, broken)
    (broken / verifier.EVENTS).write_bytes(lines.replace(b'"version":1', b'"version":2', 1))
    arguments[2] = str(broken)
    result = subprocess.run([sys.executable, "-I", "-S", "-c", code, *arguments], capture_output=True, text=True,
                            timeout=60, check=False, cwd=alone)
    assert result.returncode == 1 and result.stdout.startswith("不符 / ALTERED"), result.stdout + result.stderr


def _cryptography_and_its_imports(site_packages: Path) -> list[Path]:
    """cryptography's package and distribution, and cffi's if this build of it needs cffi at run time."""
    wanted = ["cryptography", "cryptography-*.dist-info"]
    needs_cffi = any("cffi" in line for line in (site_packages.glob("cryptography-*.dist-info/METADATA").__next__()
                                                 .read_text().splitlines()) if line.startswith("Requires-Dist")
                     and "extra ==" not in line and "platform_python_implementation != 'PyPy'" in line)
    if needs_cffi:
        wanted += ["cffi", "_cffi_backend*.so", "pycparser"]
    return [path for pattern in wanted for path in site_packages.glob(pattern)]
