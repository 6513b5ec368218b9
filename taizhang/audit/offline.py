"""The inspector's verifier: an export folder and a public key are all it needs.

Imports only the standard library, ``cryptography`` and the pure audit modules — not the
application, its settings or its store drivers. Run: ``python -m taizhang.audit.offline FOLDER``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from taizhang.audit.checkpoint import Checkpoint
from taizhang.audit.errors import AuditError, NoCheckpoint
from taizhang.audit.keys import PUBLIC_KEY_FILE, load_public
from taizhang.audit.leaf import AuditedEvent, canonical_json
from taizhang.audit.ledger import LedgerEntry
from taizhang.audit.merkle import leaf_hash
from taizhang.audit.proofs import verify_consistency, verify_inclusion
from taizhang.audit.verification import Report, verify_events

EVENTS = "events.jsonl"
LEAVES = "leaves.jsonl"
CHECKPOINTS = "checkpoints.jsonl"
PUBLIC_KEY = PUBLIC_KEY_FILE


def read_checkpoints(path: Path, public_pem: bytes) -> list[Checkpoint]:
    """Every checkpoint in the file, each signature checked: one bad signature refuses them all."""
    key = load_public(public_pem)
    lines = [line for line in path.read_bytes().splitlines() if line.strip()]
    return [Checkpoint.from_json(line).check_signature(key) for line in lines]


def read_events(path: Path) -> Iterator[AuditedEvent]:
    with open(path, "rb") as file:
        for number, line in enumerate(file, start=1):
            yield AuditedEvent.from_export_line(line, number)


def read_ledger(path: Path) -> Iterator[LedgerEntry]:
    with open(path, "rb") as file:
        for line in file:
            yield LedgerEntry.from_json(line)


def verify_export(folder: Path, public_pem: bytes | None = None) -> Report:
    """Check the events of an export against its signed checkpoints (key: given, else the exported one)."""
    checkpoints = read_checkpoints(folder / CHECKPOINTS, public_pem or (folder / PUBLIC_KEY).read_bytes())
    if not checkpoints:
        raise NoCheckpoint("导出中没有检查点", "the export holds no checkpoint")
    ledger = read_ledger(folder / LEAVES) if (folder / LEAVES).exists() else None
    return verify_events(read_events(folder / EVENTS), checkpoints, ledger)


def check_inclusion_proof(proof: dict[str, Any], public_pem: bytes) -> bool:
    """A proof printed by ``taizhang audit prove``: the event, its path, and the signed checkpoint."""
    checkpoint = Checkpoint.from_json(canonical_json(proof["checkpoint"])).check_signature(load_public(public_pem))
    line = canonical_json(proof["event"]) + b"\n"
    event = AuditedEvent.from_export_line(line, 1)
    path = [bytes.fromhex(h) for h in proof["path"]]
    index = int(proof["tree_index"])
    return verify_inclusion(leaf_hash(event.leaf()), index, checkpoint.tree_size, path, checkpoint.root_hash)


def check_consistency_proof(proof: dict[str, Any], public_pem: bytes) -> bool:
    key = load_public(public_pem)
    older = Checkpoint.from_json(canonical_json(proof["older"])).check_signature(key)
    newer = Checkpoint.from_json(canonical_json(proof["newer"])).check_signature(key)
    path = [bytes.fromhex(h) for h in proof["path"]]
    return verify_consistency(older.tree_size, newer.tree_size, path, older.root_hash, newer.root_hash)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a taizhang audit export offline.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--public-key", type=Path, help="the township's published public key (PEM)")
    args = parser.parse_args(argv)
    pem = args.public_key.read_bytes() if args.public_key else None
    try:
        report = verify_export(args.folder, pem)
    except AuditError as error:
        print(error.message, file=sys.stderr)
        return 2
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
