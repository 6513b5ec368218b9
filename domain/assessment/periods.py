"""Closing a month (月评比) and publishing a quarter's bulletin (季通报): explicit events that freeze figures."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.assessment.values import Month, digest

_PERIOD_NAMESPACE = uuid.UUID("4d3b2a19-6c5e-4f70-8e1d-2a9b0c7d6e53")


def closing_content(
    month: Month, rule_version_id: str, ratings: list[dict[str, Any]], rankings: list[dict[str, Any]]
) -> dict[str, Any]:
    """What a closing freezes, in the one form its digest is taken over."""
    return {"month": str(month), "rule_version_id": rule_version_id, "ratings": ratings, "rankings": rankings}


class MonthClosing(Aggregate):
    """A closed month: its cleaner ratings and village rankings as they stood, with their digest."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        month: Month
        rule_version_id: str
        as_of_position: int
        ratings: list[dict[str, Any]]
        rankings: list[dict[str, Any]]
        digest: str

    class Closed(RecordedFact, Aggregate.Created):
        month: str
        rule_version_id: str
        as_of_position: int
        ratings: list[dict[str, Any]]
        rankings: list[dict[str, Any]]
        digest: str

        def apply(self, aggregate: MonthClosing) -> None:
            aggregate.month = Month.parse(self.month)
            aggregate.rule_version_id = self.rule_version_id
            aggregate.as_of_position = self.as_of_position
            aggregate.ratings = self.ratings
            aggregate.rankings = self.rankings
            aggregate.digest = self.digest

    @staticmethod
    def id_for(month: Month) -> uuid.UUID:
        return uuid.uuid5(_PERIOD_NAMESPACE, f"month:{month}")

    @classmethod
    def close(
        cls,
        month: Month,
        rule_version_id: str,
        as_of_position: int,
        ratings: list[dict[str, Any]],
        rankings: list[dict[str, Any]],
        act: Act,
    ) -> MonthClosing:
        content = closing_content(month, rule_version_id, ratings, rankings)
        return cls._create(
            cls.Closed,
            id=cls.id_for(month),
            month=str(month),
            rule_version_id=rule_version_id,
            as_of_position=as_of_position,
            ratings=ratings,
            rankings=rankings,
            digest=digest(content),
            **stamp(act),
        )

    def content_digest(self) -> str:
        """Recomputed from the frozen figures: equal to ``digest`` unless the record was altered."""
        return digest(closing_content(self.month, self.rule_version_id, self.ratings, self.rankings))


class QuarterBulletin(Aggregate):
    """The township-wide quarterly bulletin: the text is regenerated from the record as of ``as_of_position``."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        year: int
        quarter: int
        as_of_position: int
        text_sha256: str
        month_digests: dict[str, str]
        red_black: dict[str, Any] | None

    class Published(RecordedFact, Aggregate.Created):
        # Version 2 carries the red and black list inside the bulletin: the rule applied and the accountability
        # cases open then (``FrozenRedBlack``). Version 1 bulletins had none and regenerate without the list.
        class_version = 2

        year: int
        quarter: int
        as_of_position: int
        text_sha256: str
        month_digests: dict[str, str]
        red_black: dict[str, Any] | None

        def apply(self, aggregate: QuarterBulletin) -> None:
            aggregate.year = self.year
            aggregate.quarter = self.quarter
            aggregate.as_of_position = self.as_of_position
            aggregate.text_sha256 = self.text_sha256
            aggregate.month_digests = self.month_digests
            aggregate.red_black = self.red_black

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["red_black"] = None

    @staticmethod
    def id_for(year: int, quarter: int) -> uuid.UUID:
        return uuid.uuid5(_PERIOD_NAMESPACE, f"bulletin:{year}Q{quarter}")

    @classmethod
    def publish(
        cls, year: int, quarter: int, as_of_position: int, text_sha256: str, month_digests: dict[str, str],
        red_black: dict[str, Any] | None, act: Act,
    ) -> QuarterBulletin:
        return cls._create(
            cls.Published,
            id=cls.id_for(year, quarter),
            year=year,
            quarter=quarter,
            as_of_position=as_of_position,
            text_sha256=text_sha256,
            month_digests=month_digests,
            red_black=red_black,
            **stamp(act),
        )
