"""A record's timeline as an inspector reads it: each step, who in what role, both times, why, on what evidence."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.account import Account
from domain.acts import as_fact
from domain.organisation import Village
from domain.words import FIELD_LABELS, RESOURCE_LABELS, UNIT_KIND_LABELS, VOID_LABELS
from taizhang.access.reporters import ReporterShield
from taizhang.application import Taizhang
from taizhang.names import PeopleNames
from web.labels import category_label, number, source_label

_ENVELOPE = {"originator_id", "originator_version", "originator_topic", "timestamp", "actor", "occurred_at"}
_ROLE_EVENTS = (Account.Opened, Account.AccessChanged)


@dataclass(frozen=True)
class Detail:
    label: str
    text: str
    link: str | None = None


@dataclass(frozen=True)
class EvidenceItem:
    name: str
    sha256: str
    media_type: str


@dataclass
class Step:
    version: int
    topic: str
    actor: str
    role: str | None
    occurred_at: datetime
    recorded_at: datetime
    details: list[Detail] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    who: str = ""  # the person's name, where the record keeps the account's username

    @property
    def late_entry(self) -> bool:
        """Recorded more than a day after it happened (补录)."""
        return (self.recorded_at - self.occurred_at).total_seconds() > 86400


class Roles:
    """What access role each account held at a moment (its record's Opened and AccessChanged steps)."""

    def __init__(self, app: Taizhang) -> None:
        self.app = app
        self._history: dict[str, list[tuple[datetime, str]]] = {}

    def at(self, username: str, moment: datetime) -> str | None:
        if username not in self._history:
            events = self.app.repository.event_store.get(Account.id_for(username))
            self._history[username] = [(e.timestamp, e.access_role) for e in events if isinstance(e, _ROLE_EVENTS)]
        held = [role for since, role in self._history[username] if since <= moment]
        return held[-1] if held else None


def steps_of(
    app: Taizhang, aggregate_id: uuid.UUID, until: datetime | None, villages: list[Village], shield: ReporterShield,
    people: PeopleNames | None = None,
) -> list[Step]:
    """Every step recorded for the aggregate up to ``until`` (all when None), its actor as ``shield`` shows it,
    by name where ``people`` is given."""
    roles = Roles(app)
    names = {str(v.id): v.name for v in villages}
    groups = {str(gid): f"{v.name}{name}" for v in villages for gid, name in v.groups.items()}
    steps = []
    for event in map(as_fact, app.repository.event_store.get(aggregate_id)):
        if until is not None and event.timestamp > until:
            break
        topic = type(event).__qualname__
        actor = shield.of_event(event) or ""
        role = roles.at(actor, event.timestamp) if actor == event.actor else None
        step = Step(event.originator_version, topic, actor, role, event.occurred_at, event.timestamp,
                    who=people.name(actor) if people is not None and actor == event.actor else actor)
        for name, value in event.__dict__.items():
            if name in _ENVELOPE or value in (None, "", [], {}):
                continue
            if name == "evidence":
                step.evidence = [EvidenceItem(e.get("name", ""), e["sha256"], e.get("media_type", "")) for e in value]
            else:
                step.details.append(_detail(name, value, names, groups))
        steps.append(step)
    return steps


def _detail(name: str, value: Any, names: dict[str, str], groups: dict[str, str]) -> Detail:
    label = FIELD_LABELS.get(name, name)
    if name in ("village_id",):
        return Detail(label, names.get(str(value), str(value)))
    if name == "group_id":
        return Detail(label, groups.get(str(value), str(value)))
    if name == "unit_id":
        return Detail(label, names.get(str(value)) or groups.get(str(value)) or str(value))
    if name == "unit_kind":
        return Detail(label, UNIT_KIND_LABELS.get(value, value))
    if name == "source":
        return Detail(label, source_label(value))
    if name == "category":
        return Detail(label, category_label(value))
    if name == "kind":
        return Detail(label, VOID_LABELS.get(value, value))
    if name == "original_id":
        return Detail(label, str(value)[:8], link=f"/problems/{value}")
    if name == "location" and isinstance(value, dict):
        return Detail(label, f"{value.get('latitude')},{value.get('longitude')}", link=None)
    if name == "on_time":
        return Detail(label, "是" if value else "否（逾期销号）")
    if name == "resources":
        used = [f"{RESOURCE_LABELS[k][0]} {number(Decimal(str(v)))} {RESOURCE_LABELS[k][1]}"
                for k, v in value.items() if k in RESOURCE_LABELS and Decimal(str(v))]
        return Detail(label, "、".join(used) or "未填")
    if isinstance(value, date | datetime):
        return Detail(label, value.isoformat())
    return Detail(label, str(value))

