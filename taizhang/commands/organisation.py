"""Commands on the township, its villages, and the people who hold roles in them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from domain.errors import AlreadyExists, NotFound
from domain.organisation import Township, Village
from domain.people import Person
from domain.vocabulary import Role, UnitKind
from taizhang.commands.base import Commands, Outcome, stored_uuid
from taizhang.commands.known_villages import KnownVillage, KnownVillages


class OrganisationCommands(Commands):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.known_villages = KnownVillages()
        super().__init__(*args, **kwargs)

    def village_on_record(self, village_id: uuid.UUID, needing_group: uuid.UUID | None = None) -> KnownVillage:
        """The village, from memory when it was read before (and had ``needing_group``), else read now."""
        known = self.known_villages.get(village_id, needing_group)
        if known is None:
            known = self.known_villages.remember(self.get(Village, village_id, "村"))
        return known

    def township(self) -> Township:
        mark = self.store_mark()
        if mark is None:
            raise NotFound(
                "数据库尚未初始化：请先运行 taizhang init", "the store is not initialised: run taizhang init"
            )
        return self.get(Township, Township.id_for(mark.township_code), "乡镇")

    def register_village(self, name: str, code: str, actor: str, occurred_at: datetime | None = None) -> Outcome:
        township = self.township()
        village = Village.register(township.id, name, code, self.act(actor, occurred_at))
        self.check_village_code_free(village)
        return self.record(village)

    def check_village_code_free(self, village: Village) -> None:
        """A village's id follows from its code, so a reused code is named here rather than as a conflict."""
        try:
            existing: Village = self.repository.get(village.id)
        except AggregateNotFoundError:
            return
        raise AlreadyExists(
            f"村编码 {village.code} 已被“{existing.name}”使用，请换一个编码",
            f"village code {village.code} is already used by {existing.name}",
        )

    def villages(self) -> list[Village]:
        """Every village on record, in the order registered (a handful per township: read directly)."""
        topic = "domain.organisation:Village.Registered"
        registered = self.recorder.select_notifications(start=None, limit=10_000, topics=[topic])
        return [self.get(Village, stored_uuid(n.originator_id), "村") for n in registered]

    def add_group(
        self, village_id: uuid.UUID, name: str, actor: str, expected_version: int | None = None
    ) -> tuple[Outcome, uuid.UUID]:
        with self.changing(Village, village_id, "村", expected_version) as village:
            group_id = village.add_group(name, self.act(actor))
        return self.record(village), group_id

    def rename_village(
        self, village_id: uuid.UUID, name: str, reason: str, actor: str, expected_version: int | None = None
    ) -> Outcome:
        """A village renamed (merged villages, a new official name): the record keeps the old name and why."""
        with self.changing(Village, village_id, "村", expected_version) as village:
            village.rename(name, reason, self.act(actor))
        return self.record(village)

    def enrol_person(self, name: str, phone: str, actor: str) -> Outcome:
        return self.record(Person.enrol(name, phone, self.act(actor)))

    def take_role(
        self,
        person_id: uuid.UUID,
        role: Role,
        unit_kind: UnitKind,
        unit_id: uuid.UUID,
        start: date,
        actor: str,
        area: str = "",
        expected_version: int | None = None,
    ) -> tuple[Outcome, int]:
        self.check_unit_exists(unit_kind, unit_id)
        with self.changing(Person, person_id, "人员", expected_version) as person:
            number = person.take_role(role, unit_kind, unit_id, start, self.act(actor), area)
        return self.record(person), number

    def end_role(
        self,
        person_id: uuid.UUID,
        number: int,
        end: date,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(Person, person_id, "人员", expected_version) as person:
            person.end_role(number, end, reason, self.act(actor))
        return self.record(person)

    def cleaners_villages(self, person_ids: Iterable[uuid.UUID], on: date) -> dict[uuid.UUID, str]:
        """The village each cleaner worked in on ``on`` (a post in it or one of its groups; one who had left by
        then, their last), by name: a bonus line follows a cleaner's rating, which names no village."""
        places: dict[uuid.UUID, str] = {}
        for village in self.villages():
            places[village.id] = village.name
            places.update(dict.fromkeys(village.groups, village.name))
        found = {}
        for person_id in set(person_ids):
            person = self.get(Person, person_id, "人员")
            posts = person.roles_on(on) or person.assignments
            villages = [places[p.unit_id] for p in posts if p.role == Role.CLEANER and p.unit_id in places]
            found[person_id] = "、".join(dict.fromkeys(villages))
        return found

    def check_unit_exists(self, unit_kind: UnitKind, unit_id: uuid.UUID) -> None:
        """A role's unit must be on record; groups, reaches and facilities are checked by their owners."""
        if unit_kind == UnitKind.VILLAGE:
            self.get(Village, unit_id, "村")
        elif unit_kind == UnitKind.TOWNSHIP:
            self.get(Township, unit_id, "乡镇")
