"""People and the roles they hold in units, each for a stated span of dates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.errors import InvalidInput, NotFound, RoleNotHeld
from domain.vocabulary import ROLE_LABELS, ROLE_UNIT_KINDS, Role, UnitKind


@dataclass(frozen=True)
class RoleAssignment:
    """A role held from ``start`` to ``end`` inclusive (``end`` None while it lasts)."""

    number: int
    role: Role
    unit_kind: UnitKind
    unit_id: uuid.UUID
    start: date
    end: date | None = None
    area: str = ""

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Person(Aggregate):
    """Someone who holds roles: a clerk, a cadre, a cleaner, a river chief, an inspector."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        name: str
        phone: str
        assignments: list[RoleAssignment]

    class Enrolled(RecordedFact, Aggregate.Created):
        name: str
        phone: str

        def apply(self, aggregate: Person) -> None:
            aggregate.name = self.name
            aggregate.phone = self.phone
            aggregate.assignments = []

    class RoleTaken(RecordedFact):
        number: int
        role: str
        unit_kind: str
        unit_id: uuid.UUID
        start: date
        area: str

        def apply(self, aggregate: Person) -> None:
            aggregate.assignments.append(
                RoleAssignment(
                    self.number, Role(self.role), UnitKind(self.unit_kind), self.unit_id, self.start, None, self.area
                )
            )

    class RoleEnded(RecordedFact):
        number: int
        end: date
        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.assignments = [
                RoleAssignment(a.number, a.role, a.unit_kind, a.unit_id, a.start, self.end, a.area)
                if a.number == self.number
                else a
                for a in aggregate.assignments
            ]


    @classmethod
    def enrol(cls, name: str, phone: str, act: Act, person_id: uuid.UUID | None = None) -> Person:
        name = name.strip()
        if not name:
            raise InvalidInput("姓名不能为空", "the name may not be empty")
        if len(name) > 40:
            raise InvalidInput("姓名过长（最多 40 字）", "the name is too long (max 40)")
        return cls._create(
            cls.Enrolled, id=person_id or uuid.uuid4(), name=name, phone=phone.strip(), **stamp(act)
        )

    def take_role(
        self, role: Role, unit_kind: UnitKind, unit_id: uuid.UUID, start: date, act: Act, area: str = ""
    ) -> int:
        if unit_kind not in ROLE_UNIT_KINDS[role]:
            allowed = "、".join(sorted(ROLE_UNIT_KINDS[role]))
            raise InvalidInput(
                f"{ROLE_LABELS[role]}不能在“{unit_kind}”类单位任职（可选：{allowed}）",
                f"a {role} is held in a unit of kind {allowed}, not {unit_kind}",
            )
        overlapping = [
            a for a in self.assignments
            if a.role == role and a.unit_id == unit_id and (a.end is None or a.end >= start)
        ]
        if overlapping:
            raise InvalidInput(
                f"{self.name} 已在该单位担任{ROLE_LABELS[role]}（第 {overlapping[0].number} 项任职），请先结束原任职",
                f"{self.name} already holds {role} in that unit (assignment {overlapping[0].number}); end it first",
            )
        number = len(self.assignments) + 1
        self.trigger_event(
            self.RoleTaken,
            number=number,
            role=role.value,
            unit_kind=unit_kind.value,
            unit_id=unit_id,
            start=start,
            area=area.strip(),
            **stamp(act),
        )
        return number

    def end_role(self, number: int, end: date, reason: str, act: Act) -> None:
        assignment = self.assignment(number)
        if assignment.end is not None:
            raise RoleNotHeld(
                f"第 {number} 项任职已于 {assignment.end.isoformat()} 结束",
                f"assignment {number} already ended on {assignment.end.isoformat()}",
            )
        if end < assignment.start:
            raise InvalidInput(
                f"结束日期 {end.isoformat()} 早于任职开始日期 {assignment.start.isoformat()}",
                f"end {end.isoformat()} is before the start {assignment.start.isoformat()}",
            )
        if not reason.strip():
            raise InvalidInput("结束任职必须说明原因", "ending a role needs a reason")
        self.trigger_event(self.RoleEnded, number=number, end=end, reason=reason, **stamp(act))

    def assignment(self, number: int) -> RoleAssignment:
        for a in self.assignments:
            if a.number == number:
                return a
        raise NotFound(f"{self.name} 没有第 {number} 项任职", f"{self.name} has no assignment {number}")

    def check_has_held(self, roles: frozenset[Role], needed_for: str) -> None:
        """Refuse, naming the roles, when this person was never recorded in any of ``roles``."""
        if any(a.role in roles for a in self.assignments):
            return
        wanted = "、".join(ROLE_LABELS[r] for r in sorted(roles))
        raise RoleNotHeld(
            f"{self.name} 没有担任过{wanted}的记录，不能作为{needed_for}的本人；请先登记其任职或核对是否选错了人",
            f"{self.name} has never held {', '.join(sorted(roles))}: record the role first, or check it is the right "
            "person",
        )

    def roles_on(self, day: date) -> list[RoleAssignment]:
        """What this person was on ``day``."""
        return [a for a in self.assignments if a.holds_on(day)]
