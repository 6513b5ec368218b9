"""What an inspector sees of each event: the index row, the actor's access role at the time, reason, evidence.

The rows come from the event index (``projections.audit``); only the events on the page are read
from the event store, by aggregate and version, for their reason, evidence and other details.
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fastapi.encoders import jsonable_encoder

from domain.account import Account
from domain.acts import as_fact
from projections.provenance import SourceEvent
from taizhang.access.reporters import ReporterShield
from taizhang.application import Taizhang

_ENVELOPE = {"originator_id", "originator_version", "originator_topic", "timestamp", "actor", "occurred_at"}
_NOT_SHOWN = {"identity_key_id", "identity_ciphertext"}  # sealed reporter identities stay sealed


class RolesAtTheTime:
    """Each account's access role as it was when an event was recorded (from the account's own events)."""

    def __init__(self, app: Taizhang) -> None:
        self.app = app
        self._history: dict[str, tuple[list[datetime], list[str]]] = {}

    def role(self, username: str | None, recorded_at: datetime) -> str | None:
        if not username:
            return None
        if username not in self._history:
            self._history[username] = self._load(username)
        times, roles = self._history[username]
        index = bisect_right(times, recorded_at)
        return roles[index - 1] if index else None

    def _load(self, username: str) -> tuple[list[datetime], list[str]]:
        times: list[datetime] = []
        roles: list[str] = []
        for event in map(as_fact, self.app.repository.event_store.get(Account.id_for(username))):
            role = getattr(event, "access_role", None)
            if role is not None:
                times.append(event.timestamp)
                roles.append(str(role))
        return times, roles


def audit_rows(app: Taizhang, events: Sequence[SourceEvent], shield: ReporterShield) -> list[dict[str, Any]]:
    """The rows of an audit view, each actor as ``shield`` lets its reader see it."""
    roles = RolesAtTheTime(app)
    stored = _stored_events(app, events)
    rows = []
    for e in events:
        event = stored.get((e.aggregate_id, e.version))
        details = {k: v for k, v in vars(event).items() if k not in _ENVELOPE | _NOT_SHOWN} if event else {}
        rows.append(
            {
                "position": e.position,
                "event_type": e.event_type,
                "entity_id": e.aggregate_id,
                "version": e.version,
                "actor": (shown := shield.of_row(e.actor, e.event_type, e.aggregate_id)),
                "account": e.actor if shown == e.actor else None,  # the username, where the reader may see it
                "actor_role": roles.role(e.actor, e.recorded_at) if shown == e.actor else None,
                "occurred_at": e.occurred_at,
                "recorded_at": e.recorded_at,
                "village_id": e.village_id,
                "reason": details.pop("reason", None),
                "evidence": details.pop("evidence", None) or [],
                "details": jsonable_encoder(details),
            }
        )
    return rows


def _stored_events(app: Taizhang, events: Sequence[SourceEvent]) -> dict[tuple[str, int], Any]:
    """The page's events from the event store, one ranged read per aggregate."""
    versions: dict[str, list[int]] = {}
    for e in events:
        versions.setdefault(e.aggregate_id, []).append(e.version)
    found: dict[tuple[str, int], Any] = {}
    for aggregate_id, numbers in versions.items():
        for event in app.repository.event_store.get(
            uuid.UUID(aggregate_id), gt=min(numbers) - 1, lte=max(numbers)
        ):
            found[(aggregate_id, event.originator_version)] = event
    return found
