"""What a store is for: a township's real record, or a simulation (demo, test) with a driven clock."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.errors import InvalidInput


class StoreMark(Aggregate):

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        purpose: str
        township_code: str
    ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
    REAL = "real"
    SIMULATION = "simulation"

    class Marked(RecordedFact, Aggregate.Created):
        purpose: str
        township_code: str

        def apply(self, aggregate: StoreMark) -> None:
            aggregate.purpose = self.purpose
            aggregate.township_code = self.township_code

    @classmethod
    def mark(cls, purpose: str, township_code: str, act: Act) -> StoreMark:
        if purpose not in (cls.REAL, cls.SIMULATION):
            raise InvalidInput(f"未知的数据库用途 “{purpose}”", f"unknown store purpose {purpose!r}")
        return cls._create(cls.Marked, id=cls.ID, purpose=purpose, township_code=township_code, **stamp(act))

    @property
    def is_simulation(self) -> bool:
        return self.purpose == self.SIMULATION
