"""A year of problems from every source, each told through its lifecycle, aimed at the seed's figures."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from domain.calendar import WorkingCalendar
from domain.local_time import CHINA
from domain.vocabulary import Category as C
from domain.vocabulary import Role, Source, VoidKind
from taizhang.demo.plan import Happening, RegisterProblem, ReportRectification, VoidProblem, what_of
from taizhang.demo.resources import apportion, natural_effort
from taizhang.demo.stories import Story, at_work
from taizhang.demo.targets import TARGETS
from taizhang.demo.texts import BACK_REASONS, EXTENSION_REASONS, REOPEN_REASONS, describe, place_in, rectified
from taizhang.demo.township import LEADER, RIVER_VILLAGES, Directory

YEAR_END = datetime(2023, 12, 31, 18, 0, tzinfo=CHINA)
OFFICE = ["王芳", "陈静", "赵磊"]

DEADLINE_DAYS = {
    C.RUINED_WALLS: 15, C.ILLEGAL_BUILDING: 20, C.SCRAP_STATION: 20, C.INFORMAL_DUMP: 7, C.OLD_GARBAGE: 10,
    C.PLASTIC_LITTER: 3, C.FIVE_PILES: 5, C.GARBAGE_BURNING: 2, C.RIVER_FOUR_DISORDERS: 10, C.SEWAGE_FAULT: 5,
    C.SANITATION_DAMAGE: 5, C.FARM_POLLUTION: 10,
}


@dataclass(frozen=True)
class Batch:
    """Problems of one source found together (an aerial feedback list) or over a span (patrols)."""

    source: Source
    categories: dict[C, int]
    first: date
    last: date
    fate: str = "closes"
    late_share: float = 0.0


# Every batch's problems end closed unless its fate says otherwise. The aerial feedback lists arrive
# from the county; the June list reached the office at the end of June and was entered in July.
BATCHES = [
    Batch(
        Source.AERIAL_PHOTO,
        {C.INFORMAL_DUMP: 5, C.OLD_GARBAGE: 3, C.RUINED_WALLS: 2, C.PLASTIC_LITTER: 2},
        date(2023, 3, 15),
        date(2023, 3, 15),
    ),
    Batch(
        Source.AERIAL_PHOTO,
        {C.INFORMAL_DUMP: 5, C.OLD_GARBAGE: 3, C.RUINED_WALLS: 3, C.ILLEGAL_BUILDING: 2, C.FIVE_PILES: 1},
        date(2023, 4, 20),
        date(2023, 4, 20),
    ),
    Batch(
        Source.AERIAL_PHOTO,
        {C.INFORMAL_DUMP: 4, C.OLD_GARBAGE: 3, C.RUINED_WALLS: 2, C.PLASTIC_LITTER: 2, C.ILLEGAL_BUILDING: 1},
        date(2023, 5, 25),
        date(2023, 5, 25),
    ),
    Batch(
        Source.AERIAL_PHOTO,
        {C.INFORMAL_DUMP: 4, C.OLD_GARBAGE: 2, C.RUINED_WALLS: 2, C.FIVE_PILES: 2},
        date(2023, 6, 26),
        date(2023, 6, 26),
        late_share=0.5,
    ),
    Batch(
        Source.AERIAL_PHOTO,
        {C.INFORMAL_DUMP: 4, C.OLD_GARBAGE: 2, C.RUINED_WALLS: 2, C.ILLEGAL_BUILDING: 2, C.PLASTIC_LITTER: 2},
        date(2023, 8, 10),
        date(2023, 8, 10),
    ),
    Batch(
        Source.AERIAL_PHOTO,
        {
            C.INFORMAL_DUMP: 2,
            C.OLD_GARBAGE: 1,
            C.RUINED_WALLS: 1,
            C.ILLEGAL_BUILDING: 1,
            C.PLASTIC_LITTER: 2,
            C.FIVE_PILES: 1,
        },
        date(2023, 9, 20),
        date(2023, 9, 20),
    ),
    Batch(Source.SATELLITE, {C.INFORMAL_DUMP: 3, C.OLD_GARBAGE: 2}, date(2023, 4, 10), date(2023, 4, 10)),
    Batch(Source.SATELLITE, {C.INFORMAL_DUMP: 3, C.OLD_GARBAGE: 1}, date(2023, 9, 5), date(2023, 9, 5)),
    Batch(
        Source.COUNTY_FEEDBACK,
        {C.INFORMAL_DUMP: 3, C.PLASTIC_LITTER: 2, C.FIVE_PILES: 2},
        date(2023, 3, 28),
        date(2023, 3, 28),
    ),
    Batch(
        Source.COUNTY_FEEDBACK,
        {C.INFORMAL_DUMP: 2, C.GARBAGE_BURNING: 2, C.FIVE_PILES: 3},
        date(2023, 6, 28),
        date(2023, 6, 28),
        late_share=0.5,
    ),
    Batch(
        Source.COUNTY_FEEDBACK,
        {C.INFORMAL_DUMP: 2, C.SANITATION_DAMAGE: 2, C.PLASTIC_LITTER: 2},
        date(2023, 9, 26),
        date(2023, 9, 26),
    ),
    Batch(
        Source.COUNTY_FEEDBACK,
        {C.INFORMAL_DUMP: 2, C.PLASTIC_LITTER: 2, C.OLD_GARBAGE: 1},
        date(2023, 11, 28),
        date(2023, 11, 28),
    ),
    Batch(Source.COUNTY_FEEDBACK, {C.INFORMAL_DUMP: 1}, date(2023, 12, 18), date(2023, 12, 18), fate="reported"),
    Batch(
        Source.TOWNSHIP_PATROL,
        {
            C.RUINED_WALLS: 52,
            C.SCRAP_STATION: 3,
            C.ILLEGAL_BUILDING: 6,
            C.PLASTIC_LITTER: 18,
            C.FIVE_PILES: 26,
            C.OLD_GARBAGE: 8,
            C.SANITATION_DAMAGE: 5,
            C.SEWAGE_FAULT: 4,
            C.FARM_POLLUTION: 4,
        },
        date(2023, 2, 6),
        date(2023, 10, 31),
        late_share=0.08,
    ),
    Batch(
        Source.TOWNSHIP_PATROL,
        {C.PLASTIC_LITTER: 4, C.FIVE_PILES: 4, C.FARM_POLLUTION: 2, C.SANITATION_DAMAGE: 1},
        date(2023, 11, 1),
        date(2023, 11, 30),
    ),
    Batch(
        Source.TOWNSHIP_PATROL,
        {C.RUINED_WALLS: 3, C.FIVE_PILES: 2, C.PLASTIC_LITTER: 2},
        date(2023, 12, 11),
        date(2023, 12, 22),
        fate="open",
    ),
    Batch(
        Source.RIVER_CHIEF_PATROL,
        {C.RIVER_FOUR_DISORDERS: 22, C.INFORMAL_DUMP: 6},
        date(2023, 3, 1),
        date(2023, 11, 20),
        late_share=0.15,
    ),
    Batch(Source.RIVER_CHIEF_PATROL, {C.RIVER_FOUR_DISORDERS: 2}, date(2023, 12, 4), date(2023, 12, 8), fate="open"),
    Batch(Source.PUBLIC_REPORT, {C.GARBAGE_BURNING: 6, C.INFORMAL_DUMP: 8}, date(2023, 2, 20), date(2023, 11, 25)),
    Batch(
        Source.SECRET_INSPECTION,
        {C.PLASTIC_LITTER: 3, C.FIVE_PILES: 3, C.GARBAGE_BURNING: 2, C.OLD_GARBAGE: 2},
        date(2023, 4, 12),
        date(2023, 10, 18),
    ),
]

# How a closing problem gets there; the rest close at the first try, on time.
CLOSING_PATHS = [("direct", 60), ("late", 10), ("extended", 10), ("sent_back", 13), ("reopened", 7)]


class ProblemPlanner:
    def __init__(self, rng: random.Random, calendar: WorkingCalendar, directory: Directory) -> None:
        self.rng = rng
        self.calendar = calendar
        self.directory = directory
        self.stories: list[Story] = []

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def plan(self) -> list[Happening]:
        for batch in BATCHES:
            for category, count in batch.categories.items():
                for _ in range(count):
                    self.tell(batch, category)
        self.corrections()
        happenings = [step for story in self.stories for step in story.until(YEAR_END)]
        return share_out_resources(happenings)

    # --- one problem -------------------------------------------------------------------------

    def tell(self, batch: Batch, category: C, village_code: str | None = None, place: str | None = None) -> Story:
        rng = self.rng
        villages = [v for v in self.directory.villages
                    if batch.source != Source.RIVER_CHIEF_PATROL or v.code in RIVER_VILLAGES]
        village = self.directory.village(village_code) if village_code else rng.choice(villages)
        group = rng.choice(village.groups)
        day = batch.first + timedelta(days=rng.randint(0, (batch.last - batch.first).days))
        occurred = at_work(day, rng)
        late_by = None
        if rng.random() < batch.late_share:
            late_by = timedelta(days=rng.randint(8, 30), hours=rng.randint(0, 6))
        registrar = self.registrar(batch.source, village.code, day)
        story = Story(rng, self.calendar, self.new_id())
        story.register(occurred, registrar, RegisterProblem(
            story.problem_id, batch.source, category, village.code, group,
            place or place_in(rng, group, category), describe(rng, category, batch.source),
        ), late_by)
        self.stories.append(story)
        if batch.fate == "void":
            return story
        story.assign(rng.choice(OFFICE), DEADLINE_DAYS[category])
        if batch.fate == "open":
            return story
        if batch.fate == "reported":
            story.report(
                self.rectifier(village.code, story), rectified(rng, category), natural_effort(rng, category), True
            )
            return story
        self.close(story, category, village.code)
        return story

    def close(self, story: Story, category: C, village_code: str) -> None:
        rng = self.rng
        path = rng.choices([p for p, _ in CLOSING_PATHS], weights=[w for _, w in CLOSING_PATHS])[0]
        found = story.steps[0].occurred_at.date()
        # A rebound is noticed weeks after closing: late in the year there is no time left for one.
        if (path == "reopened" and found >= date(2023, 9, 1)) or (path == "extended" and found >= date(2023, 11, 1)):
            path = "direct"
        if path == "extended":
            story.extend(rng.choice(OFFICE), LEADER, rng.choice(EXTENSION_REASONS), DEADLINE_DAYS[category] + 5)
        late_entry = rng.random() < 0.06
        story.report(self.rectifier(village_code, story), rectified(rng, category), natural_effort(rng, category),
                     on_time=path != "late", late_entry=late_entry)
        verifier = rng.choice(OFFICE)
        if path == "sent_back":
            story.send_back(verifier, rng.choice(BACK_REASONS))
            story.report(self.rectifier(village_code, story), "按要求补充整改：" + rectified(rng, category),
                         natural_effort(rng, category, redo=True), on_time=True)
        story.pass_and_close(verifier, rng.choice(OFFICE))
        if path == "reopened":
            story.reopen(rng.choice(OFFICE), rng.choice(REOPEN_REASONS), 5)
            story.report(self.rectifier(village_code, story), "反弹问题再次清理：" + rectified(rng, category),
                         natural_effort(rng, category, redo=True), on_time=True)
            story.pass_and_close(rng.choice(OFFICE), rng.choice(OFFICE))

    # --- who -----------------------------------------------------------------------------------

    def registrar(self, source: Source, village_code: str, day: date) -> str:
        if source == Source.RIVER_CHIEF_PATROL:
            return self.directory.holders(Role.RIVER_CHIEF, day, village_code)[0]
        return self.rng.choice(OFFICE)

    def rectifier(self, village_code: str, story: Story) -> str:
        day = story.last.recorded_at.astimezone(CHINA).date()
        cadres = self.directory.holders(Role.VILLAGE_CADRE, day, village_code)
        return self.rng.choice(cadres or self.directory.holders(Role.VILLAGE_SECRETARY, day, village_code))

    # --- corrections -------------------------------------------------------------------------------

    def corrections(self) -> None:
        """A repeated aerial point, county points that were aerial points, and a scrap station that was licensed."""
        aerial = [s for s in self.stories if what_of(s.steps[0], RegisterProblem).source == Source.AERIAL_PHOTO]
        for original, when, source, reason in [
            (aerial[3], date(2023, 4, 20), Source.AERIAL_PHOTO, "与3月航拍反馈点为同一处，重复反馈"),
            (aerial[20], date(2023, 6, 28), Source.COUNTY_FEEDBACK, "县级反馈点与航拍反馈点为同一处"),
            (aerial[40], date(2023, 9, 26), Source.COUNTY_FEEDBACK, "县级反馈点与航拍反馈点为同一处"),
        ]:
            first = what_of(original.steps[0], RegisterProblem)
            batch = Batch(source, {}, when, when, fate="void")
            duplicate = self.tell(batch, first.category, first.village_code, first.place)
            duplicate.void(self.rng.choice(OFFICE), VoidProblem(duplicate.problem_id, VoidKind.DUPLICATE, reason,
                                                                original.problem_id))
        mistaken = self.tell(Batch(Source.TOWNSHIP_PATROL, {}, date(2023, 5, 9), date(2023, 5, 9), fate="void"),
                             C.SCRAP_STATION)
        mistaken.void(self.rng.choice(OFFICE), VoidProblem(
            mistaken.problem_id, VoidKind.MISTAKE, "核实为持证经营的再生资源回收点，误登记", None))


def share_out_resources(happenings: list[Happening]) -> list[Happening]:
    """Scale every rectification's labour and machinery so the year adds up to the stated totals."""
    reports = [(i, h.what) for i, h in enumerate(happenings) if isinstance(h.what, ReportRectification)]
    labour = apportion([report.spent.labour_weight for _, report in reports], TARGETS.labour_person_times, 1)
    machinery = apportion([report.spent.machinery_weight for _, report in reports], TARGETS.machinery_unit_times)
    shared = list(happenings)
    for (i, report), people, machines in zip(reports, labour, machinery, strict=True):
        spent = replace(report.spent, labour=people, machinery=machines)
        shared[i] = replace(happenings[i], what=replace(report, spent=spent))
    return shared
