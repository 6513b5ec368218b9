"""A township's spring of 2023 touching every assessment fact: patrols and a late correction, problems
overdue and reopened, letters signed and revoked, households counted, a public report, a cadre who moved
villages, rules revised, months closed, sheets approved and adjusted, a bulletin published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from domain.acts import Evidence, Resources
from domain.assessment.letters import LetterKind
from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.vocabulary import Category, Role, Source, UnitKind
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from tests.assessment.rulebooks import rules_july_2023
from tests.assessment.township import PHOTO, Township, found, patrol, township

FIVE = ["包卫生", "包秩序", "包绿化", "包设施", "包安全"]
MONTHS = [Month(2023, m) for m in range(3, 8)]


@dataclass
class Story:
    t: Township
    mover: object
    marks: list[int]  # positions worth asking about: after each chapter


def at(clock: SimulatedClock, y: int, m: int, d: int) -> None:
    clock.set(datetime(y, m, d, 2, tzinfo=UTC))


def household_letter(app: Taizhang, village, household: str, end: date = date(2023, 12, 31)):
    letter = app.draft_letter(LetterKind.FIVE_GUARANTEES, village, FIVE, date(2023, 1, 1), end, "clerk",
                              household=household).id
    app.sign_letter(letter, "first", "村委会", date(2023, 1, 5), "clerk")
    app.sign_letter(letter, "second", household, date(2023, 1, 6), "clerk")
    return letter


def spring_2023(app: Taizhang, clock: SimulatedClock) -> Story:
    t = township(app)
    marks: list[int] = []
    mark = lambda: marks.append(app.recorder.max_notification_id())  # noqa: E731
    mover = app.enrol_person("陈联村", "", "admin").id
    app.take_role(mover, Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, t.east, date(2023, 1, 1), "admin")
    app.count_households(t.east, 4, date(2023, 1, 1), "户籍", "clerk")
    letters = [household_letter(app, t.east, f"一组 {n} 号") for n in range(3)]
    household_letter(app, t.west, "二组 1 号", date(2023, 4, 30))
    mark()

    at(clock, 2023, 3, 20)
    first = patrol(app, t, date(2023, 3, 10), None, True, found("piles", 2)).id
    patrol(app, t, date(2023, 3, 17), None, True, found("piles", 2))
    patrol(app, t, date(2023, 3, 18), t.west, False, found("litter", 1))
    late = app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, t.east, "村口", "垃圾堆", "clerk").id
    app.assign_problem(late, DeadlineRequest(due=date(2023, 3, 25)), "clerk")
    back = app.register_problem(Source.AERIAL_PHOTO, Category.OLD_GARBAGE, t.west, "河边", "陈年垃圾", "clerk").id
    app.assign_problem(back, DeadlineRequest(due=date(2023, 3, 28)), "clerk")
    app.report_rectification(back, "已清", [PHOTO], Resources(), "cadre")
    app.pass_verification(back, "clerk")
    app.close_problem(back, "clerk")
    report = app.submit_public_report(t.east, "桥下", "倾倒", [Evidence("c" * 64, "v.mp4", "video/mp4")], "clerk").id
    app.confirm_report(report, "office")
    mark()

    at(clock, 2023, 4, 2)
    app.close_month(Month(2023, 3), "office")
    for kind in SheetKind:
        app.draft_pay_sheet(kind, Month(2023, 3), "clerk")
        app.approve_pay_sheet(kind, Month(2023, 3), "director")
    mark()

    at(clock, 2023, 4, 20)
    patrol(app, t, date(2023, 4, 10))
    patrol(app, t, date(2023, 4, 17), None, True, found("litter", 3))
    app.reopen_problem(back, "反弹", DeadlineRequest(due=date(2023, 4, 25)), "clerk")
    app.revoke_letter(letters[0], date(2023, 4, 15), "农户搬迁", "clerk")
    app.correct_patrol(first, [], "复核照片，不在责任区", "office")  # March, after approval: adjusted in April
    app.end_role(mover, 1, date(2023, 4, 15), "调任西岭村", "admin")
    app.take_role(mover, Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, t.west, date(2023, 4, 16), "admin")
    mark()

    at(clock, 2023, 5, 2)
    app.close_month(Month(2023, 4), "office")
    for kind in SheetKind:
        app.draft_pay_sheet(kind, Month(2023, 4), "clerk")
    mark()
    for kind in SheetKind:
        app.approve_pay_sheet(kind, Month(2023, 4), "director")
    app.count_households(t.east, 5, date(2023, 5, 1), "复核", "clerk")
    at(clock, 2023, 5, 20)
    patrol(app, t, date(2023, 5, 8), t.west, False)
    patrol(app, t, date(2023, 5, 9), t.west, False)
    at(clock, 2023, 6, 2)
    app.close_month(Month(2023, 5), "office")
    app.adopt_rules(rules_july_2023(), "office")
    mark()
    at(clock, 2023, 7, 2)
    app.close_month(Month(2023, 6), "office")
    app.publish_bulletin(2023, 2, "office", {})
    at(clock, 2023, 7, 20)
    patrol(app, t, date(2023, 7, 3), None, True, found("litter", 2))
    mark()
    return Story(t, mover, marks)
