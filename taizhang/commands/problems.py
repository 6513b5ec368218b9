"""Commands along a problem's lifecycle: register, assign, extend, rectify, verify, close, reopen, void."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from domain.acts import Evidence, PhotoMarks, Resources
from domain.errors import CalendarYearUnknown, InvalidInput
from domain.problem import Deadline, Location, Problem
from domain.vocabulary import Category, Source, UnitKind, VoidKind
from taizhang.commands.base import Outcome
from taizhang.commands.calendar import CalendarCommands


@dataclass(frozen=True)
class DeadlineRequest:
    """A deadline as a date, or as a number of working days from the day the step occurred."""

    due: date | None = None
    working_days: int | None = None

    def __post_init__(self) -> None:
        if (self.due is None) == (self.working_days is None):
            raise InvalidInput(
                "期限请二选一：给出截止日期，或给出工作日数",
                "give the deadline either as a date or as a number of working days, not both or neither",
            )


class PhotoMarksReader(Protocol):
    """The evidence store as the commands read it: a stored photo's marks, by its sha256."""

    def photo_marks(self, sha256: str) -> PhotoMarks | None: ...


class ProblemCommands(CalendarCommands):
    # Where the photos a problem cites are stored; None where the record keeps no files (the demo's own).
    photos: PhotoMarksReader | None = None

    def marked(self, evidence: list[Evidence]) -> list[Evidence]:
        """Each cited photo with the marks the evidence store read from it, whichever way in it was cited; a
        reference already marked (the demo's simulated photos) or of no stored photo stays as given."""
        if self.photos is None:
            return list(evidence)
        photos = self.photos
        return [e if e.photo is not None else replace(e, photo=photos.photo_marks(e.sha256)) for e in evidence]

    def register_problem(
        self,
        source: Source,
        category: Category,
        village_id: uuid.UUID,
        place: str,
        description: str,
        actor: str,
        occurred_at: datetime | None = None,
        evidence: list[Evidence] | None = None,
        group_id: uuid.UUID | None = None,
        location: Location | None = None,
    ) -> Outcome:
        village = self.village_on_record(village_id, needing_group=group_id)
        if group_id is not None and group_id not in village.groups:
            raise InvalidInput(f"{village.name} 没有该村民小组", f"village {village.code} has no group {group_id}")
        problem = Problem.register(
            source, category, village.id, place, description, self.marked(evidence or []), self.act(actor, occurred_at),
            group_id,
            location=location,
        )
        return self.record(problem)

    def assign_problem(
        self,
        problem_id: uuid.UUID,
        deadline: DeadlineRequest,
        actor: str,
        occurred_at: datetime | None = None,
        unit_kind: UnitKind = UnitKind.VILLAGE,
        unit_id: uuid.UUID | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(Problem, problem_id, "问题", expected_version) as problem:
            act = self.act(actor, occurred_at)
            unit_id = unit_id or problem.village_id
            self.check_responsible_unit(problem, unit_kind, unit_id)
            problem.assign(unit_kind, unit_id, self.resolve_deadline(deadline, act.occurred_at), act, note)
        return self.record(problem)

    def extend_deadline(
        self,
        problem_id: uuid.UUID,
        deadline: DeadlineRequest,
        reason: str,
        approver: str,
        actor: str,
        occurred_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(Problem, problem_id, "问题", expected_version) as problem:
            act = self.act(actor, occurred_at)
            problem.extend_deadline(self.resolve_deadline(deadline, act.occurred_at), reason, approver, act)
        return self.record(problem)

    def report_rectification(
        self,
        problem_id: uuid.UUID,
        description: str,
        evidence: list[Evidence],
        resources: Resources,
        actor: str,
        occurred_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(Problem, problem_id, "问题", expected_version) as problem:
            problem.report_rectification(description, self.marked(evidence), resources, self.act(actor, occurred_at))
        return self.record(problem)

    def pass_verification(
        self,
        problem_id: uuid.UUID,
        actor: str,
        occurred_at: datetime | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(Problem, problem_id, "问题", expected_version) as problem:
            problem.pass_verification(self.act(actor, occurred_at), note)
        return self.record(problem)

    def send_back(
        self,
        problem_id: uuid.UUID,
        reason: str,
        actor: str,
        occurred_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(Problem, problem_id, "问题", expected_version) as problem:
            problem.send_back(reason, self.act(actor, occurred_at))
        return self.record(problem)

    def close_problem(
        self,
        problem_id: uuid.UUID,
        actor: str,
        occurred_at: datetime | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(Problem, problem_id, "问题", expected_version) as problem:
            problem.close(self.act(actor, occurred_at), note)
        return self.record(problem)

    def reopen_problem(
        self,
        problem_id: uuid.UUID,
        reason: str,
        deadline: DeadlineRequest,
        actor: str,
        occurred_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(Problem, problem_id, "问题", expected_version) as problem:
            act = self.act(actor, occurred_at)
            problem.reopen(reason, self.resolve_deadline(deadline, act.occurred_at), act)
        return self.record(problem)

    def void_problem(
        self,
        problem_id: uuid.UUID,
        kind: VoidKind,
        reason: str,
        actor: str,
        original_id: uuid.UUID | None = None,
        occurred_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        if original_id is not None:
            self.get(Problem, original_id, "原问题")
        with self.changing(Problem, problem_id, "问题", expected_version) as problem:
            problem.void(kind, reason, self.act(actor, occurred_at), original_id)
        return self.record(problem)

    def problem(self, problem_id: uuid.UUID) -> Problem:
        return self.get(Problem, problem_id, "问题")

    def check_responsible_unit(self, problem: Problem, unit_kind: UnitKind, unit_id: uuid.UUID) -> None:
        if unit_kind == UnitKind.VILLAGE:
            self.village_on_record(unit_id)
        elif unit_kind == UnitKind.GROUP:
            village = self.village_on_record(problem.village_id, needing_group=unit_id)
            if unit_id not in village.groups:
                raise InvalidInput("交办的村民小组不属于问题所在村", "the group is not in the problem's village")
        else:
            raise InvalidInput("问题只能交办给村或村民小组", "a problem is assigned to a village or a group")

    def resolve_deadline(self, request: DeadlineRequest, occurred_at: datetime) -> Deadline:
        start = occurred_at.astimezone(self.local_zone).date()
        if request.due is not None:
            return Deadline(request.due)
        assert request.working_days is not None
        if request.working_days > 250:
            raise InvalidInput("工作日数最多 250", "at most 250 working days")
        return Deadline(self.add_working_days(start, request.working_days), request.working_days)

    def add_working_days(self, start: date, working_days: int) -> date:
        """Read the holiday notices of only the years the count walks through (usually just this one).

        The walk in a year depends only on that year's calendar, so a result inside the years read is
        final; one that lands (or fails) in a later year is walked again with that year read too.
        """
        last = start.year
        for _ in range(working_days // 100 + 3):  # 250 working days span at most two more years
            calendar = self.working_calendar(start.year, last)
            try:
                due = calendar.add_working_days(start, working_days)
            except CalendarYearUnknown as unknown:
                year = unknown.details["year"]
                assert isinstance(year, int)  # the calendar names the year it lacks (domain/calendar.py)
                if year <= last:
                    raise
                last = year
                continue
            if due.year <= last:
                return due
            last = due.year
        raise AssertionError("a working-day count kept reaching into later years")
