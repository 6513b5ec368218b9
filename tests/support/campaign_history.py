"""The rest of a township's days beside its problems: patrols scored by the rules, toilet surveys, work records.

``HistoryMaker(..., campaign=True)`` adds these to each simulated day, so that the assessment read
model (rankings, ratings) and the summary's survey and work figures have realistic history to answer
from: each village is patrolled on about one day in four (0–3 findings), about one village in fifty
has its toilets surveyed again on a given day, and a few work records are kept a day. Every village
has a cleaner, and one inspector does the patrols, under rules adopted before the first day.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from domain.acts import Act, Evidence
from domain.assessment.patrol import DailyPatrol, Finding
from domain.assessment.rules import RankingBand
from domain.organisation import Village
from domain.vocabulary import Role, UnitKind
from domain.work import ToiletSurvey, WorkRecord
from taizhang.application import Taizhang
from taizhang.demo.rulebook import RULES_2023

PHOTO = Evidence("d" * 64, "patrol.jpg", "image/jpeg")
WORK_INDICATORS = ("five_piles_households", "river_patrols", "sanitary_toilets_built", "river_signboards_updated")

# The demo township's 2023 rules with wider bands, so a bench township of many villages ranks in three.
BENCH_RULES = replace(
    RULES_2023,
    version_id="bench-2023",
    title="基准测试考核办法",
    bands=(
        RankingBand("先进", 1, 3, Decimal("1.2"), Decimal(10)),
        RankingBand("达标", 4, None, Decimal("1.0"), Decimal(8)),
    ),
)


class CampaignDays:
    def __init__(self, app: Taizhang, rng: random.Random, villages: list[Village], survey_chance: float) -> None:
        self.app = app
        self.survey_chance = survey_chance
        self.rng = rng
        self.villages = villages
        self.inspector = uuid.UUID(int=0)
        self.cleaners: dict[uuid.UUID, uuid.UUID] = {}
        self.surveys: dict[uuid.UUID, ToiletSurvey] = {}

    def set_up(self) -> int:
        """Rules, an inspector and a cleaner per village, through the application's own commands."""
        outcomes = [self.app.adopt_rules(BENCH_RULES, "bench")]
        inspector = self.app.enrol_person("巡查员-周", "13900000000", "bench")
        self.inspector = inspector.id
        outcomes.append(inspector)
        for n, village in enumerate(self.villages):
            cleaner = self.app.enrol_person(f"保洁员-{n + 1}", f"1390000{n:04d}", "bench")
            role, _ = self.app.take_role(
                cleaner.id, Role.CLEANER, UnitKind.VILLAGE, village.id, date(2023, 1, 1), "bench"
            )
            self.cleaners[village.id] = cleaner.id
            outcomes += [cleaner, role]
        return len(outcomes)

    def day(self, act: Callable[[str], Act]) -> list[object]:
        """The aggregates changed today; ``act(actor)`` makes each change's act, moving the clock on."""
        changed: list[object] = []
        for village in self.villages:
            if self.rng.random() < 0.25:
                changed.append(self._patrol(village, act("巡查员-周")))
            if self.rng.random() < self.survey_chance:
                changed.append(self._survey(village, act("镇环境办-王")))
        for _ in range(self.rng.randint(1, 4)):
            village = self.rng.choice(self.villages)
            quantity = Decimal(self.rng.randint(1, 30))
            indicator = self.rng.choice(WORK_INDICATORS)
            changed.append(WorkRecord.record(indicator, quantity, village.id, "村内", "", [], act("镇环境办-赵")))
        return changed

    def _patrol(self, village: Village, act: Act) -> DailyPatrol:
        findings = [
            Finding(item, self.rng.randint(1, 3), (PHOTO,))
            for item in ("litter", "piles", "bins")
            if self.rng.random() < 0.3
        ]
        day = act.occurred_at.date()
        return DailyPatrol.record(day, village.id, self.inspector, findings, BENCH_RULES, act,
                                  cleaner_id=self.cleaners[village.id])

    def _survey(self, village: Village, act: Act) -> ToiletSurvey:
        households = self.rng.randint(150, 600)
        renovated = self.rng.randint(0, households)
        survey = self.surveys.get(village.id)
        if survey is None:
            survey = ToiletSurvey.survey(village.id, households, renovated, households - renovated, act)
            self.surveys[village.id] = survey
        else:
            survey.resurvey(households, renovated, households - renovated, "季度复查", act)
        return survey
