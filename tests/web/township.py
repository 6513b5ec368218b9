"""A small township with a few weeks of record: problems in every stage, some overdue, one closed late."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.account import AccessRole
from domain.acts import Evidence, Resources
from domain.local_time import CHINA
from domain.vocabulary import Category, Role, Source, UnitKind
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from taizhang.server_context import ServerContext

PASSWORD = "test-pass-2023"
PHOTO = Evidence("b" * 64, "现场.jpg", "image/jpeg")
VILLAGES = [("东沟村", "v01"), ("西岭村", "v02"), ("南湾村", "v03"), ("北坡村", "v04")]
PEOPLE = {
    "office": ("环境办 王芳", AccessRole.ENVIRONMENT_OFFICE, None),
    "office2": ("环境办 李强", AccessRole.ENVIRONMENT_OFFICE, None),
    "cadre": ("东沟村 张军", AccessRole.VILLAGE_CADRE, "v01"),
    "cadre.other": ("西岭村 赵敏", AccessRole.VILLAGE_CADRE, "v02"),
    "inspector": ("纪检 刘洋", AccessRole.INSPECTOR, None),
    "cleaner": ("保洁员 陈亮", AccessRole.CLEANER, None),
}
HELD = {"cadre": Role.VILLAGE_CADRE, "cadre.other": Role.VILLAGE_CADRE, "cleaner": Role.CLEANER}
START = datetime(2024, 4, 8, 9, 0, tzinfo=CHINA)
NOW = datetime(2024, 5, 20, 10, 0, tzinfo=CHINA)


@dataclass
class Seeded:
    villages: dict[str, uuid.UUID]
    problems: dict[str, uuid.UUID] = field(default_factory=dict)
    moments: dict[str, datetime] = field(default_factory=dict)


def seed(app: Taizhang, clock: SimulatedClock, context: ServerContext) -> Seeded:
    """Record the township from ``START`` to ``NOW`` on the simulated clock, and open the accounts."""
    clock.set(START - timedelta(days=1))
    villages = {code: app.register_village(name, code, "setup").id for name, code in VILLAGES}
    app.add_group(villages["v01"], "一组", "setup")
    for username, (name, role, village) in PEOPLE.items():
        person = None
        if username in HELD:  # a cadre's and a cleaner's account name their person
            person = app.enrol_person(name.split()[-1], "", "setup").id
            app.take_role(person, HELD[username], UnitKind.VILLAGE, villages[village or "v01"], START.date(), "setup")
        context.desk.open(username, PASSWORD, role, "setup", villages[village] if village else None, name, person)
    seeded = Seeded(villages)
    plans = [
        # (key, village, source, category, place, days after start, closed after days or None)
        ("dump", "v01", Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, "村口桥头", 0, 6),
        ("walls", "v01", Source.TOWNSHIP_PATROL, Category.RUINED_WALLS, "三组老屋", 3, None),
        ("piles", "v02", Source.TOWNSHIP_PATROL, Category.FIVE_PILES, "二组晒场", 5, 9),
        ("plastic", "v02", Source.SATELLITE, Category.PLASTIC_LITTER, "河滩", 8, None),
        ("burning", "v03", Source.COUNTY_FEEDBACK, Category.GARBAGE_BURNING, "后山林地", 12, 30),
        ("sewage", "v03", Source.PUBLIC_REPORT, Category.SEWAGE_FAULT, "污水站", 20, None),
        ("river", "v04", Source.RIVER_CHIEF_PATROL, Category.RIVER_FOUR_DISORDERS, "东河弯道", 25, 28),
        ("scrap", "v04", Source.TOWNSHIP_PATROL, Category.SCRAP_STATION, "路口废品站", 38, None),
        ("old", "v01", Source.TOWNSHIP_PATROL, Category.OLD_GARBAGE, "小学后墙", 40, None),
    ]
    events = []
    village_of = {plan[0]: plan[1] for plan in plans}
    for key, village, source, category, place, day, closed in plans:
        events.append((START + timedelta(days=day), "register", key, (village, source, category, place)))
        events.append((START + timedelta(days=day, hours=2), "assign", key, None))
        if closed is not None:
            events.append((START + timedelta(days=closed - 1), "rectify", key, None))
            events.append((START + timedelta(days=closed, hours=-3), "pass", key, None))
            events.append((START + timedelta(days=closed), "close", key, None))
    for moment, step, key, data in sorted(events, key=lambda e: e[0]):
        clock.set(moment)
        if step == "register":
            village, source, category, place = data
            pid = app.register_problem(source, category, villages[village], place, f"{place}发现{category.value}",
                                       "office", evidence=[PHOTO]).id
            seeded.problems[key] = pid
        elif step == "assign":
            app.assign_problem(seeded.problems[key], DeadlineRequest(working_days=5), "office")
        elif step == "rectify":
            rectifier = {"v01": "cadre", "v02": "cadre.other"}.get(village_of[key], "office")
            app.report_rectification(seeded.problems[key], "已清理完毕", [PHOTO],
                                     Resources(labour_person_times=4, tonnes_cleared=1), rectifier)
        elif step == "pass":
            app.pass_verification(seeded.problems[key], "office2")
        else:
            app.close_problem(seeded.problems[key], "office2")
            seeded.moments[f"{key} closed"] = moment
    clock.set(NOW)
    return seeded
