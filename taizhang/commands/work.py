"""Commands recording campaign work: work records, toilet surveys and sewage stations."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from eventsourcing.application import AggregateNotFoundError

from domain.acts import Evidence
from domain.organisation import Village
from domain.people import Person
from domain.work import SewageStation, ToiletSurvey, WorkRecord
from taizhang.commands.base import Commands, Outcome


class WorkCommands(Commands):
    def import_excel_ledger(
        self, content: bytes, file_name: str, actor: str, progress: Callable[[int, int], None] | None = None
    ) -> Outcome:
        """Bring an Excel problem ledger in as late entries: every row valid, or nothing recorded."""
        from taizhang.imports.excel_ledger import ExcelLedgerImport

        return ExcelLedgerImport(self).run(content, file_name, actor, progress)

    def import_roster(self, content: bytes, file_name: str, actor: str) -> Outcome:
        """Enrol people and give them posts from an Excel roster: every row valid, or nothing recorded."""
        from taizhang.imports.roster import RosterImport

        return RosterImport(self).run(content, file_name, actor)

    def record_work(
        self,
        indicator: str,
        quantity: Decimal,
        actor: str,
        village_id: uuid.UUID | None = None,
        place: str = "",
        note: str = "",
        evidence: list[Evidence] | None = None,
        occurred_at: datetime | None = None,
    ) -> Outcome:
        if village_id is not None:
            self.get(Village, village_id, "村")
        act = self.act(actor, occurred_at)
        return self.record(WorkRecord.record(indicator, quantity, village_id, place, note, evidence or [], act))

    def correct_work(
        self,
        record_id: uuid.UUID,
        quantity: Decimal,
        reason: str,
        actor: str,
        occurred_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(WorkRecord, record_id, "工作记录", expected_version) as record:
            record.correct(quantity, reason, self.act(actor, occurred_at))
        return self.record(record)

    def withdraw_work(
        self,
        record_id: uuid.UUID,
        reason: str,
        actor: str,
        occurred_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(WorkRecord, record_id, "工作记录", expected_version) as record:
            record.withdraw(reason, self.act(actor, occurred_at))
        return self.record(record)

    def survey_toilets(
        self,
        village_id: uuid.UUID,
        households: int,
        renovated: int,
        pending: int,
        actor: str,
        reason: str = "",
        occurred_at: datetime | None = None,
    ) -> Outcome:
        """Record a village's toilet survey; a later survey of the same village needs a reason."""
        self.get(Village, village_id, "村")
        act = self.act(actor, occurred_at)
        try:
            survey: ToiletSurvey = self.repository.get(ToiletSurvey.id_for(village_id))
        except AggregateNotFoundError:
            return self.record(ToiletSurvey.survey(village_id, households, renovated, pending, act))
        survey.resurvey(households, renovated, pending, reason, act)
        return self.record(survey)

    def build_sewage_station(
        self,
        village_id: uuid.UUID,
        name: str,
        custodian_id: uuid.UUID,
        care_posts: int,
        actor: str,
        occurred_at: datetime | None = None,
    ) -> Outcome:
        self.get(Village, village_id, "村")
        self.get(Person, custodian_id, "管护人")
        act = self.act(actor, occurred_at)
        return self.record(SewageStation.build(village_id, name, custodian_id, care_posts, act))

    def change_station_custodian(
        self,
        station_id: uuid.UUID,
        custodian_id: uuid.UUID,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Outcome:
        self.get(Person, custodian_id, "管护人")
        with self.changing(SewageStation, station_id, "污水处理站", expected_version) as station:
            station.change_custodian(custodian_id, reason, self.act(actor))
        return self.record(station)
