"""A quarter's red and black list as published: the text's digest, frozen at its bulletin's position."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.local_time import CHINA

_NAMESPACE = uuid.UUID("0b7f5e2c-6a1d-4c8e-b3f9-7e2d5a4c1b90")


class RedBlackList(Aggregate):
    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        year: int
        quarter: int
        as_of_position: int
        bulletin_sha256: str
        text_sha256: str
        open_cases: dict[str, int]
        recorded_on: date

    class Published(RecordedFact, Aggregate.Created):
        year: int
        quarter: int
        as_of_position: int
        bulletin_sha256: str
        text_sha256: str
        open_cases: dict[str, int]  # by village name: what the record held then, so the text regenerates

        def apply(self, aggregate: RedBlackList) -> None:
            aggregate.year = self.year
            aggregate.quarter = self.quarter
            aggregate.as_of_position = self.as_of_position
            aggregate.bulletin_sha256 = self.bulletin_sha256
            aggregate.text_sha256 = self.text_sha256
            aggregate.open_cases = self.open_cases
            aggregate.recorded_on = self.timestamp.astimezone(CHINA).date()

    @staticmethod
    def id_for(year: int, quarter: int) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, f"red-black:{year}Q{quarter}")

    @classmethod
    def publish(cls, year: int, quarter: int, as_of_position: int, bulletin_sha256: str, text_sha256: str,
                open_cases: dict[str, int], act: Act) -> RedBlackList:
        return cls._create(cls.Published, id=cls.id_for(year, quarter), year=year, quarter=quarter,
                           as_of_position=as_of_position, bulletin_sha256=bulletin_sha256, text_sha256=text_sha256,
                           open_cases=open_cases, **stamp(act))
