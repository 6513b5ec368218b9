"""Which records reference each evidence file, and whose and which village's those records are.

The API serves a file only to those who may see a record referencing it: a cadre the files of their
village's records, a public reporter the files of the records they created.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from eventsourcing.domain import CanInitAggregate

from projections.db import ReadStore, Tx
from projections.model import Batch
from projections.tracking import active_tracks, physical

EVIDENCE_TABLE = "rm_evidence"  # each digest cited, by whom (originator) and where (position)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Values that can hold no digest: a digest is a string under "sha256", inside a record or as a field of that name.
_PLAIN = (int, float, bool, uuid.UUID, date, datetime, Decimal, enum.Enum, type(None))


def fields_to_scan(event_type: type) -> tuple[str, ...] | None:
    """The fields of an event class that can hold a digest, from their declared types; None: scan them all.

    Strings, numbers, ids, days and times hold none (a string counts only as a field called ``sha256``);
    lists, dicts and anything typed loosely are scanned. Unreadable declarations fall back to scanning all.
    """
    if not dataclasses.is_dataclass(event_type):
        return None
    try:
        hints = typing.get_type_hints(event_type)
    except Exception:  # a declaration that does not resolve: no guessing, look at every value
        return None
    return tuple(
        f.name for f in dataclasses.fields(event_type) if f.name == "sha256" or not _plain(hints.get(f.name, Any))
    )


def _plain(hint: Any) -> bool:
    if isinstance(hint, typing.TypeVar):
        bounds = hint.__constraints__ or ((hint.__bound__,) if hint.__bound__ is not None else ())
        return bool(bounds) and all(_plain(b) for b in bounds)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return all(_plain(arg) for arg in typing.get_args(hint))
    if hint is str:
        return True
    return isinstance(hint, type) and issubclass(hint, _PLAIN)


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
    tables = (EVIDENCE_TABLE, "rm_holders")

    def indexes(self, generation: int) -> list[str]:
        """Its indexes serve its own updates too, so they are made with the tables (see ``ddl``)."""
        return []

    def ddl(self, generation: int) -> list[str]:
        evidence, holders = physical(EVIDENCE_TABLE, generation), physical("rm_holders", generation)
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

    def __init__(self) -> None:
        self._scanned: dict[type, tuple[str, ...] | None] = {}

    def consumes(self, event_type: type) -> bool:
        # An aggregate's first event makes its holder row; only events with fields that can hold a digest are scanned.
        return issubclass(event_type, CanInitAggregate) or self._fields(event_type) != ()

    def _fields(self, event_type: type) -> tuple[str, ...] | None:
        if event_type not in self._scanned:
            self._scanned[event_type] = fields_to_scan(event_type)
        return self._scanned[event_type]

    def apply(self, tx: Tx, generation: int, batch: Batch, since: int, until: int) -> None:
        if not batch:
            return
        evidence, holders = physical(EVIDENCE_TABLE, generation), physical("rm_holders", generation)
        created, references = [], []
        for r in batch:
            e, originator = r.event, r.id
            if e.originator_version == 1:
                village = getattr(e, "village_id", None)
                created.append((originator, str(village) if village else None, getattr(e, "actor", None)))
            names = self._fields(type(e))
            values = vars(e) if names is None else {name: getattr(e, name) for name in names}
            if values:
                # Only strings under "sha256" are looked at, however deep.
                references += [(sha, originator, r.position) for sha in sorted(referenced_files(values))]
        tx.insert(holders, ("originator_id", "village_id", "created_by"), created)
        tx.insert(evidence, ("sha256", "originator_id", "position"), references)


def visible_to(store: ReadStore, sha256: str, village_id: str | None = None, creator: str | None = None) -> bool:
    """Whether a record of ``village_id`` (or, without one, created by ``creator``) references the file."""
    with store.reading() as tx:
        track = active_tracks(tx).get(EvidenceRefs.name)
        if track is None:
            return False
        evidence, holders = physical(EVIDENCE_TABLE, track.generation), physical("rm_holders", track.generation)
        condition, params = ("h.village_id = ?", [village_id]) if village_id else ("h.created_by = ?", [creator])
        row = tx.one(
            f"SELECT 1 FROM {evidence} e JOIN {holders} h ON h.originator_id = e.originator_id "
            f"WHERE e.sha256 = ? AND {condition} LIMIT 1",
            [sha256, *params],
        )
    return row is not None
