"""One problem's history, told step by step with both of its times.

A step normally is recorded a little after it happened; a late entry is recorded weeks after. The
office acts on what it knows, so each step happens after the previous one was recorded.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from domain.calendar import WorkingCalendar
from domain.local_time import CHINA
from taizhang.demo.plan import (
    AssignProblem,
    CloseProblem,
    ExtendDeadline,
    Happening,
    PassVerification,
    RegisterProblem,
    ReopenProblem,
    ReportRectification,
    SendBack,
    Spent,
    VoidProblem,
)


def at_work(day: date, rng: random.Random) -> datetime:
    """A moment of the working day (08:30–17:30, Beijing time)."""
    return datetime.combine(day, time(8, 30), CHINA) + timedelta(minutes=rng.randrange(0, 540))


@dataclass
class Story:
    rng: random.Random
    calendar: WorkingCalendar
    problem_id: uuid.UUID
    steps: list[Happening] = field(default_factory=list)
    deadline: date | None = None

    @property
    def last(self) -> Happening:
        return self.steps[-1]

    def record(self, occurred_at: datetime, actor: str, what: object, late_by: timedelta | None = None) -> Happening:
        if self.steps:
            occurred_at = max(occurred_at, self.last.recorded_at + timedelta(minutes=5))
        lag = late_by if late_by is not None else timedelta(minutes=self.rng.randrange(8, 150))
        happening = Happening(occurred_at + lag, occurred_at, actor, what)
        self.steps.append(happening)
        return happening

    def next_working_moment(self, after_days: int) -> datetime:
        """The office's next step, ``after_days`` working days after it learnt of the last one."""
        start = self.last.recorded_at.astimezone(CHINA).date()
        day = self.calendar.add_working_days(start, after_days) if after_days else start
        moment = at_work(day, self.rng)
        return max(moment, self.last.recorded_at + timedelta(minutes=20))

    # --- the steps ----------------------------------------------------------------------------

    def register(self, occurred_at: datetime, actor: str, what: RegisterProblem, late_by: timedelta | None) -> None:
        self.record(occurred_at, actor, what, late_by)

    def assign(self, actor: str, working_days: int) -> None:
        happening = self.record(self.next_working_moment(self.rng.choice([0, 1])), actor,
                                AssignProblem(self.problem_id, working_days))
        self.deadline = self.calendar.add_working_days(happening.occurred_at.astimezone(CHINA).date(), working_days)

    def extend(self, actor: str, approver: str, reason: str, working_days: int) -> None:
        assert self.deadline is not None
        day = max(
            self.deadline - timedelta(days=self.rng.randint(1, 3)), self.last.recorded_at.astimezone(CHINA).date()
        )
        happening = self.record(at_work(day, self.rng), actor,
                                ExtendDeadline(self.problem_id, working_days, reason, approver))
        extended = self.calendar.add_working_days(happening.occurred_at.astimezone(CHINA).date(), working_days)
        if extended <= self.deadline:
            self.steps.pop()
            return
        self.deadline = extended

    def report(self, actor: str, description: str, spent: Spent, on_time: bool, late_entry: bool = False) -> None:
        assert self.deadline is not None
        start = self.last.recorded_at.astimezone(CHINA).date()
        if on_time:
            window = max((self.deadline - start).days - 1, 0)
            day = start + timedelta(days=round(window * self.rng.uniform(0.3, 0.8)))
        else:
            day = self.deadline + timedelta(days=self.rng.randint(2, 9))
        late_by = timedelta(days=self.rng.randint(10, 24), hours=self.rng.randint(1, 5)) if late_entry else None
        self.record(at_work(day, self.rng), actor,
                    ReportRectification(self.problem_id, description, self.rng.randint(1, 4), spent), late_by)

    def send_back(self, actor: str, reason: str) -> None:
        self.record(self.next_working_moment(1), actor, SendBack(self.problem_id, reason))

    def pass_and_close(self, verifier: str, closer: str) -> None:
        self.record(
            self.next_working_moment(self.rng.choice([0, 1, 1, 2])),
            verifier,
            PassVerification(self.problem_id, self.rng.choice(["现场核查，整改到位", "照片核实，已整改", "复核通过"])),
        )
        self.record(self.last.occurred_at + timedelta(minutes=self.rng.randrange(30, 240)), closer,
                    CloseProblem(self.problem_id))

    def reopen(self, actor: str, reason: str, working_days: int) -> None:
        day = self.last.recorded_at.astimezone(CHINA).date() + timedelta(days=self.rng.randint(18, 40))
        happening = self.record(at_work(day, self.rng), actor, ReopenProblem(self.problem_id, reason, working_days))
        self.deadline = self.calendar.add_working_days(happening.occurred_at.astimezone(CHINA).date(), working_days)

    def void(self, actor: str, what: VoidProblem) -> None:
        self.record(self.next_working_moment(self.rng.choice([0, 1, 3, 12])), actor, what)

    def until(self, year_end: datetime) -> list[Happening]:
        """The steps recorded by the end of the year; the rest of the story has not happened yet."""
        kept: list[Happening] = []
        for step in self.steps:
            if step.recorded_at > year_end:
                break
            kept.append(step)
        return kept
