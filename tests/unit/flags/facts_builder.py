"""Facts for the red-flag rules, written as a township's days rather than as rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.flags.facts import Fact, FlagFacts
from domain.local_time import CHINA

START = datetime(2023, 3, 1, 9, 0, tzinfo=CHINA)


@dataclass
class Log:
    facts: list[Fact] = field(default_factory=list)

    def add(self, kind: str, subject: str, actor: str, at: float, late_days: float = 0.02,
            village: str | None = None, **detail: Any) -> Fact:
        occurred = START + timedelta(days=at)
        fact = Fact(len(self.facts) + 1, kind, subject, actor, village, occurred,
                    occurred + timedelta(days=late_days), detail)
        self.facts.append(fact)
        return fact

    def problem(self, pid: str, village: str, day: float, registrar: str = "office", source: str = "aerial_photo",
                photos: tuple[str, ...] = ()) -> None:
        self.add("Problem.Registered", pid, registrar, day, village=village, source=source, evidence=list(photos))
        self.add("Problem.Assigned", pid, registrar, day + 0.1, deadline=(START + timedelta(days=day + 10)).date()
                 .isoformat())

    def rectified(self, pid: str, reporter: str, verifier: str, day: float, late_days: float = 0.02,
                  photos: tuple[str, ...] = (), passed: bool = True) -> None:
        self.add("Problem.RectificationReported", pid, reporter, day, late_days, evidence=list(photos))
        kind = "Problem.RectificationPassed" if passed else "Problem.RectificationRejected"
        self.add(kind, pid, verifier, day + late_days + 0.5)

    def as_facts(self) -> FlagFacts:
        return FlagFacts(sorted(self.facts, key=lambda f: f.position))
