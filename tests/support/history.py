"""A realistic, reproducible history: villages, problems through their lifecycle, late entries, corrections.

Aggregates are changed through their own methods (so every event is one the domain would accept) and
saved a simulated day at a time in one batched save, which is how a large history is made quickly.

Like a real township, the office works its open problems every day: each open problem moves on with
a fixed chance a day, so problems get closed and the backlog of open problems stays roughly stable
(a few hundred) however long the history runs — about 100 000 events a simulated year.

With ``campaign=True`` each day also has its patrols, toilet surveys and work records
(``tests/support/campaign_history.py``), for the rankings and the summary's other figures.
"""

from __future__ import annotations

import hashlib
import random
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from domain.acts import Act, Evidence, Resources
from domain.organisation import Township, Village
from domain.problem import Deadline, Problem
from domain.vocabulary import Category, Source, Stage, UnitKind, VoidKind
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_read_store
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.support.campaign_history import CampaignDays


def photo(n: int) -> Evidence:
    """The n-th photo taken: each problem's photos are its own, as a township's are (one digest cited by every
    problem would make one red flag of the whole record)."""
    return Evidence(hashlib.sha256(f"photo-{n}".encode()).hexdigest(), f"photo-{n}.jpg", "image/jpeg")
CLERKS = ["镇环境办-李", "镇环境办-王", "镇环境办-赵"]


class HistoryMaker:
    def __init__(
        self, app: Taizhang, seed: int, start: datetime | None = None, villages: int = 24, campaign: bool = False
    ) -> None:
        self.app = app
        self.rng = random.Random(seed)
        self.now = start or datetime(2023, 1, 3, 1, tzinfo=UTC)
        self.village_count = villages
        self.villages: list[Village] = []
        self.open: list[Problem] = []
        self.closed: list[Problem] = []
        self.events = 0
        self.photos_taken = 0
        self.daily_progress = 0.45
        self.campaign: CampaignDays | None = None
        self.with_campaign = campaign
        self.survey_chance = 0.02  # a village's toilets surveyed again on a given day

    def act(self, actor: str, occurred: datetime | None = None) -> Act:
        self.now += timedelta(microseconds=self.rng.randint(1, 5_000_000))
        return Act(actor, self.now, min(occurred or self.now, self.now))

    def make(self, events: int) -> int:
        """Record at least ``events`` events (or add to an existing history); returns events recorded."""
        if not self.villages:
            self._villages()
        target = self.events + events
        while self.events < target:
            self._one_day()
        return self.events

    def _save(self, *aggregates: object) -> None:
        recordings = self.app.save(*aggregates)  # type: ignore[arg-type]
        self.events += len(recordings)

    def _villages(self) -> None:
        mark = self.app.store_mark()
        township_id = Township.id_for(mark.township_code) if mark else Township.id_for("demo")
        for n in range(self.village_count):
            village = Village.register(township_id, f"第{n + 1}村", f"v{n + 1:02d}", self.act("admin"))
            for g in range(self.rng.randint(3, 8)):
                village.add_group(f"{g + 1}组", self.act("admin"))
            self.villages.append(village)
        self._save(*self.villages)
        if self.with_campaign:
            self.campaign = CampaignDays(self.app, self.rng, self.villages, self.survey_chance)
            self.events += self.campaign.set_up()

    def _one_day(self) -> None:
        day_start = self.now.replace(hour=1, minute=0, second=0, microsecond=0) + timedelta(days=1)
        self.now = max(self.now, day_start)
        changed: dict[object, Problem] = {}
        for problem in self.open:
            if self.rng.random() < self.daily_progress and self._step(problem):
                changed[problem.id] = problem
        if len(self.closed) > 5000:
            del self.closed[:1000]  # only recently closed problems are found to have come back
        if self.closed and self.rng.random() < 0.3:
            problem = self.closed.pop(self.rng.randrange(len(self.closed)))
            if problem.id not in changed:
                occurred = max(problem.last_occurred_at, self.now)
                problem.reopen(
                    "复查发现反弹", Deadline(occurred.date() + timedelta(days=5)), self.act("镇环境办-李", occurred)
                )
                changed[problem.id] = problem
                self.open.append(problem)
        new = [self._register() for _ in range(self.rng.randint(25, 65))]
        changed.update((p.id, p) for p in new)
        self.open = [p for p in self.open + new if p.stage not in (Stage.CLOSED, Stage.VOIDED)]
        others = self.campaign.day(self.act) if self.campaign is not None else []
        self._save(*changed.values(), *others)

    def _photo(self) -> Evidence:
        self.photos_taken += 1
        return photo(self.photos_taken)

    def _register(self) -> Problem:
        late = self.rng.random() < 0.05  # a late entry: found weeks ago, recorded today
        back = timedelta(days=self.rng.randint(10, 60)) if late else timedelta(hours=self.rng.randint(0, 30))
        village = self.rng.choice(self.villages)
        groups = list(village.groups)
        problem = Problem.register(
            self.rng.choice(list(Source)), self.rng.choice(list(Category)), village.id, "村道旁",
            "发现垃圾堆放", [self._photo()], self.act(self.rng.choice(CLERKS), self.now - back),
            group_id=self.rng.choice(groups) if groups and self.rng.random() < 0.6 else None,
        )
        return problem

    def _step(self, p: Problem) -> bool:
        r = self.rng.random()
        clerk = self.rng.choice(CLERKS)
        occurred = max(p.last_occurred_at, self.now - timedelta(hours=self.rng.randint(0, 20)))
        if r < 0.01:
            p.void(VoidKind.MISTAKE, "登记有误", self.act(clerk, occurred))
        elif p.stage == Stage.REGISTERED:
            due = occurred.date() + timedelta(days=self.rng.choice([3, 5, 7, 10, 15]))
            p.assign(UnitKind.VILLAGE, p.village_id, Deadline(due), self.act(clerk, occurred))
        elif p.stage in (Stage.ASSIGNED, Stage.REOPENED):
            if r < 0.1 and p.deadline is not None:
                p.extend_deadline(
                    Deadline(p.deadline.due + timedelta(days=7)), "天气原因", "分管领导", self.act(clerk, occurred)
                )
            else:
                used = Resources(
                    self.rng.randint(1, 20), self.rng.randint(0, 3), Decimal(self.rng.randint(0, 5000)) / 1000
                )
                cadre = f"村干部-{p.village_id.hex[:4]}"
                p.report_rectification("已整改", [self._photo()], used, self.act(cadre, occurred))
        elif p.stage == Stage.RECTIFICATION_REPORTED:
            if r < 0.15:
                p.send_back("整改不彻底", self.act(clerk, occurred))
            else:
                p.pass_verification(self.act(clerk, occurred))
        elif p.stage == Stage.VERIFIED:
            p.close(self.act(clerk, occurred))
            if self.rng.random() < 0.03:
                self.closed.append(p)
        else:
            return False
        return True


def campaign_township(stack: ExitStack, settings: Settings) -> tuple[Taizhang, Projector, HistoryMaker]:
    """A simulated township store with its read models set up and a maker of campaign history, closed with ``stack``."""
    app = build_app(settings, SimulatedClock(datetime(2023, 1, 2, tzinfo=UTC)))
    app.init_store("simulation", "示例镇", "demo", "bench")
    stack.callback(app.close)
    store = build_read_store(settings)
    stack.callback(store.close)
    projector = Projector(app, store)
    projector.setup()
    return app, projector, HistoryMaker(app, seed=1, campaign=True)
