"""The demo township: 24 villages with their groups, and the people who hold roles in them over 2023."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from domain.local_time import CHINA
from domain.vocabulary import Role, UnitKind
from taizhang.demo.plan import EndRole, EnrolPerson, EstablishVillage, Happening, TakeRole, UnitRef

TOWNSHIP_NAME = "东坪镇"
TOWNSHIP_CODE = "dongping-demo"

VILLAGES = [
    ("donggou", "东沟村"), ("xigou", "西沟村"), ("wangjiazhuang", "王家庄村"), ("lijiawan", "李家湾村"),
    ("zhangjiaping", "张家坪村"), ("yangliu", "杨柳村"), ("shiqiao", "石桥村"), ("hongxing", "红星村"),
    ("xinzhuang", "新庄村"), ("majiahe", "马家河村"), ("liushuwan", "柳树湾村"), ("zhaojiapo", "赵家坡村"),
    ("qianjin", "前进村"), ("shengli", "胜利村"), ("xiahe", "下河村"), ("shangzhai", "上寨村"),
    ("baiyang", "白杨村"), ("shuangmiao", "双庙村"), ("liujiagou", "刘家沟村"), ("tuanjie", "团结村"),
    ("huaishu", "槐树村"), ("gaojiatai", "高家台村"), ("chenjiabao", "陈家堡村"), ("nanchuan", "南川村"),
]
# Villages along the 清水河 and 东沟河, which have a river chief and a police chief.
RIVER_VILLAGES = {"donggou", "xigou", "majiahe", "liushuwan", "xiahe", "shiqiao", "nanchuan", "liujiagou", "yangliu"}
GROUP_NAMES = ["一组", "二组", "三组", "四组", "五组"]
CLEANER_AREAS = ["主巷道及村口", "沿村公路两侧", "河道沟渠沿线", "集中居住点", "村委会周边及广场"]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = "建国军伟强磊洋勇艳娟芳霞秀英华明丽红玉兰志刚海涛斌平辉鹏飞春梅桂珍晓东文杰宏亮俊峰红霞金凤永福德才"

# Village committees were elected in 2021; most roles start then.
TERM_START = date(2021, 5, 1)
SETUP_DAY = datetime(2023, 1, 3, 9, 0, tzinfo=CHINA)
MID_YEAR_CHANGES_DAY = datetime(2023, 7, 3, 10, 0, tzinfo=CHINA)
LATE_SUMMER_CHANGES_DAY = datetime(2023, 9, 1, 9, 30, tzinfo=CHINA)


@dataclass(frozen=True)
class Tenure:
    name: str
    role: Role
    unit: UnitRef
    start: date
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Directory:
    """Who the township's people are and what they hold when: the problem planner picks its actors here."""

    villages: list[EstablishVillage] = field(default_factory=list)
    tenures: list[Tenure] = field(default_factory=list)
    person_ids: dict[str, uuid.UUID] = field(default_factory=dict)

    def holders(self, role: Role, day: date, village_code: str = "") -> list[str]:
        return [
            t.name for t in self.tenures
            if t.role == role and t.holds_on(day) and (not village_code or t.unit.village_code == village_code)
        ]

    def village(self, code: str) -> EstablishVillage:
        return next(v for v in self.villages if v.code == code)


class People:
    """Unique, seed-determined names and ids."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()
        self.ids: dict[str, uuid.UUID] = {}

    def new(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice([1, 2])))
            if name not in self.taken:
                self.taken.add(name)
                self.ids[name] = uuid.UUID(int=self.rng.getrandbits(128), version=4)
                return name

    def named(self, name: str) -> str:
        self.taken.add(name)
        self.ids[name] = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        return name


OFFICE_CLERK = "王芳"
LEADER = "刘强"


def plan_township(rng: random.Random) -> tuple[Directory, list[Happening]]:
    people = People(rng)
    directory = Directory()
    township = UnitRef(UnitKind.TOWNSHIP)
    clerk = people.named(OFFICE_CLERK)
    people.named(LEADER)
    for name in ("陈静", "赵磊"):
        people.named(name)
    inspector = people.named("孙国华")

    tenures: list[Tenure] = [
        Tenure(LEADER, Role.LEADER_IN_CHARGE, township, date(2022, 3, 1)),
        Tenure(clerk, Role.ENVIRONMENT_OFFICE, township, date(2021, 9, 1)),
        Tenure("陈静", Role.ENVIRONMENT_OFFICE, township, date(2022, 2, 15)),
        Tenure("赵磊", Role.ENVIRONMENT_OFFICE, township, date(2022, 7, 1)),
        Tenure(inspector, Role.INSPECTOR, township, date(2021, 6, 1)),
    ]
    contact_cadres = [people.new() for _ in range(8)]
    for code, name in VILLAGES:
        groups = tuple(GROUP_NAMES[: rng.randint(2, 5)])
        directory.villages.append(EstablishVillage(code, name, groups))
        village = UnitRef(UnitKind.VILLAGE, code)
        tenures.append(Tenure(people.new(), Role.VILLAGE_SECRETARY, village, TERM_START))
        for _ in range(rng.randint(1, 2)):
            tenures.append(Tenure(people.new(), Role.VILLAGE_CADRE, village, TERM_START))
        for group in groups:
            tenures.append(Tenure(people.new(), Role.CLEANER, UnitRef(UnitKind.GROUP, code, group), date(2022, 1, 1)))
        if code in RIVER_VILLAGES:
            tenures.append(Tenure(people.new(), Role.RIVER_CHIEF, village, date(2021, 6, 1)))
            tenures.append(Tenure(people.new(), Role.POLICE_CHIEF, village, date(2021, 6, 1)))
    for index, (code, _) in enumerate(VILLAGES):
        tenures.append(Tenure(contact_cadres[index % 8], Role.VILLAGE_CONTACT_CADRE, UnitRef(UnitKind.VILLAGE, code),
                              date(2022, 3, 1)))

    happenings: list[Happening] = []
    moment = iter_moments(SETUP_DAY)
    for established in directory.villages:
        happenings.append(_now(next(moment), clerk, established))
    for name in people.ids:
        phone = "1" + rng.choice(["39", "58", "86", "37"]) + f"{rng.randrange(10**8):08d}"
        happenings.append(_now(next(moment), clerk, EnrolPerson(people.ids[name], name, phone)))
    for tenure in tenures:
        area = _area(rng, tenure)
        happenings.append(_now(next(moment), clerk, TakeRole(people.ids[tenure.name], tenure.role, tenure.unit,
                                                              tenure.start, area)))
    tenures, changes = _changes_during_the_year(rng, people, tenures, clerk)
    happenings.extend(changes)
    directory.tenures = tenures
    directory.person_ids = people.ids
    return directory, happenings


def _changes_during_the_year(
    rng: random.Random, people: People, tenures: list[Tenure], clerk: str
) -> tuple[list[Tenure], list[Happening]]:
    """On 1 July a village cadre moves from 石桥村 to 红星村 and those villages' contact cadres swap villages;
    a cleaner of 东沟村 is replaced on 1 September."""
    happenings: list[Happening] = []
    moment = iter_moments(MID_YEAR_CHANGES_DAY)
    mover = next(t for t in tenures if t.role == Role.VILLAGE_CADRE and t.unit.village_code == "shiqiao")
    last_day = date(2023, 6, 30)
    ended = Tenure(mover.name, mover.role, mover.unit, mover.start, last_day)
    moved = Tenure(mover.name, Role.VILLAGE_CADRE, UnitRef(UnitKind.VILLAGE, "hongxing"), date(2023, 7, 1))
    tenures = [ended if t is mover else t for t in tenures] + [moved]
    happenings.append(_now(next(moment), clerk, EndRole(people.ids[mover.name], mover.role, mover.unit,
                                                        last_day, "镇党委调整，调任红星村")))
    happenings.append(_now(next(moment), clerk, TakeRole(people.ids[mover.name], moved.role, moved.unit, moved.start)))
    tenures, swap = _swap_contact_cadres(people, tenures, clerk, moment)
    happenings.extend(swap)

    moment = iter_moments(LATE_SUMMER_CHANGES_DAY)
    leaving = next(t for t in tenures if t.role == Role.CLEANER and t.unit.village_code == "donggou")
    successor = people.new()
    happenings.append(_now(next(moment), clerk, EnrolPerson(people.ids[successor], successor, "13900000000")))
    happenings.append(_now(next(moment), clerk, EndRole(people.ids[leaving.name], leaving.role, leaving.unit,
                                                        date(2023, 8, 31), "本人辞职外出务工")))
    area = f"{leaving.unit.group}{CLEANER_AREAS[0]}"
    happenings.append(_now(next(moment), clerk, TakeRole(people.ids[successor], Role.CLEANER, leaving.unit,
                                                         date(2023, 9, 1), area)))
    tenures = [Tenure(t.name, t.role, t.unit, t.start, date(2023, 8, 31)) if t is leaving else t for t in tenures]
    tenures.append(Tenure(successor, Role.CLEANER, leaving.unit, date(2023, 9, 1)))
    return tenures, happenings


def _swap_contact_cadres(
    people: People, tenures: list[Tenure], clerk: str, moment: Iterator[datetime]
) -> tuple[list[Tenure], list[Happening]]:
    """The contact cadres (包村干部) of 石桥村 and 红星村 swap villages on 1 July; each keeps their other villages."""
    def contact_of(code: str) -> Tenure:
        return next(t for t in tenures if t.role == Role.VILLAGE_CONTACT_CADRE and t.unit.village_code == code)

    happenings: list[Happening] = []
    first, second = contact_of("shiqiao"), contact_of("hongxing")
    swapped = []
    for leaving, taking in ((first, second), (second, first)):
        person = people.ids[leaving.name]
        happenings.append(_now(next(moment), clerk, EndRole(person, leaving.role, leaving.unit, date(2023, 6, 30),
                                                            "镇党委调整包村分工")))
        happenings.append(_now(next(moment), clerk, TakeRole(person, leaving.role, taking.unit, date(2023, 7, 1))))
        swapped.append(Tenure(leaving.name, leaving.role, taking.unit, date(2023, 7, 1)))
    ended = {id(t): Tenure(t.name, t.role, t.unit, t.start, date(2023, 6, 30)) for t in (first, second)}
    return [ended.get(id(t), t) for t in tenures] + swapped, happenings


def _area(rng: random.Random, tenure: Tenure) -> str:
    if tenure.role == Role.CLEANER:
        return f"{tenure.unit.group}{rng.choice(CLEANER_AREAS)}"
    if tenure.role in (Role.RIVER_CHIEF, Role.POLICE_CHIEF):
        return rng.choice(["清水河本村段", "东沟河本村段"])
    return ""


def iter_moments(start: datetime) -> Iterator[datetime]:
    moment = start
    while True:
        yield moment
        moment += timedelta(seconds=7)


def _now(moment: datetime, actor: str, what: object) -> Happening:
    return Happening(moment, moment, actor, what)
