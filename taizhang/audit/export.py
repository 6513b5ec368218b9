"""Write the record to a folder an inspector can take away and check with ``verifier.py`` alone.

Only what a checkpoint covers is written (events up to its last position, the ledger up to its size),
so that every byte of the export is either signed or checked against what is signed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from taizhang.audit import verifier
from taizhang.audit.service import AuditService, read_events


def _write(path: Path, lines: Iterable[bytes]) -> int:
    count = 0
    with open(path, "wb") as file:
        for line in lines:
            file.write(line)
            count += 1
        file.flush()
        os.fsync(file.fileno())
    return count


def export(service: AuditService, folder: Path) -> int:
    """Returns the number of events written (those the latest checkpoint covers)."""
    checkpoints = service.checkpoints()
    latest = service.latest_checkpoint()
    township = service.township_key()
    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / verifier.CHECKPOINTS
    if notes.exists():
        shutil.rmtree(notes)  # an export of an older checkpoint in the same folder must not linger
    notes.mkdir()
    for checkpoint in checkpoints:
        (notes / f"{checkpoint.tree_size}.txt").write_bytes(checkpoint.cosigned_note().text())
    cosigners = sorted({c.witness for checkpoint in checkpoints for c in checkpoint.cosignatures})
    if cosigners:
        (folder / verifier.WITNESSES).write_text("".join(f"{vkey}\n" for vkey in cosigners), encoding="utf-8")
    else:
        (folder / verifier.WITNESSES).unlink(missing_ok=True)
    (folder / verifier.TOWNSHIP_KEY).write_text(township.text() + "\n", encoding="utf-8")
    (folder / verifier.README).write_text(verifier.readme_text(township.name), encoding="utf-8")
    ledger = service.store.ledger(0, latest.tree_size)
    _write(folder / verifier.LEAVES, (entry.to_json() + b"\n" for entry in ledger))
    events = read_events(service.app, upto=latest.last_position)
    return _write(folder / verifier.EVENTS, (event.export_line() for event in events))
