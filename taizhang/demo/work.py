"""The year's campaign work: clean villages, five piles, toilets, sewage stations, rivers and farm pollution.

Each kind of work is reported by the villages over the months it is done and entered by the township
office, mostly within hours, sometimes weeks late. The totals are shared out so the year adds up to
the stated figures after every correction and withdrawal; those corrections are part of the story
(a county spot check that cut a May figure, a typing slip, a report entered twice).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from domain.calendar import WorkingCalendar
from domain.local_time import CHINA
from domain.vocabulary import Role
from taizhang.demo.plan import (
    BuildSewageStation,
    CorrectWork,
    Happening,
    RecordWork,
    SurveyToilets,
    WithdrawWork,
    what_of,
)
from taizhang.demo.resources import apportion
from taizhang.demo.stories import at_work
from taizhang.demo.targets import WORK_TARGETS as T
from taizhang.demo.township import RIVER_VILLAGES, Directory

YEAR_END = datetime(2023, 12, 31, 18, 0, tzinfo=CHINA)
OFFICE = ["王芳", "陈静", "赵磊"]
LATE_SHARE = 0.08


@dataclass(frozen=True)
class Entry:
    """A planned work record, kept so a later step can correct it, withdraw it or enter it twice."""

    happening: Happening

    @property
    def what(self) -> RecordWork:
        return what_of(self.happening, RecordWork)


class WorkPlanner:
    def __init__(self, rng: random.Random, calendar: WorkingCalendar, directory: Directory) -> None:
        self.rng = rng
        self.calendar = calendar
        self.directory = directory
        self.codes = [v.code for v in directory.villages]
        self.river_codes = [c for c in self.codes if c in RIVER_VILLAGES]
        self.happenings: list[Happening] = []
        self.june_reports_late = 2

    def plan(self) -> list[Happening]:
        self.clean_villages()
        self.five_piles()
        pending = self.toilet_surveys()
        built = self.sanitary_toilets(pending)
        self.resurveys(built)
        self.public_toilets()
        self.sewage_stations()
        self.rivers()
        self.farm_pollution()
        late = [h for h in self.happenings if h.recorded_at > YEAR_END]
        if late:
            raise ValueError(f"planned work recorded after the year's end: {late[0]}")
        return self.happenings

    # --- the pieces ---------------------------------------------------------------------------

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def working_day(self, day: date) -> date:
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        return day

    def day_in(self, month: int, first: int = 1, last: int = 28) -> date:
        return self.working_day(date(2023, month, self.rng.randint(first, last)))

    def name(self, code: str) -> str:
        return self.directory.village(code).name

    def add(self, occurred: datetime, actor: str, what: object, late_by: timedelta | None = None) -> Happening:
        lag = late_by if late_by is not None else timedelta(minutes=self.rng.randrange(15, 240))
        happening = Happening(occurred + lag, occurred, actor, what)
        self.happenings.append(happening)
        return happening

    def record(self, indicator: str, quantity: Decimal | int, code: str, day: date, note: str,
               evidence: tuple[str, ...], *, place: str = "", actor: str | None = None,
               late_by: timedelta | None = None) -> Entry:
        """One work record; a few are entered weeks late, as village reports sometimes reach the office."""
        if late_by is None and self.rng.random() < LATE_SHARE and day < YEAR_END.date() - timedelta(days=35):
            late_by = timedelta(days=self.rng.randint(10, 30), hours=self.rng.randint(1, 5))
        what = RecordWork(self.new_id(), indicator, Decimal(quantity), code, place or f"{self.name(code)}全村", note,
                          evidence)
        return Entry(self.add(at_work(day, self.rng), actor or self.rng.choice(OFFICE), what, late_by))

    def spread(self, indicator: str, total: Decimal | int, slots: list[tuple[str, date]], note: str,
               evidence: tuple[str, ...], *, step: Decimal = Decimal(1), minimum: int = 1,
               actor_of: Callable[[str, date], str] | None = None) -> list[Entry]:
        """Share ``total`` (in units of ``step``) out over (village, day) slots with seed-drawn weights."""
        units = int(Decimal(total) / step)
        shares = apportion([self.rng.uniform(0.5, 1.5) for _ in slots], units, minimum)
        return [
            self.record(indicator, share * step, code, day, note, evidence,
                        actor=actor_of(code, day) if actor_of else None)
            for (code, day), share in zip(slots, shares, strict=True)
        ]

    def correct(self, entry: Entry, first_quantity: Decimal | int, when: datetime, reason: str) -> None:
        """The entry is first recorded as ``first_quantity`` and corrected at ``when`` to its planned quantity."""
        original = entry.what
        wrong = RecordWork(original.record_id, original.indicator, Decimal(first_quantity), original.village_code,
                           original.place, original.note, original.evidence)
        index = self.happenings.index(entry.happening)
        self.happenings[index] = Happening(entry.happening.recorded_at, entry.happening.occurred_at,
                                           entry.happening.actor, wrong)
        self.add(when, self.rng.choice(OFFICE), CorrectWork(original.record_id, original.quantity, reason),
                 timedelta(minutes=self.rng.randrange(5, 60)))

    def entered_twice(self, entry: Entry, after: timedelta, withdrawn_after: timedelta, reason: str) -> None:
        """The same report entered again later, and withdrawn once the duplicate is noticed."""
        original = entry.what
        again = RecordWork(self.new_id(), original.indicator, original.quantity, original.village_code,
                           original.place, original.note, original.evidence)
        recorded = entry.happening.recorded_at + after
        self.happenings.append(Happening(recorded, entry.happening.occurred_at, self.rng.choice(OFFICE), again))
        self.add(recorded + withdrawn_after, self.rng.choice(OFFICE), WithdrawWork(again.record_id, reason),
                 timedelta(minutes=self.rng.randrange(5, 60)))

    # --- 村庄清洁行动 ------------------------------------------------------------------------------

    def clean_villages(self) -> None:
        """Eight villages set out to become clean villages at the March meeting; six pass in December."""
        targeted = self.rng.sample(self.codes, T.clean_villages_targeted)
        meeting = self.working_day(date(2023, 3, 6))
        for code in targeted:
            self.record("clean_villages_targeted", 1, code, meeting, "2023年“清洁村庄”创建村",
                        ("清洁村庄创建方案.pdf",), late_by=timedelta(hours=self.rng.randint(1, 5)))
        for code in self.rng.sample(targeted, T.clean_villages_achieved):
            self.record("clean_villages_achieved", 1, code, self.day_in(12, 4, 15), "“清洁村庄”验收合格",
                        ("清洁村庄验收表.pdf", "村容村貌.jpg"), late_by=timedelta(hours=self.rng.randint(1, 30)))

    def five_piles(self) -> None:
        slots = [(self.rng.choice(self.codes), self.day_in(month)) for month in range(3, 11) for _ in range(3)]
        entries = self.spread("five_piles_households", T.five_piles_households, slots,
                              "动员农户清理门前屋后“五堆”", ("清理前后对比.jpg", "农户名单.pdf"), minimum=3)
        june = next(e for e in entries if e.happening.occurred_at.month == 6
                    and e.happening.recorded_at < datetime(2023, 7, 1, tzinfo=CHINA))
        self.correct(june, june.what.quantity + 4, datetime(2023, 7, 12, 10, 20, tzinfo=CHINA),
                     "包村干部入户复核，4户重复统计，予以核减")

    # --- 厕所革命 --------------------------------------------------------------------------------

    def toilet_surveys(self) -> dict[str, int]:
        """Every village's households, renovated and pending, surveyed in February and March."""
        pending: dict[str, int] = {}
        for code in self.codes:
            households = self.rng.randint(220, 520)
            renovated = round(households * self.rng.uniform(0.3, 0.5))
            pending[code] = households - renovated
            self.survey(code, households, renovated, self.day_in(self.rng.choice([2, 3]), 13, 28))
        return pending

    def survey(self, code: str, households: int, renovated: int, day: date, reason: str = "") -> None:
        what = SurveyToilets(code, households, renovated, households - renovated, reason)
        self.add(at_work(day, self.rng), self.rng.choice(OFFICE), what)

    def sanitary_toilets(self, pending: dict[str, int]) -> dict[str, dict[int, int]]:
        """1740 toilets built from March to October, each village at most its pending households."""
        weights = [pending[c] * self.rng.uniform(0.6, 1.4) for c in self.codes]
        per_village = apportion(weights, T.sanitary_toilets_built, 10)
        built: dict[str, dict[int, int]] = {}
        entries: list[Entry] = []
        for code, count in zip(self.codes, per_village, strict=True):
            if count > pending[code]:
                raise ValueError(f"{code}: more toilets planned than pending households")
            months = sorted(self.rng.sample(range(3, 11), self.rng.randint(2, 4)))
            shares = apportion([self.rng.uniform(0.5, 1.5) for _ in months], count, 1)
            built[code] = dict(zip(months, shares, strict=True))
            for month, share in zip(months, shares, strict=True):
                entries.append(self.record("sanitary_toilets_built", share, code, self.day_in(month, 20, 28),
                                           f"{month}月改建无害化卫生厕所", ("改厕验收表.pdf", "改厕现场.jpg"),
                                           late_by=self.june_reports_arrive_in_july(code, month)))
        self.toilet_corrections(entries)
        return built

    def june_reports_arrive_in_july(self, code: str, month: int) -> timedelta | None:
        """Two villages' June acceptance sheets reached the office mid-July: late entries of the first half."""
        if month == 6 and self.june_reports_late:
            self.june_reports_late -= 1
            return timedelta(days=self.rng.randint(20, 24), hours=self.rng.randint(1, 4))
        return None

    def toilet_corrections(self, entries: list[Entry]) -> None:
        def first(month: int, recorded_before: datetime) -> Entry:
            return next(e for e in entries if e.happening.occurred_at.month == month
                        and e.what.quantity > 10 and e.happening.recorded_at < recorded_before)

        before_july = datetime(2023, 6, 20, tzinfo=CHINA)
        may = first(5, before_july)
        self.correct(may, may.what.quantity + 6, datetime(2023, 7, 18, 15, 0, tzinfo=CHINA),
                     "县级抽查验收，6座未达到无害化标准，予以核减")
        april = first(4, before_july)
        self.correct(april, april.what.quantity - 10,
                     april.happening.recorded_at + timedelta(days=2), "漏报三组10座，据验收表补正")
        march = first(3, before_july)
        self.entered_twice(march, timedelta(days=9), timedelta(days=6), "与3月验收表记录重复录入")
        september = first(9, YEAR_END)
        self.entered_twice(september, timedelta(days=4), timedelta(days=15), "与9月验收表记录重复录入")

    def resurveys(self, built: dict[str, dict[int, int]]) -> None:
        """Four villages resurveyed in October after their renovations: the latest counts are the record's."""
        surveys = {h.what.village_code: h.what for h in self.happenings if isinstance(h.what, SurveyToilets)}
        for code in self.rng.sample(self.codes, 4):
            first = surveys[code]
            renovated = first.renovated + sum(n for month, n in built[code].items() if month <= 9)
            households = first.households + self.rng.choice([0, 0, 3, 5])
            reason = "改厕后入户复核，更新已改、待改户数" + (f"，新增分户{households - first.households}户"
                                                          if households > first.households else "")
            self.survey(code, households, renovated, self.day_in(10, 9, 27), reason)

    def public_toilets(self) -> None:
        slots = [(self.rng.choice(self.codes), self.day_in(month)) for month in range(4, 11) for _ in range(2)]
        self.spread("public_toilets_built", T.public_toilets_built, slots[:10], "新建水冲式公厕",
                    ("公厕验收表.pdf", "公厕照片.jpg"))

    # --- 污水处理站 -------------------------------------------------------------------------------

    def sewage_stations(self) -> None:
        """Two stations in river villages, each in the care of the village's party secretary."""
        for code, day, posts in zip(sorted(self.rng.sample(self.river_codes, T.sewage_stations)),
                                    (date(2023, 5, 16), date(2023, 8, 22)), (3, 4), strict=True):
            secretary = self.directory.holders(Role.VILLAGE_SECRETARY, day, code)[0]
            name = f"{self.name(code)}污水处理站"
            what = BuildSewageStation(self.new_id(), code, name, self.directory.person_ids[secretary], posts)
            self.add(at_work(self.working_day(day), self.rng), self.rng.choice(OFFICE), what)

    # --- 河道沟道 --------------------------------------------------------------------------------

    def rivers(self) -> None:
        signboards = [(code, self.day_in(4, 3, 21)) for code in self.river_codes]
        self.spread("river_signboards_updated", T.river_signboards_updated, signboards,
                    "更新河长制公示牌（河长、警长姓名及电话）", ("公示牌照片.jpg",), minimum=2)

        def river_chief(code: str, day: date) -> str:
            return self.directory.holders(Role.RIVER_CHIEF, day, code)[0]

        quarter_ends = [date(2023, 3, 27), date(2023, 6, 26), date(2023, 9, 25), date(2023, 12, 18)]
        patrols = [(code, self.working_day(end)) for end in quarter_ends for code in self.river_codes]
        self.spread("river_patrols", T.river_patrols, patrols, "本季度河长巡河次数（附巡河记录）",
                    ("巡河记录.pdf",), actor_of=river_chief)
        campaign = [
            (self.rng.choice(self.river_codes), self.day_in(month)) for month in (5, 6, 7, 10) for _ in range(3)
        ]
        self.spread("river_construction_waste_tonnes", T.river_construction_waste_tonnes, campaign,
                    "河湖“清四乱”：清理河道建筑垃圾", ("清理前后对比.jpg",), step=Decimal("0.1"), minimum=50)
        campaign = [
            (self.rng.choice(self.river_codes), self.day_in(month)) for month in (5, 6, 7, 10) for _ in range(3)
        ]
        self.spread("river_household_waste_tonnes", T.river_household_waste_tonnes, campaign,
                    "河湖“清四乱”：清理河道生活垃圾", ("清理前后对比.jpg",), step=Decimal("0.1"), minimum=30)

    # --- 农业面源污染 -----------------------------------------------------------------------------

    def farm_pollution(self) -> None:
        self.spread("farm_input_ledgers", T.farm_input_ledgers, [(c, self.day_in(4, 10, 28)) for c in self.codes],
                    "建立农业生产物资（化肥、农药、农膜）使用台账", ("台账封面.jpg",))
        farming = sorted(self.rng.sample(self.codes, 16))
        self.spread("subsidised_film_kg", T.subsidised_film_kg, [(c, self.day_in(3, 10, 28)) for c in farming],
                    "发放补贴地膜", ("地膜发放登记表.pdf",), minimum=800)
        self.spread("dryland_farming_mu", T.dryland_farming_mu, [(c, self.day_in(4, 15, 28)) for c in farming],
                    "落实全膜双垄沟播旱作农业", ("种植面积核查表.pdf",), minimum=300)
        exchanges = [(c, self.day_in(month)) for month in (6, 10, 11) for c in self.rng.sample(farming, 8)]
        self.spread("residual_film_exchanged_kg", T.residual_film_exchanged_kg, exchanges,
                    "废旧地膜回收兑换", ("残膜兑换登记表.pdf",), minimum=1500)
        self.spread("residual_film_exchange_person_times", T.residual_film_exchange_person_times, exchanges,
                    "参与残膜兑换的农户人次", ("残膜兑换登记表.pdf",), minimum=10)
        closed = [
            (c, self.day_in(month)) for c, month in zip(self.rng.sample(self.codes, 5), (5, 6, 7, 8, 9), strict=True)
        ]
        self.spread("livestock_farms_closed", T.livestock_farms_closed, closed,
                    "关停条件简陋、粪污直排的养殖场", ("关停通知书.pdf", "现场照片.jpg"))
