"""Facts built by hand for the pure calculations."""

from __future__ import annotations

import uuid
from datetime import date

from domain.assessment.facts import PatrolFact
from domain.assessment.values import FactRef

_positions = iter(range(1, 1_000_000))


def ref(position: int | None = None) -> FactRef:
    return FactRef(position if position is not None else next(_positions), uuid.uuid4(), 1)


def patrol(
    day: date,
    village: uuid.UUID,
    cleaner: uuid.UUID | None = None,
    withdrawn: bool = False,
    position: int | None = None,
    **findings: int,
) -> PatrolFact:
    return PatrolFact(uuid.uuid4(), ref(position), day, village, None, cleaner, "", findings, withdrawn)
