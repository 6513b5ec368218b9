"""Campaign work that the ledger does not already say: typed records, corrected only by later events."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, Evidence, RecordedFact, evidence_records, stamp
from domain.errors import InvalidInput, StageNotAllowed
from domain.indicators import BY_CODE, WORK_CODES
from domain.problem import check_reason


def check_quantity(indicator: str, quantity: Decimal) -> Decimal:
    if indicator not in WORK_CODES:
        raise InvalidInput(
            f"“{indicator}” 不是需要登记的工作量指标（台账可推出的数字不重复录入）",
            f"{indicator!r} is not a recorded work indicator (figures the ledger gives are not entered twice)",
        )
    if quantity <= 0:
        raise InvalidInput("数量必须大于零", "the quantity must be greater than zero")
    if BY_CODE[indicator].integral and quantity != quantity.to_integral_value():
        raise InvalidInput(
            f"“{BY_CODE[indicator].name}”以{BY_CODE[indicator].unit}计，必须是整数",
            f"{indicator} is counted in whole units",
        )
    return quantity


class WorkRecord(Aggregate):
    """One entry of campaign work: what, how much, where, when (occurred), who, on what evidence."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        indicator: str
        quantity: Decimal
        village_id: uuid.UUID | None
        withdrawn: bool

    class Recorded(RecordedFact, Aggregate.Created):
        indicator: str
        quantity: Decimal
        village_id: uuid.UUID | None
        place: str
        note: str
        evidence: list[dict[str, str]]

        def apply(self, aggregate: WorkRecord) -> None:
            aggregate.indicator = self.indicator
            aggregate.quantity = self.quantity
            aggregate.village_id = self.village_id
            aggregate.withdrawn = False

    class Corrected(RecordedFact):
        previous_quantity: Decimal
        quantity: Decimal
        reason: str

        def apply(self, aggregate: WorkRecord) -> None:
            aggregate.quantity = self.quantity

    class Withdrawn(RecordedFact):
        reason: str

        def apply(self, aggregate: WorkRecord) -> None:
            aggregate.withdrawn = True

    @classmethod
    def record(
        cls,
        indicator: str,
        quantity: Decimal,
        village_id: uuid.UUID | None,
        place: str,
        note: str,
        evidence: list[Evidence],
        act: Act,
        record_id: uuid.UUID | None = None,
    ) -> WorkRecord:
        return cls._create(
            cls.Recorded,
            id=record_id or uuid.uuid4(),
            indicator=indicator,
            quantity=check_quantity(indicator, Decimal(quantity)),
            village_id=village_id,
            place=place.strip(),
            note=note.strip(),
            evidence=evidence_records(evidence),
            **stamp(act),
        )

    def correct(self, quantity: Decimal, reason: str, act: Act) -> None:
        self.check_not_withdrawn()
        check_reason(reason, "更正", "a correction")
        quantity = check_quantity(self.indicator, Decimal(quantity))
        if quantity == self.quantity:
            raise InvalidInput("更正后的数量与原数量相同", "the corrected quantity equals the recorded one")
        self.trigger_event(
            self.Corrected, previous_quantity=self.quantity, quantity=quantity, reason=reason.strip(), **stamp(act)
        )

    def withdraw(self, reason: str, act: Act) -> None:
        self.check_not_withdrawn()
        check_reason(reason, "撤销", "withdrawing a record")
        self.trigger_event(self.Withdrawn, reason=reason.strip(), **stamp(act))

    def check_not_withdrawn(self) -> None:
        if self.withdrawn:
            raise StageNotAllowed("该记录已撤销", "the record has been withdrawn")


class ToiletSurvey(Aggregate):
    """A village's toilet survey (厕所革命摸底): households, renovated and pending; the latest counts."""

    class Surveyed(RecordedFact, Aggregate.Created):
        village_id: uuid.UUID
        households: int
        renovated: int
        pending: int

        def apply(self, aggregate: ToiletSurvey) -> None:
            aggregate._take(self)

    class Resurveyed(RecordedFact):
        households: int
        renovated: int
        pending: int
        reason: str

        def apply(self, aggregate: ToiletSurvey) -> None:
            aggregate._take(self)

    @staticmethod
    def id_for(village_id: uuid.UUID) -> uuid.UUID:
        return uuid.uuid5(village_id, "toilet-survey")

    @classmethod
    def survey(cls, village_id: uuid.UUID, households: int, renovated: int, pending: int, act: Act) -> ToiletSurvey:
        check_survey(households, renovated, pending)
        return cls._create(
            cls.Surveyed,
            id=cls.id_for(village_id),
            village_id=village_id,
            households=households,
            renovated=renovated,
            pending=pending,
            **stamp(act),
        )

    def resurvey(self, households: int, renovated: int, pending: int, reason: str, act: Act) -> None:
        check_survey(households, renovated, pending)
        check_reason(reason, "重新摸底", "a resurvey")
        self.trigger_event(
            self.Resurveyed, households=households, renovated=renovated, pending=pending, reason=reason, **stamp(act)
        )

    def _take(self, event: Surveyed | Resurveyed) -> None:
        if isinstance(event, ToiletSurvey.Surveyed):
            self.village_id = event.village_id
        self.households = event.households
        self.renovated = event.renovated
        self.pending = event.pending


def check_survey(households: int, renovated: int, pending: int) -> None:
    if min(households, renovated, pending) < 0:
        raise InvalidInput("户数不能为负数", "household counts may not be negative")
    if renovated + pending != households:
        raise InvalidInput(
            f"已改 {renovated} 户加待改 {pending} 户应等于农户总数 {households} 户",
            f"renovated {renovated} + pending {pending} must equal households {households}",
        )


class SewageStation(Aggregate):
    """A sewage treatment station (污水处理站) with its named custodian (明确到人) and care posts."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        village_id: uuid.UUID
        name: str
        custodian_id: uuid.UUID
        care_posts: int

    class Built(RecordedFact, Aggregate.Created):
        village_id: uuid.UUID
        name: str
        custodian_id: uuid.UUID
        care_posts: int

        def apply(self, aggregate: SewageStation) -> None:
            aggregate.village_id = self.village_id
            aggregate.name = self.name
            aggregate.custodian_id = self.custodian_id
            aggregate.care_posts = self.care_posts

    class CustodianChanged(RecordedFact):
        custodian_id: uuid.UUID
        reason: str

        def apply(self, aggregate: SewageStation) -> None:
            aggregate.custodian_id = self.custodian_id

    class CarePostsChanged(RecordedFact):
        care_posts: int
        reason: str

        def apply(self, aggregate: SewageStation) -> None:
            aggregate.care_posts = self.care_posts

    @classmethod
    def build(
        cls,
        village_id: uuid.UUID,
        name: str,
        custodian_id: uuid.UUID,
        care_posts: int,
        act: Act,
        station_id: uuid.UUID | None = None,
    ) -> SewageStation:
        if not name.strip():
            raise InvalidInput("请填写污水处理站名称", "name the sewage station")
        if care_posts < 0:
            raise InvalidInput("管护岗数量不能为负数", "care posts may not be negative")
        return cls._create(
            cls.Built,
            id=station_id or uuid.uuid4(),
            village_id=village_id,
            name=name.strip(),
            custodian_id=custodian_id,
            care_posts=care_posts,
            **stamp(act),
        )

    def change_custodian(self, custodian_id: uuid.UUID, reason: str, act: Act) -> None:
        check_reason(reason, "更换管护人", "changing the custodian")
        if custodian_id == self.custodian_id:
            raise InvalidInput("新管护人与原管护人相同", "the new custodian is the current one")
        self.trigger_event(self.CustodianChanged, custodian_id=custodian_id, reason=reason.strip(), **stamp(act))

    def change_care_posts(self, care_posts: int, reason: str, act: Act) -> None:
        check_reason(reason, "调整管护岗", "changing care posts")
        if care_posts < 0:
            raise InvalidInput("管护岗数量不能为负数", "care posts may not be negative")
        self.trigger_event(self.CarePostsChanged, care_posts=care_posts, reason=reason.strip(), **stamp(act))
