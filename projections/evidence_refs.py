"""Which records reference each evidence file, and whose and which village's those records are.

The API serves a file only to those who may see a record referencing it: a cadre the files of their
village's records, a public reporter the files of the records they created.
"""

from __future__ import annotations

import re
from typing import Any

from projections.db import ReadStore, Tx
from projections.model import Batch
from projections.tracking import active_tracks, physical

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def referenced_files(value: Any, key: str = "") -> set[str]:
    """Every sha256 in an event's fields: evidence records, however deep (patrol findings), and file digests."""
    found: set[str] = set()
    _collect(value, key, found)
    return found


def _collect(value: Any, key: str, found: set[str]) -> None:
    # Every event of a rebuild passes through here: plain values are passed over without a call of their own.
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str):
                if k == "sha256" and _SHA256.match(v):
                    found.add(v)
            elif isinstance(v, (dict, list, tuple)):
                _collect(v, str(k), found)
    elif isinstance(value, (list, tuple)):
        for v in value:
            if isinstance(v, str):
                if key == "sha256" and _SHA256.match(v):
                    found.add(v)
            elif isinstance(v, (dict, list, tuple)):
                _collect(v, key, found)
    elif isinstance(value, str) and key == "sha256" and _SHA256.match(value):
        found.add(value)


class EvidenceRefs:
    name = "evidence_refs"
    tables = ("rm_evidence", "rm_holders")

    def indexes(self, generation: int) -> list[str]:
        """Its indexes serve its own updates too, so they are made with the tables (see ``ddl``)."""
        return []

    def ddl(self, generation: int) -> list[str]:
        evidence, holders = physical("rm_evidence", generation), physical("rm_holders", generation)
        return [
            f"""CREATE TABLE {evidence} (
    sha256 TEXT NOT NULL,
    originator_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (sha256, originator_id, position)
)""",
            f"""CREATE TABLE {holders} (
    originator_id TEXT PRIMARY KEY,
    village_id TEXT,
    created_by TEXT
)""",
        ]

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int) -> None:
        evidence, holders = physical("rm_evidence", generation), physical("rm_holders", generation)
        created, references = [], []
        for position, e in batch:
            originator = str(e.originator_id)
            if e.originator_version == 1:
                village = getattr(e, "village_id", None)
                created.append((originator, str(village) if village else None, getattr(e, "actor", None)))
            # The envelope (id, topic, times) holds no digests, and only strings under "sha256" are looked at.
            references += [(sha, originator, position) for sha in sorted(referenced_files(vars(e)))]
        tx.insert(holders, ("originator_id", "village_id", "created_by"), created)
        tx.insert(evidence, ("sha256", "originator_id", "position"), references)


def visible_to(store: ReadStore, sha256: str, village_id: str | None = None, creator: str | None = None) -> bool:
    """Whether a record of ``village_id`` (or, without one, created by ``creator``) references the file."""
    with store.reading() as tx:
        track = active_tracks(tx).get(EvidenceRefs.name)
        if track is None:
            return False
        evidence, holders = physical("rm_evidence", track.generation), physical("rm_holders", track.generation)
        condition, params = ("h.village_id = ?", [village_id]) if village_id else ("h.created_by = ?", [creator])
        row = tx.one(
            f"SELECT 1 FROM {evidence} e JOIN {holders} h ON h.originator_id = e.originator_id "
            f"WHERE e.sha256 = ? AND {condition} LIMIT 1",
            [sha256, *params],
        )
    return row is not None
