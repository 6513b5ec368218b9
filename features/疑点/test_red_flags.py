"""Steps of the red flags (疑点): stories of ordinary and suspicious work, the inspector's list, and reviews."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from pytest_bdd import given, parsers, scenarios, then, when

from domain.acts import Evidence, Resources
from domain.assessment.patrol import Finding
from domain.assessment.values import Month
from domain.flags.flag import FLAG_KIND_LABELS, Flag
from domain.flags.thresholds import FlagThresholds
from domain.local_time import CHINA
from domain.problem import Location
from domain.vocabulary import Category, Source, UnitKind
from features.conftest import CLERK
from features.support import DAY, NAME, Attempt, Names, attempt, day, end_of, morning_of, photo, quoted_names
from features.疑点.conftest import Photos
from projections.flags import FlagQueries
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from taizhang.inspection import review_flag
from tests.assessment.rulebooks import rules_2023

scenarios("疑点")

KINDS = {label: kind for kind, label in FLAG_KIND_LABELS.items()}


@dataclass
class Seen:
    """What the inspector saw, and the flag the scenario is about."""

    flags: list[Flag]
    flag: Flag | None = None


def flags_now(projector: Projector[Taizhang], as_of: datetime | None = None) -> list[Flag]:
    projector.catch_up()
    today = projector.app.clock.now().astimezone(CHINA).date()
    return FlagQueries(projector.store).flags(as_of, today=today)[0]


def registered(app: Taizhang, names: Names, village: str, place: str, source: Source = Source.AERIAL_PHOTO,
               occurred: datetime | None = None, found: Evidence | None = None, location: Location | None = None
               ) -> uuid.UUID:
    return app.register_problem(source, Category.INFORMAL_DUMP, names.villages[village], place, f"{place}堆放垃圾",
                                CLERK, occurred_at=occurred, evidence=[found or photo(f"{village}{place}发现.jpg")],
                                location=location).id


# --- stories ------------------------------------------------------------------------------------

PROBLEMS = (
    rf"“(?P<village>[^”]+)”有(?P<count>\d+)个问题由(?P<reporter>{NAME})整改，(?P<verifiers>(?:“[^”]+”)+)(?:轮流)?验收"
    r"(?P<how>.*)"
)


@given(parsers.re(PROBLEMS))
def problems_worked(app: Taizhang, clock: SimulatedClock, names: Names, photos: Photos, village: str, count: str,
                    reporter: str, verifiers: str, how: str) -> None:
    """Each problem registered, assigned, rectified and verified on consecutive days, then closed."""
    checkers = quoted_names(verifiers)
    late = int(how.split("每次整改")[1].split("天后")[0]) if "天后才录入" in how else 0
    shared = quoted_names(how.split("整改照片都是")[1])[0] if "整改照片都是" in how else None
    for n in range(int(count)):
        one_problem(app, clock, names, village, reporter, checkers[n % len(checkers)], n, late=late, shared=shared,
                    as_found="就是发现时的照片" in how, sent_back="每次先被退回一次" in how,
                    photos=photos if "照片都是实拍" in how else None, resaved="压缩另存" in how)


SIDE = (rf"(?P<who>{NAME})在“(?P<village>[^”]+)”整改(?P<count>\d+)个问题、"
        rf"(?:都由(?P<one>{NAME})|由(?P<many>(?:“[^”]+”)+)轮流)验收")


@given(parsers.re(r"同期(?P<sides>.+)"))
def worked_side_by_side(app: Taizhang, clock: SimulatedClock, names: Names, sides: str) -> None:
    """Cadres' problems taken in turn, so that the same clerks were on duty for each."""
    import re

    queues = []
    for part in sides.split("，"):
        found = re.fullmatch(SIDE, part)
        assert found is not None, part
        checkers = [found["one"]] if found["one"] else quoted_names(found["many"])
        queues.append([(found["village"], found["who"], checkers[n % len(checkers)], n)
                       for n in range(int(found["count"]))])
    while any(queues):
        for queue in queues:
            if queue:
                village, who, verifier, n = queue.pop(0)
                one_problem(app, clock, names, village, who, verifier, n)


def one_problem(app: Taizhang, clock: SimulatedClock, names: Names, village: str, reporter: str, verifier: str,
                n: int, late: int = 0, shared: str | None = None, as_found: bool = False, sent_back: bool = False,
                photos: Photos | None = None, resaved: bool = False) -> None:
    clock.advance(days=1)
    place = f"{reporter}{n + 1}号点"
    found = f"{village}{place}发现.jpg"
    pid = registered(app, names, village, place, found=photos.taken(found) if photos else None)
    app.assign_problem(pid, DeadlineRequest(working_days=10), CLERK, unit_kind=UnitKind.VILLAGE,
                       unit_id=names.villages[village])
    clock.advance(days=1)
    done = clock.now()
    clock.advance(days=late)
    if sent_back:
        app.report_rectification(pid, "已清理", [photo(f"{village}{place}初次整改.jpg")], Resources(), reporter,
                                 occurred_at=done)
        clock.advance(hours=2)
        app.send_back(pid, "照片看不清，未见清运后的现场", verifier)
        clock.advance(hours=2)
        done = clock.now()
    after = f"{village}{place}发现.jpg" if as_found else shared or f"{village}{place}整改.jpg"
    if photos is None:
        shown = photo(after)
    elif resaved:  # the same picture saved again smaller and at a lower quality: another file, another sha256
        shown = photos.taken(after, quality=55, size=(800, 600), picture=found)
    else:
        shown = photos.taken(after)
    app.report_rectification(pid, "已清理", [shown], Resources(), reporter, occurred_at=done)
    clock.advance(hours=2)
    app.pass_verification(pid, verifier)
    app.close_problem(pid, CLERK)


@given(parsers.re(rf"王芳于(?P<occurred>{DAY})将“(?P<village>[^”]+)”的问题“(?P<place>[^”]+)”交办，(?P<recorded>{DAY})才录入"),
       target_fixture="problem")
def assigned_late(app: Taizhang, clock: SimulatedClock, names: Names, occurred: str, village: str, place: str,
                  recorded: str) -> uuid.UUID:
    pid = registered(app, names, village, place, occurred=morning_of(occurred))
    clock.set(end_of(day(recorded)))
    app.assign_problem(pid, DeadlineRequest(working_days=10), CLERK, occurred_at=morning_of(occurred)
                       + timedelta(hours=1), unit_kind=UnitKind.VILLAGE, unit_id=names.villages[village])
    return pid


@given(parsers.re(rf"(?P<reporter>{NAME})上报该问题的整改，发生于(?P<occurred>{DAY})"))
def rectified_on(app: Taizhang, clock: SimulatedClock, problem: uuid.UUID, reporter: str, occurred: str) -> None:
    clock.advance(hours=1)
    app.report_rectification(problem, "已清理", [photo("整改.jpg")], Resources(), reporter,
                             occurred_at=morning_of(occurred))


@given(parsers.re(rf"(?P<reporter>{NAME})上报该问题的整改，发生于(?P<occurred>{DAY})，照片拍摄于(?P<taken>{DAY})"))
def rectified_with_photo_taken(app: Taizhang, clock: SimulatedClock, photos: Photos, problem: uuid.UUID,
                               reporter: str, occurred: str, taken: str) -> None:
    clock.advance(hours=1)
    shown = photos.taken("整改.jpg", when=morning_of(taken))
    app.report_rectification(problem, "已清理", [shown], Resources(), reporter, occurred_at=morning_of(occurred))


AT = r"北纬(?P<latitude>[\d.]+)度、东经(?P<longitude>[\d.]+)度"


@given(parsers.re(rf"“(?P<village>[^”]+)”的问题“(?P<place>[^”]+)”登记在{AT}，已交办"), target_fixture="problem")
def registered_at(app: Taizhang, clock: SimulatedClock, names: Names, village: str, place: str, latitude: str,
                  longitude: str) -> uuid.UUID:
    pid = registered(app, names, village, place, location=Location(Decimal(latitude), Decimal(longitude)))
    app.assign_problem(pid, DeadlineRequest(working_days=10), CLERK, unit_kind=UnitKind.VILLAGE,
                       unit_id=names.villages[village])
    return pid


@given(parsers.re(rf"(?P<reporter>{NAME})上报该问题的整改，照片拍摄于{AT}"))
def rectified_with_photo_at(app: Taizhang, clock: SimulatedClock, photos: Photos, problem: uuid.UUID, reporter: str,
                            latitude: str, longitude: str) -> None:
    clock.advance(hours=1)
    shown = photos.taken("整改.jpg", gps=(float(latitude), float(longitude)))
    app.report_rectification(problem, "已清理", [shown], Resources(), reporter)


@given("考核规则已发布")
def rules_adopted(app: Taizhang) -> None:
    app.adopt_rules(rules_2023(), CLERK)


@given(parsers.re(rf"王芳自(?P<first>{DAY})至(?P<last>{DAY})每个工作日登记1个问题"))
def daily_registrations(app: Taizhang, clock: SimulatedClock, names: Names, first: str, last: str) -> None:
    village = next(iter(names.villages))
    moment = day(first)
    while moment <= day(last):
        if moment.weekday() < 5:
            clock.set(max(clock.now(), morning_of(f"{moment.year}年{moment.month}月{moment.day}日")))
            registered(app, names, village, f"{moment.isoformat()}巡查点")
        moment += timedelta(days=1)


@given(parsers.re(rf"王芳在(?P<first>{DAY})至(?P<last>{DAY})补录了(?P<count>\d+)个(?P<month>\d+)月发生的问题"))
def rushed(app: Taizhang, clock: SimulatedClock, names: Names, first: str, last: str, count: str, month: str) -> None:
    village = next(iter(names.villages))
    start, span = morning_of(first), end_of(day(last)) - morning_of(first) - timedelta(hours=10)
    for n in range(int(count)):
        clock.set(start + span * n / int(count))
        said = datetime(2023, int(month), 3 + n, 10, 0, tzinfo=CHINA)
        registered(app, names, village, f"补录{n + 1}号点", occurred=said)


@given(parsers.re(r"该问题延期了(?P<times>\d+)次"))
def extended(app: Taizhang, clock: SimulatedClock, problem: uuid.UUID, times: str) -> None:
    for _ in range(int(times)):
        clock.advance(days=1)
        due = app.problem(problem).deadline
        assert due is not None
        app.extend_deadline(problem, DeadlineRequest(due=due.due + timedelta(days=5)), "连续降雨无法清运", "刘强",
                            CLERK)


@given(parsers.re(rf"(?P<inspector>{NAME})自(?P<first>{DAY})至(?P<last>{DAY})每周巡查“(?P<village>[^”]+)”一次，"
                  r"(?P<deducted>从未扣分|其中一次扣分)，其间航拍反馈在该村发现(?P<found>\d+)个问题"))
def weekly_patrols(app: Taizhang, clock: SimulatedClock, names: Names, inspector: str, first: str, last: str,
                   village: str, deducted: str, found: str) -> None:
    start, end = day(first), day(last)
    weeks = (end - start).days // 7 + 1
    finds = {round(k * weeks / int(found)) for k in range(int(found))}
    for week in range(weeks):
        on = start + timedelta(days=7 * week)
        clock.set(max(clock.now(), end_of(on)))
        findings = ([Finding("litter", 1, (photo(f"巡查{week}.jpg"),))]
                    if deducted == "其中一次扣分" and week == weeks // 2 else [])
        app.record_patrol(on, names.villages[village], names.people[inspector], findings, CLERK)
        if week in finds:
            registered(app, names, village, f"航拍{week}号点")


# --- the inspector's list -------------------------------------------------------------------------


@when("纪检人员查看疑点", target_fixture="seen")
def looking(projector: Projector[Taizhang]) -> Seen:
    return Seen(flags_now(projector))


@when(parsers.re(rf"王芳于(?P<on>{DAY})对(?P<year>\d{{4}})年(?P<month>\d+)月结账"))
def month_closed(app: Taizhang, clock: SimulatedClock, on: str, year: str, month: str) -> None:
    clock.set(end_of(day(on)) - timedelta(hours=2))
    app.close_month(Month(int(year), int(month)), CLERK)


def named(app: Taizhang, flag: Flag) -> list[str]:
    from taizhang.inspection import FlagNames

    names = FlagNames(app)
    return [names.person(p) for p in flag.people] + [names.village(v) for v in flag.villages]


@then(parsers.re(r"有一条“(?P<label>[^”]+)”疑点涉及(?P<who>.+)"))
def flag_about(app: Taizhang, seen: Seen, label: str, who: str) -> None:
    wanted = [w.strip("“”") for w in who.split("和")]
    matching = [f for f in seen.flags if f.kind == KINDS[label] and set(wanted) <= set(named(app, f))]
    assert matching, [(f.kind, named(app, f), f.reason) for f in seen.flags]
    # A person's flag before their village's (a late cadre is named in both)
    seen.flag = sorted(matching, key=lambda f: ":village:" in f.key)[0]


@then(parsers.re(r"该疑点写明“(?P<text>[^”]+)”"))
def flag_says(seen: Seen, text: str) -> None:
    assert seen.flag is not None and text in seen.flag.reason, seen.flag


@then(parsers.re(rf"没有涉及(?P<who>{NAME})的疑点"))
def nothing_about(app: Taizhang, seen: Seen, who: str) -> None:
    assert not [f for f in seen.flags if who in named(app, f)]


@then("没有任何疑点")
def no_flags(seen: Seen) -> None:
    assert seen.flags == [], [f.reason for f in seen.flags]


@then(parsers.re(r"没有“(?P<label>[^”]+)”疑点"))
def none_of_kind(seen: Seen, label: str) -> None:
    assert [f for f in seen.flags if f.kind == KINDS[label]] == []


# --- reviews and the rule book ----------------------------------------------------------------------


@when(parsers.re(rf"纪检人员(?P<inspector>{NAME})将“(?P<label>[^”]+)”疑点标记为(?P<verdict>已核实|排除)，理由“(?P<reason>[^”]*)”"),
      target_fixture="attempt")
def reviewing(app: Taizhang, clock: SimulatedClock, projector: Projector[Taizhang], names: Names, inspector: str,
              label: str, verdict: str, reason: str) -> Attempt:
    [flag] = [f for f in flags_now(projector) if f.kind == KINDS[label]]
    names.seen_versions["before_review"] = app.recorder.max_notification_id() or 0
    clock.advance(hours=1)
    code = "confirmed" if verdict == "已核实" else "dismissed"
    return attempt(app, lambda: review_flag(app, projector.store, flag.key, code, reason, inspector))


@then(parsers.re(r"该疑点现在是“(?P<status>[^”]+)”，理由“(?P<reason>[^”]+)”"))
def reviewed_now(projector: Projector[Taizhang], attempt: Attempt, status: str, reason: str) -> None:
    attempt.succeeded()
    [flag] = flags_now(projector)
    assert flag.review is not None and flag.review.reason == reason
    assert {"排除": "dismissed", "已核实": "confirmed"}[status] == flag.status


@then(parsers.re(r"按标记之前的时点查看，该疑点是“待核查”"))
def open_before(projector: Projector[Taizhang], names: Names) -> None:
    projector.catch_up()
    [flag] = FlagQueries(projector.store).flags(names.seen_versions["before_review"])[0]
    assert flag.status == "open"


@when(parsers.re(rf"考核规则自(?P<start>{DAY})起允许每个问题延期(?P<times>\d+)次"))
def rules_relaxed(app: Taizhang, names: Names, start: str, times: str) -> None:
    names.seen_versions["before_rules"] = app.recorder.max_notification_id() or 0
    relaxed = replace(rules_2023(), version_id="2023-07", effective_from=day(start),
                      red_flags=FlagThresholds(max_extensions=int(times)))
    app.adopt_rules(relaxed, CLERK)


@then(parsers.re(rf"到(?P<on>{DAY})没有“(?P<label>[^”]+)”疑点"))
def none_then(projector: Projector[Taizhang], clock: SimulatedClock, on: str, label: str) -> None:
    clock.set(end_of(day(on)))
    assert [f for f in flags_now(projector) if f.kind == KINDS[label]] == []


@then(parsers.re(r"按规则修订之前的时点查看，仍有“(?P<label>[^”]+)”疑点"))
def still_then(projector: Projector[Taizhang], names: Names, label: str) -> None:
    projector.catch_up()
    before = FlagQueries(projector.store).flags(names.seen_versions["before_rules"])[0]
    assert [f.kind for f in before] == [KINDS[label]]
