"""Write the record to a folder an inspector can take away: events, leaf ledger, checkpoints, public key."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from taizhang.audit import offline
from taizhang.audit.service import AuditService, read_events

README = """台账审计导出 / taizhang audit export

events.jsonl       每行一条存储事件（规范 JSON）/ one stored event per line, canonical JSON
leaves.jsonl       检查点时每条事件的叶哈希 / each event's leaf hash as checkpointed
checkpoints.jsonl  Ed25519 签名的检查点 / signed checkpoints (tree size, root hash, time, township)
{key}  公钥 / the public key (check its key id against the one the township published)

核验 / verify (needs Python 3.11+ and the `cryptography` package, not the application):
    python -m taizhang.audit.offline <this folder> [--public-key FILE]
Leaf bytes, hashing and proofs follow RFC 9162 §2.1; see taizhang/audit/leaf.py for the leaf encoding.
"""


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
    """Returns the number of events written."""
    folder.mkdir(parents=True, exist_ok=True)
    checkpoints = service.signed_checkpoints()
    _write(folder / offline.CHECKPOINTS, (c.to_json() + b"\n" for c in checkpoints))
    _write(folder / offline.LEAVES, (e.to_json() + b"\n" for e in service.store.ledger()))
    (folder / offline.PUBLIC_KEY).write_bytes(service.public_key_pem())
    (folder / "README.txt").write_text(README.format(key=offline.PUBLIC_KEY), encoding="utf-8")
    return _write(folder / offline.EVENTS, (event.export_line() for event in read_events(service.app)))
