"""Steps of accountability cases (问责): triggers, opening against the posts then held, each step to closing or
escalation."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.account import AccessRole
from domain.acts import Resources
from domain.assessment.bulletin import bulletin_sha256, render_bulletin
from domain.assessment.patrol import Finding
from domain.assessment.periods import QuarterBulletin
from domain.assessment.red_black_rule import RedBlackRule
from domain.assessment.rules import RankingBand
from domain.assessment.values import Month, quarter_months
from domain.assessment.year_end import YearEndAssessment
from domain.cases.case import CASE_STAGE_LABELS, ESCALATION_LABELS
from domain.cases.points import CasePoints
from domain.cases.triggers import TRIGGER_LABELS, Trigger
from domain.flags.flag import FLAG_KIND_LABELS
from domain.vocabulary import Category, Source, UnitKind
from features.conftest import CLERK
from features.support import DAY, NAME, Attempt, Names, attempt, day, end_of, photo, quoted_names
from projections.assessment_queries import AssessmentQueries, facts_ref
from projections.flags import FlagQueries
from projections.provenance import provenance
from projections.runner import Projector
from taizhang import cases_desk
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from taizhang.inspection import review_flag
from tests.assessment.legacy_events import record_as_first_version
from tests.assessment.rulebooks import rules_2023

scenarios("问责")

KINDS = {label: kind for kind, label in TRIGGER_LABELS.items()}
ROLES = {"包村干部": "village_contact_cadre", "分管领导": "leader_in_charge"}
ESCALATIONS = {label: kind for kind, label in ESCALATION_LABELS.items()}


@dataclass
class Desk:
    """The triggers the inspector saw and the case the scenario is about."""

    triggers: list[Trigger] = field(default_factory=list)
    trigger: Trigger | None = None
    case: uuid.UUID | None = None
    year_end: YearEndAssessment | None = None
    positions: list[int] = field(default_factory=list)  # the head each time the year-end was read


@given(parsers.re(rf"“(?P<village>[^”]+)”有(?P<count>\d+)个问题截止于(?P<due>{DAY})仍未整改"))
def overdue_problems(app: Taizhang, names: Names, village: str, count: str, due: str) -> None:
    for n in range(int(count)):
        pid = app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, names.villages[village],
                                   f"{n + 1}号点", "路边堆放垃圾", CLERK, evidence=[photo(f"{n}.jpg")]).id
        app.assign_problem(pid, DeadlineRequest(due=day(due)), CLERK, unit_kind=UnitKind.VILLAGE,
                           unit_id=names.villages[village])


def fired(projector: Projector[Taizhang]) -> list[Trigger]:
    projector.catch_up()
    return cases_desk.fired(projector.app, projector.store)


@when("纪检人员查看问责触发", target_fixture="desk")
def looking(projector: Projector[Taizhang]) -> Desk:
    return Desk(fired(projector))


@then(parsers.re(r"有一项“(?P<label>[^”]+)”触发，涉及(?P<who>.+)"))
def trigger_about(app: Taizhang, desk: Desk, label: str, who: str) -> None:
    [trigger] = [t for t in desk.triggers if t.kind == KINDS[label]]
    named = {r["name"] for r in cases_desk.respondents(app, trigger)}
    assert set(who.split("和")) <= named, named
    desk.trigger = trigger


@then(parsers.re(r"该触发写明“(?P<text>[^”]+)”"))
def trigger_says(desk: Desk, text: str) -> None:
    assert desk.trigger is not None and text in desk.trigger.reason, desk.trigger


@when(parsers.re(rf"纪检人员(?P<inspector>{NAME})对“(?P<label>[^”]+)”立案"), target_fixture="desk")
def opening(projector: Projector[Taizhang], clock: SimulatedClock, inspector: str, label: str) -> Desk:
    [trigger] = [t for t in fired(projector) if t.kind == KINDS[label]]
    clock.advance(hours=1)
    outcome = cases_desk.open_case(projector.app, projector.store, trigger.key, inspector)
    return Desk([trigger], trigger, outcome.id)


@when(parsers.re(rf"(?P<who>{NAME})登记约谈，参加人(?P<attendees>(?:“[^”]+”)+)，记录“(?P<minutes>[^”]+)”"))
def interviewing(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str, attendees: str, minutes: str) -> None:
    assert desk.case is not None
    clock.advance(hours=1)
    app.hold_interview(desk.case, clock.now().date(), quoted_names(attendees), minutes, [], who)


@when(parsers.re(rf"(?P<who>{NAME})登记整改承诺“(?P<what>[^”]+)”，(?P<due>{DAY})前完成"))
def committing(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str, what: str, due: str) -> None:
    assert desk.case is not None
    clock.advance(hours=1)
    app.make_commitment(desk.case, what, day(due), who)


@when(parsers.re(rf"(?P<who>{NAME})登记回访核查：(?P<met>已兑现|未兑现)"))
def following_up(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str, met: str) -> None:
    assert desk.case is not None
    clock.advance(days=16)
    app.check_follow_up(desk.case, met == "已兑现", "回访核查现场", who)


@when(parsers.re(rf"(?:纪检人员)?(?P<who>{NAME})结案"), target_fixture="attempt")
def closing(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str) -> Attempt:
    assert desk.case is not None
    clock.advance(hours=1)
    case = desk.case
    return attempt(app, lambda: app.close_case(case, "整改到位，予以结案", who))


@when(parsers.re(rf"(?P<who>{NAME})将案件升级为(?P<to>通报批评|移送县级问责)，理由“(?P<reason>[^”]+)”"))
def escalating(app: Taizhang, clock: SimulatedClock, desk: Desk, who: str, to: str, reason: str) -> None:
    assert desk.case is not None
    clock.advance(days=1)
    app.escalate_case(desk.case, ESCALATIONS[to], reason, who)


@then(parsers.re(r"案件为“(?P<stage>[^”]+)”"))
def case_stage(app: Taizhang, desk: Desk, stage: str) -> None:
    assert desk.case is not None
    assert CASE_STAGE_LABELS[app.case(desk.case).stage] == stage


@then(parsers.re(r"问责触发中不再有“(?P<label>[^”]+)”"))
def no_longer_fired(projector: Projector[Taizhang], label: str) -> None:
    assert [t for t in fired(projector) if t.kind == KINDS[label]] == []


@pytest.fixture
def usernames() -> dict[str, str]:
    """The accounts of the scenario's people, by their names."""
    return {}


@given(parsers.re(rf"(?P<person>{NAME})有账号“(?P<username>[^”]+)”"))
def has_account(app: Taizhang, names: Names, usernames: dict[str, str], person: str, username: str) -> None:
    app.open_account(username, AccessRole.VILLAGE_CADRE, CLERK, names.villages[next(iter(names.villages))],
                     person, names.people[person])
    usernames[person] = username


@given(parsers.re(rf"“(?P<village>[^”]+)”有(?P<count>\d+)个问题的整改都用了同一张照片，由(?P<person>{NAME})上报"))
def same_photo(app: Taizhang, clock: SimulatedClock, names: Names, usernames: dict[str, str], village: str,
               count: str, person: str) -> None:
    username = usernames[person]
    for n in range(int(count)):
        pid = app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, names.villages[village],
                                   f"照片{n + 1}号点", "路边堆放垃圾", CLERK, evidence=[photo(f"发现{n}.jpg")]).id
        app.assign_problem(pid, DeadlineRequest(working_days=10), CLERK, unit_kind=UnitKind.VILLAGE,
                           unit_id=names.villages[village])
        clock.advance(hours=2)
        app.report_rectification(pid, "已清理", [photo("同一张.jpg")], Resources(), username)


@then(parsers.re(r"没有“(?P<label>[^”]+)”触发"))
def no_trigger(desk: Desk, label: str) -> None:
    assert [t for t in desk.triggers if t.kind == KINDS[label]] == []


@when(parsers.re(rf"纪检人员(?P<inspector>{NAME})核实了“(?P<label>[^”]+)”疑点"))
def confirming(projector: Projector[Taizhang], clock: SimulatedClock, inspector: str, label: str) -> None:
    projector.catch_up()
    kind = {v: k for k, v in FLAG_KIND_LABELS.items()}[label]
    [flag] = [f for f in FlagQueries(projector.store).flags()[0] if f.kind == kind]
    clock.advance(hours=1)
    review_flag(projector.app, projector.store, flag.key, "confirmed", "现场核实，两处整改照片为同一张", inspector)


# --- a quarter in the back band, and the red and black list ---------------------------------------------


@given(parsers.re(r"考核规则有先进、达标、后进三档，红榜、黑榜各(?P<count>\d+)个村"))
def banded_rules(app: Taizhang, count: str) -> None:
    bands = (RankingBand("先进", 1, 1, D("1.2"), D(10)), RankingBand("达标", 2, 2, D("1.0"), D(8)),
             RankingBand("后进", 3, None, D("0.9"), D(5)))
    app.adopt_rules(replace(rules_2023(), bands=bands, red_black=RedBlackRule(int(count), int(count))), CLERK)


@given(parsers.re(r"考核规则有先进、达标、后进三档，问责扣分为约谈(?P<interview>[\d.]+)分、通报批评(?P<notice>[\d.]+)分、"
                  r"移送县级问责(?P<county>[\d.]+)分"))
def rules_with_case_points(app: Taizhang, interview: str, notice: str, county: str) -> None:
    bands = (RankingBand("先进", 1, 1, D("1.2"), D(10)), RankingBand("达标", 2, 2, D("1.0"), D(8)),
             RankingBand("后进", 3, None, D("0.9"), D(5)))
    app.adopt_rules(replace(rules_2023(), bands=bands, case_points=CasePoints(D(interview), D(notice), D(county))),
                    CLERK)


@given(parsers.re(rf"(?P<inspector>{NAME})每月巡查各村两次，“(?P<poor>[^”]+)”每次都扣分，"
                  r"自(?P<year>\d{4})年(?P<first>\d+)月至\d{4}年(?P<last>\d+)月"))
def patrolled(app: Taizhang, clock: SimulatedClock, names: Names, inspector: str, poor: str, year: str, first: str,
              last: str) -> None:
    for month in range(int(first), int(last) + 1):
        for on in (date(int(year), month, 10), date(int(year), month, 20)):
            clock.set(max(clock.now(), end_of(on)))
            for village, village_id in names.villages.items():
                findings = [Finding("litter", 2, (photo(f"{village}{on}.jpg"),))] if village == poor else []
                app.record_patrol(on, village_id, names.people[inspector], findings, CLERK)


@given(parsers.re(r"王芳已对(?P<year>\d{4})年(?P<first>\d+)月至\d{4}年(?P<last>\d+)月结账"))
def months_closed(app: Taizhang, clock: SimulatedClock, year: str, first: str, last: str) -> None:
    closing_day = Month(int(year), int(last)).next().first_day + timedelta(days=5)
    clock.set(max(clock.now(), end_of(closing_day)))
    for month in range(int(first), int(last) + 1):
        app.close_month(Month(int(year), month), CLERK)


@dataclass
class Quarter:
    """The bulletin the scenario published, as published, and what became of it later."""

    text: str = ""
    regenerated: str = ""
    files: dict[str, bytes] = field(default_factory=dict)


@pytest.fixture
def quarter() -> Quarter:
    return Quarter()


def publishing_bulletin(projector: Projector[Taizhang], clock: SimulatedClock, quarter: Quarter, year: str,
                        number: str) -> None:
    projector.catch_up()
    clock.advance(hours=1)
    app = projector.app
    _, quarter.text = app.publish_bulletin(int(year), int(number), CLERK,
                                           cases_desk.open_cases_by_village(app, projector.store))


@given(parsers.re(r"王芳已发布(?P<year>\d{4})年第(?P<number>\d)季度通报"))
def bulletin_published(projector: Projector[Taizhang], clock: SimulatedClock, quarter: Quarter, year: str,
                       number: str) -> None:
    publishing_bulletin(projector, clock, quarter, year, number)


@when(parsers.re(r"王芳发布(?P<year>\d{4})年第(?P<number>\d)季度通报"))
def publishing_the_bulletin(projector: Projector[Taizhang], clock: SimulatedClock, quarter: Quarter, year: str,
                            number: str) -> None:
    publishing_bulletin(projector, clock, quarter, year, number)


@given(parsers.re(r"王芳在通报载入红黑榜之前已发布(?P<year>\d{4})年第(?P<number>\d)季度通报"))
def bulletin_published_before(app: Taizhang, clock: SimulatedClock, quarter: Quarter, year: str, number: str) -> None:
    clock.advance(hours=1)
    facts = app.facts_as_of()
    quarter.text = render_bulletin(facts, int(year), int(number))
    digests = {str(m): facts.closings[m].digest for m in quarter_months(int(year), int(number))}
    record_as_first_version(app, QuarterBulletin.publish(int(year), int(number), facts.position,
                                                         bulletin_sha256(quarter.text), digests, None, app.act(CLERK)))


@when(parsers.re(r"王芳另行发布(?P<year>\d{4})年第(?P<number>\d)季度红黑榜"), target_fixture="attempt")
def publishing(projector: Projector[Taizhang], clock: SimulatedClock, year: str, number: str) -> Attempt:
    projector.catch_up()
    clock.advance(hours=1)
    app = projector.app
    return attempt(app, lambda: app.publish_red_black_list(
        int(year), int(number), cases_desk.open_cases_by_village(app, projector.store), CLERK))


@pytest.fixture
def published(attempt: Attempt) -> str:
    """The list published beside its bulletin."""
    assert attempt.outcome is not None, attempt.error
    text: str = attempt.outcome[1]
    return text


def listed(text: str, heading: str) -> list[str]:
    section = text.split(heading + "\n", 1)[1].split("\n\n", 1)[0]
    lines = []
    for line in section.splitlines():
        if line.startswith("（"):  # the bulletin's next part of the list
            break
        lines.append(line.strip())
    return lines


@then(parsers.re(r"通报的红榜是“(?P<one>[^”]+)”或“(?P<other>[^”]+)”"))
def bulletin_red_list(quarter: Quarter, one: str, other: str) -> None:
    [first] = listed(quarter.text, "（一）红榜")
    assert one in first or other in first, first


@then(parsers.re(r"通报的黑榜是“(?P<village>[^”]+)”，未结问责案件(?P<cases>\d+)件"))
def bulletin_black_list(quarter: Quarter, village: str, cases: str) -> None:
    [first] = listed(quarter.text, "（二）黑榜")
    assert village in first and f"未结问责案件 {cases} 件" in first, first


@then(parsers.re(r"通报列明“(?P<village>[^”]+)”逾期问题(?P<late>\d+)件，未结问责案件(?P<cases>\d+)件"))
def bulletin_counts(quarter: Quarter, village: str, late: str, cases: str) -> None:
    rows = listed(quarter.text, "（三）各村季末逾期问题与未结问责案件")
    assert f"{village} 逾期问题 {late} 件，未结问责案件 {cases} 件" in rows, rows


@then("通报的摘要涵盖红黑榜")
def digest_covers(app: Taizhang, quarter: Quarter) -> None:
    bulletin = app.bulletin(2023, 1)
    assert bulletin is not None and bulletin.text_sha256 == bulletin_sha256(quarter.text)
    assert "四、红黑榜" in quarter.text
    without = render_bulletin(app.facts_as_of(bulletin.as_of_position), 2023, 1)
    assert bulletin_sha256(without) != bulletin.text_sha256


@when("此后又登记了问题、该案件升级为通报批评，再重新生成通报")
def later_bulletin(app: Taizhang, clock: SimulatedClock, names: Names, desk: Desk, quarter: Quarter) -> None:
    later_changes(app, clock, names, desk)
    quarter.regenerated = app.regenerate_bulletin(2023, 1)


@then("重新生成的通报与发布时逐字相同，摘要与发布时记录的相同")
def same_bulletin(app: Taizhang, quarter: Quarter) -> None:
    bulletin = app.bulletin(2023, 1)
    assert quarter.regenerated.encode("utf-8") == quarter.text.encode("utf-8")
    assert bulletin is not None and bulletin_sha256(quarter.regenerated) == bulletin.text_sha256


@then("重新生成的通报与发布时逐字相同，不载红黑榜")
def same_old_bulletin(app: Taizhang, quarter: Quarter) -> None:
    regenerated = app.regenerate_bulletin(2023, 1)
    assert regenerated.encode("utf-8") == quarter.text.encode("utf-8") and "红黑榜" not in regenerated
    bulletin = app.bulletin(2023, 1)
    assert bulletin is not None and bulletin_sha256(regenerated) == bulletin.text_sha256


@when(parsers.re(r"下载(?P<year>\d{4})年第(?P<number>\d)季度红黑榜的Word公文和Excel表格"))
def downloading(app: Taizhang, quarter: Quarter, year: str, number: str) -> None:
    quarter.files = {"docx": app.export_red_black_docx(int(year), int(number)),
                     "xlsx": app.export_red_black_xlsx(int(year), int(number))}


@then(parsers.re(r"Word公文的黑榜表格列出“(?P<village>[^”]+)”，未结问责案件(?P<cases>\d+)件"))
def word_black_list(quarter: Quarter, village: str, cases: str) -> None:
    from docx import Document

    document = Document(io.BytesIO(quarter.files["docx"]))
    black = next(t for t in document.tables if t.rows[0].cells[-1].text == "未结问责案件（件）" and len(t.columns) == 6)
    rows = [[c.text for c in row.cells] for row in black.rows][1:]
    assert [r[1] for r in rows] == [village] and rows[0][-1] == cases, rows


@then(parsers.re(r"Excel表格的红黑榜一表列出红榜(?P<red>\d+)个村，黑榜“(?P<village>[^”]+)”，未结问责案件(?P<cases>\d+)件"))
def excel_lists(quarter: Quarter, red: str, village: str, cases: str) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(quarter.files["xlsx"]))["红黑榜"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4) if row[0].value in ("红榜", "黑榜")]
    assert len([r for r in rows if r[0] == "红榜"]) == int(red)
    assert [(r[2], r[6]) for r in rows if r[0] == "黑榜"] == [(village, int(cases))], rows


@then("两份文件都以镇环境治理办公室和通报发布之日落款")
def signed(app: Taizhang, quarter: Quarter) -> None:
    from docx import Document
    from openpyxl import load_workbook

    office = f"{app.township().name}环境治理办公室"
    on = app.posted_red_black(2023, 1).published_on
    paragraphs = [p.text for p in Document(io.BytesIO(quarter.files["docx"])).paragraphs]
    assert paragraphs[-2:] == [office, f"{on.year}年{on.month}月{on.day}日"]
    cells = [c.value for row in load_workbook(io.BytesIO(quarter.files["xlsx"]))["红黑榜"].iter_rows() for c in row]
    assert f"{office}　　{on.year}年{on.month}月{on.day}日" in cells


@then(parsers.re(r"红黑榜的红榜是“(?P<one>[^”]+)”或“(?P<other>[^”]+)”"))
def red_list(published: str, one: str, other: str) -> None:
    [first] = listed(published, "一、红榜")
    assert one in first or other in first, first


@then(parsers.re(r"红黑榜的黑榜是“(?P<village>[^”]+)”，未结问责案件(?P<cases>\d+)件"))
def black_list(published: str, village: str, cases: str) -> None:
    [first] = listed(published, "二、黑榜")
    assert village in first and f"未结问责案件 {cases} 件" in first, first


@then("红黑榜写明通报的摘要")
def cites_bulletin(app: Taizhang, published: str) -> None:
    bulletin = app.bulletin(2023, 1)
    assert bulletin is not None and f"通报摘要 {bulletin.text_sha256[:16]}" in published


def later_changes(app: Taizhang, clock: SimulatedClock, names: Names, desk: Desk) -> None:
    assert desk.case is not None
    clock.advance(days=1)
    app.register_problem(Source.PUBLIC_REPORT, Category.GARBAGE_BURNING, names.villages["南山村"], "河边",
                         "焚烧垃圾", CLERK, evidence=[photo("焚烧.jpg")])
    app.escalate_case(desk.case, "notice_criticism", "季度后进，通报批评", "孙国华")


@when("此后又登记了问题、该案件升级为通报批评，再重新生成红黑榜", target_fixture="regenerated")
def later(app: Taizhang, clock: SimulatedClock, names: Names, desk: Desk) -> str:
    later_changes(app, clock, names, desk)
    return app.regenerate_red_black_list(2023, 1)


@then("重新生成的红黑榜与发布时逐字相同")
def same_text(published: str, regenerated: str) -> None:
    assert regenerated == published


# --- cases in the year-end assessment -----------------------------------------------------------------


def year_end_of(projector: Projector[Taizhang], names: Names, person: str, role: str,
                as_of: int | None = None) -> YearEndAssessment:
    """The person's 2023 year-end from the read models, checked equal to the direct calculation over the log."""
    projector.catch_up()
    assessed, snap = AssessmentQueries(projector.store).year_end(2023, as_of)
    assert assessed == projector.app.year_end_assessment(2023, snap.position)
    [mine] = [a for a in assessed if a.person_id == names.people[person] and a.role == ROLES[role]]
    return mine


@then(parsers.re(rf"(?P<person>{NAME})作为(?P<role>[^的]+)的2023年年终考核得分为(?P<points>[\d.]+)分(?P<none>，没有问责扣分)?"))
def year_end_points(projector: Projector[Taizhang], names: Names, desk: Desk, person: str, role: str, points: str,
                    none: str | None) -> None:
    mine = year_end_of(projector, names, person, role)
    assert mine.points == D(points), mine
    if none:
        assert mine.cases == ()
    desk.year_end = mine
    desk.positions.append(projector.app.recorder.max_notification_id() or 0)


@then(parsers.re(r"年终考核列明“(?P<label>[^”]+)”案件以“(?P<outcome>[^”]+)”扣(?P<points>[\d.]+)分，"
                 r"依据该案件的(?P<events>\d+)条记录"))
def year_end_case(projector: Projector[Taizhang], desk: Desk, label: str, outcome: str, points: str,
                  events: str) -> None:
    assert desk.year_end is not None
    [case] = desk.year_end.cases
    assert (case.trigger_label, case.outcome_label, case.points) == (label, outcome, D(points))
    assert case.case_id == desk.case and case.rule_version_id == rules_2023().version_id
    trail = provenance(projector.store, facts_ref([case.ref], projector.position()))
    assert [e.aggregate_id for e in trail.events] == [str(desk.case)] * int(events), trail.events
    assert trail.events[0].event_type == "AccountabilityCase.Opened"


@then(parsers.re(rf"回看约谈登记之时，(?P<person>{NAME})作为(?P<role>[^的]+)的年终考核得分为(?P<points>[\d.]+)分"))
def year_end_then(projector: Projector[Taizhang], names: Names, desk: Desk, person: str, role: str,
                  points: str) -> None:
    interviewed_at = desk.positions[1]  # the head when the points after the 约谈 were read
    then = year_end_of(projector, names, person, role, interviewed_at)
    assert then.points == D(points) and [c.outcome for c in then.cases] == ["interview"]


@then(parsers.re(r"导出的年终考核表写明“(?P<text>[^”]+)”"))
def year_end_workbook_says(projector: Projector[Taizhang], text: str) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    app = projector.app
    workbook = load_workbook(BytesIO(app.export_year_end(2023, app.recorder.max_notification_id() or 0)))
    cells = [str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None]
    assert any(text in cell for cell in cells), cells
