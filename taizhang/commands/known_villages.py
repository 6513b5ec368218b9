"""Villages once read, remembered by the application: a village and its groups are never removed.

A problem's command checks that its village (and group) is on record. Reading the village for every
command costs a round trip to the store; since no event removes a village or a group, a village
seen once stays on record and a group seen once stays in its village. So a hit needs no read, and
only a miss (an unknown village, or a group not yet seen, which another process may just have
added) is read again. The guard is the same; only the repeated read is saved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from domain.organisation import Village


@dataclass(frozen=True)
class KnownVillage:
    id: uuid.UUID
    code: str
    name: str  # as last read: used in messages only (a rename may make it a little old)
    groups: frozenset[uuid.UUID]

    @classmethod
    def of(cls, village: Village) -> KnownVillage:
        return cls(village.id, village.code, village.name, frozenset(village.groups))


class KnownVillages:
    """The villages this process has read; a plain dict, since replacing an entry is atomic."""

    def __init__(self) -> None:
        self._known: dict[uuid.UUID, KnownVillage] = {}

    def get(self, village_id: uuid.UUID, needing_group: uuid.UUID | None = None) -> KnownVillage | None:
        known = self._known.get(village_id)
        if known is None or (needing_group is not None and needing_group not in known.groups):
            return None
        return known

    def remember(self, village: Village) -> KnownVillage:
        known = KnownVillage.of(village)
        self._known[village.id] = known
        return known
