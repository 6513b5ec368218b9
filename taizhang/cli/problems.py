"""``taizhang problems register|assign|extend|report|pass|send-back|close|reopen|void|show``: the problem ledger.

Every step takes the same input document as its ``POST /problems…`` route (``taizhang.documents.problems``)
and meets the same refusals; a source or category is given by its code or its Chinese name, a village
by its code, a group by its name, evidence by a file's path (stored as an upload is) or a stored sha256.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Annotated, Any

import typer

from domain.acts import Evidence, Resources, as_fact
from domain.local_time import CHINA
from domain.problem import Problem
from domain.vocabulary import CATEGORY_LABELS, SOURCE_LABELS, Category, Source, UnitKind, VoidKind
from domain.words import FIELD_LABELS, event_word, word
from taizhang.access.caller import Caller
from taizhang.access.objects import check_problem, check_source, check_village
from taizhang.application import Taizhang
from taizhang.cli import resolve
from taizhang.cli.options import (
    ActorOption,
    DataOption,
    ExpectedOption,
    JsonOption,
    QuietOption,
    choice_of,
    day_option,
    load_settings,
    parse_moment,
)
from taizhang.cli.output import plain
from taizhang.cli.running import acting, recorded, recording
from taizhang.commands.problems import DeadlineRequest
from taizhang.documents.problems import (
    DeadlineExtend,
    DeadlineIn,
    EvidenceIn,
    ProblemAssign,
    ProblemClose,
    ProblemCreate,
    ProblemReopen,
    ProblemVoid,
    RectificationReport,
    Verification,
    as_location,
    parse_location,
)
from taizhang.names import PeopleNames

group = typer.Typer(help="问题台账 the problem ledger: register, assign, rectify, verify, close (对账销号).",
                    no_args_is_help=True)


def parse_source(text: str) -> Source:
    return choice_of(text, SOURCE_LABELS, "来源", "source")


def parse_category(text: str) -> Category:
    return choice_of(text, CATEGORY_LABELS, "类别", "category")


ProblemArgument = Annotated[uuid.UUID, typer.Argument(help="the problem's id (printed by register)")]
OccurredOption = Annotated[
    datetime | None,
    typer.Option("--occurred-at", parser=parse_moment, metavar="TIME",
                 help="when it happened, ISO with zone (e.g. 2023-03-01T09:00:00+08:00); now when omitted"),
]
DueOption = Annotated[date | None, day_option("--due", help="the deadline, YYYY-MM-DD")]
WorkingDaysOption = Annotated[
    int | None, typer.Option("--working-days", min=1, max=250, help="or the deadline in working days")
]
EvidenceOption = Annotated[
    list[str], typer.Option("--evidence", help="a photo, video or document: a file's path or a stored sha256")
]
NoteOption = Annotated[str, typer.Option("--note", help="a note kept on the record")]
ReasonOption = Annotated[str, typer.Option("--reason", help="why (kept on the record)")]


def deadline_in(due: date | None, working_days: int | None) -> dict[str, Any]:
    return {"due": due, "working_days": working_days}


def deadline(given: DeadlineIn) -> DeadlineRequest:
    return DeadlineRequest(due=given.due, working_days=given.working_days)


def evidence(items: list[EvidenceIn]) -> list[Evidence]:
    return [Evidence(e.sha256, e.name, e.media_type) for e in items]


def reachable(app: Taizhang, caller: Caller, problem_id: uuid.UUID) -> None:
    """A cadre acts on their village's problems only, as on the API: any other is as if it did not exist."""
    check_problem(caller, app.problem(problem_id))


@group.command("register")
def register(
    source: Annotated[Source, typer.Option("--source", parser=parse_source, metavar="来源",
                                           help="where it was found: 航拍反馈 (aerial_photo), 县级反馈 …")],
    category: Annotated[Category, typer.Option("--category", parser=parse_category, metavar="类别",
                                               help="what it is: 白色垃圾 (plastic_litter), 陈年垃圾 …")],
    village: Annotated[str, typer.Option("--village", help="village code (or id)")],
    place: Annotated[str, typer.Option("--place", help="where, in words")],
    description: Annotated[str, typer.Option("--description", help="what was found")],
    actor: ActorOption,
    group_name: Annotated[str | None, typer.Option("--group", help="the group (村民小组): its name or id")] = None,
    evidence_given: EvidenceOption = [],  # noqa: B006 - typer reads the default
    occurred_at: OccurredOption = None,
    location: Annotated[str, typer.Option("--location", help="coordinates: latitude,longitude (optional)")] = "",
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Register a problem found in the township (登记)."""
    settings = load_settings(data)
    with acting(data, actor, "problems.register", settings) as (app, caller):
        unit = resolve.village(app, village)
        check_village(caller, unit.id)
        check_source(caller, source)
        body = ProblemCreate.model_validate({
            "source": source, "category": category, "village_id": unit.id, "place": place,
            "description": description, "occurred_at": occurred_at,
            "group_id": resolve.group(unit, group_name) if group_name else None,
            "evidence": [resolve.evidence(settings, e) for e in evidence_given],
            "location": parse_location(location),
        })
        outcome = app.register_problem(body.source, body.category, body.village_id, body.place, body.description,
                                       actor, occurred_at=body.occurred_at, evidence=evidence(body.evidence),
                                       group_id=body.group_id, location=as_location(body.location))
    recorded(outcome, f"已登记问题（{unit.name} {body.place}）", quiet)


@group.command("assign")
def assign(
    problem: ProblemArgument,
    actor: ActorOption,
    due: DueOption = None,
    working_days: WorkingDaysOption = None,
    group_name: Annotated[str | None, typer.Option("--group", help="assign to this group of the village")] = None,
    note: NoteOption = "",
    occurred_at: OccurredOption = None,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Assign the problem to its village (or a group) with a deadline (限期督办)."""
    with acting(data, actor, "problems.assign") as (app, caller):
        reachable(app, caller, problem)
        unit_id, unit_kind = None, UnitKind.VILLAGE
        if group_name:
            found = app.problem(problem)
            unit_id, unit_kind = resolve.group(resolve.village(app, str(found.village_id)), group_name), UnitKind.GROUP
        body = ProblemAssign.model_validate({
            "deadline": deadline_in(due, working_days), "unit_kind": unit_kind, "unit_id": unit_id, "note": note,
            "occurred_at": occurred_at, "expected_version": expected_version,
        })
        outcome = app.assign_problem(problem, deadline(body.deadline), actor, occurred_at=body.occurred_at,
                                     unit_kind=body.unit_kind, unit_id=body.unit_id, note=body.note,
                                     expected_version=body.expected_version)
        due_day = app.problem(problem).deadline
    recorded(outcome, f"已交办，期限 {due_day.describe() if due_day else ''}", quiet)


@group.command("extend")
def extend(
    problem: ProblemArgument,
    reason: ReasonOption,
    approver: Annotated[str, typer.Option("--approver", help="who allowed the extension")],
    actor: ActorOption,
    due: DueOption = None,
    working_days: WorkingDaysOption = None,
    occurred_at: OccurredOption = None,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Extend the deadline, with a reason and the approver who allowed it."""
    with acting(data, actor, "problems.extend_deadline") as (app, caller):
        reachable(app, caller, problem)
        body = DeadlineExtend.model_validate({
            "deadline": deadline_in(due, working_days), "reason": reason, "approver": approver,
            "occurred_at": occurred_at, "expected_version": expected_version,
        })
        outcome = app.extend_deadline(problem, deadline(body.deadline), body.reason, body.approver, actor,
                                      occurred_at=body.occurred_at, expected_version=body.expected_version)
    recorded(outcome, "已延期", quiet)


@group.command("report")
def report(
    problem: ProblemArgument,
    description: Annotated[str, typer.Option("--description", help="what was done")],
    actor: ActorOption,
    evidence_given: EvidenceOption = [],  # noqa: B006 - typer reads the default
    labour: Annotated[int, typer.Option("--labour", min=0, help="labour, person-times (人次)")] = 0,
    machinery: Annotated[int, typer.Option("--machinery", min=0, help="machinery, unit-times (台次)")] = 0,
    tonnes: Annotated[str, typer.Option("--tonnes", help="garbage cleared, tonnes (吨)")] = "0",
    buildings: Annotated[int, typer.Option("--buildings", min=0, help="buildings demolished (处)")] = 0,
    occurred_at: OccurredOption = None,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Report the rectification done (整改上报), with evidence and the resources it took."""
    settings = load_settings(data)
    with acting(data, actor, "problems.report_rectification", settings) as (app, caller):
        reachable(app, caller, problem)
        body = RectificationReport.model_validate({
            "description": description, "occurred_at": occurred_at, "expected_version": expected_version,
            "evidence": [resolve.evidence(settings, e) for e in evidence_given],
            "resources": {"labour_person_times": labour, "machinery_unit_times": machinery, "tonnes_cleared": tonnes,
                          "buildings_demolished": buildings},
        })
        resources = Resources(**body.resources.model_dump())
        outcome = app.report_rectification(problem, body.description, evidence(body.evidence), resources, actor,
                                           occurred_at=body.occurred_at, expected_version=body.expected_version)
    recorded(outcome, "已上报整改", quiet)


@group.command("pass")
def pass_(
    problem: ProblemArgument, actor: ActorOption, note: NoteOption = "", occurred_at: OccurredOption = None,
    expected_version: ExpectedOption = None, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Pass the reported rectification (验收通过; not by whoever reported it)."""
    with acting(data, actor, "problems.verify") as (app, caller):
        reachable(app, caller, problem)
        body = Verification.model_validate({"outcome": "pass", "note": note, "occurred_at": occurred_at,
                                            "expected_version": expected_version})
        outcome = app.pass_verification(problem, actor, body.occurred_at, body.note, body.expected_version)
    recorded(outcome, "验收通过", quiet)


@group.command("send-back")
def send_back(
    problem: ProblemArgument, reason: ReasonOption, actor: ActorOption, occurred_at: OccurredOption = None,
    expected_version: ExpectedOption = None, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Send the rectification back with a reason (验收退回; not by whoever reported it)."""
    with acting(data, actor, "problems.verify") as (app, caller):
        reachable(app, caller, problem)
        body = Verification.model_validate({"outcome": "send_back", "reason": reason, "occurred_at": occurred_at,
                                            "expected_version": expected_version})
        outcome = app.send_back(problem, body.reason, actor, body.occurred_at, body.expected_version)
    recorded(outcome, "已退回整改", quiet)


@group.command("close")
def close(
    problem: ProblemArgument, actor: ActorOption, note: NoteOption = "", occurred_at: OccurredOption = None,
    expected_version: ExpectedOption = None, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Close the problem after a passed verification (对账销号)."""
    with acting(data, actor, "problems.close") as (app, caller):
        reachable(app, caller, problem)
        body = ProblemClose.model_validate({"note": note, "occurred_at": occurred_at,
                                            "expected_version": expected_version})
        outcome = app.close_problem(problem, actor, body.occurred_at, body.note, body.expected_version)
        on_time = app.problem(problem).closed_on_time
    recorded(outcome, "已销号（按期）" if on_time else "已销号（逾期）", quiet)


@group.command("reopen")
def reopen(
    problem: ProblemArgument, reason: ReasonOption, actor: ActorOption, due: DueOption = None,
    working_days: WorkingDaysOption = None, occurred_at: OccurredOption = None,
    expected_version: ExpectedOption = None, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Reopen a closed problem, with a reason and a new deadline."""
    with acting(data, actor, "problems.reopen") as (app, caller):
        reachable(app, caller, problem)
        body = ProblemReopen.model_validate({
            "reason": reason, "deadline": deadline_in(due, working_days), "occurred_at": occurred_at,
            "expected_version": expected_version,
        })
        outcome = app.reopen_problem(problem, body.reason, deadline(body.deadline), actor, body.occurred_at,
                                     body.expected_version)
    recorded(outcome, "已重新打开", quiet)


@group.command("void")
def void(
    problem: ProblemArgument,
    kind: Annotated[VoidKind, typer.Option("--kind", help="duplicate (重复登记) or mistake (误登记)")],
    reason: ReasonOption,
    actor: ActorOption,
    original: Annotated[uuid.UUID | None, typer.Option("--original", help="the problem it duplicates")] = None,
    occurred_at: OccurredOption = None,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Void a duplicate or mistaken registration, with a reason; it stays on record."""
    with acting(data, actor, "problems.void") as (app, caller):
        reachable(app, caller, problem)
        body = ProblemVoid.model_validate({"kind": kind, "reason": reason, "original_id": original,
                                           "occurred_at": occurred_at, "expected_version": expected_version})
        outcome = app.void_problem(problem, body.kind, body.reason, actor, body.original_id, body.occurred_at,
                                   body.expected_version)
    recorded(outcome, f"已作废（{word('void_kind', body.kind)}）", quiet)


@group.command("show")
def show(problem: ProblemArgument, data: DataOption = None, as_json: JsonOption = False) -> None:
    """The problem as it stands, and every step of its record with who did it and both times."""
    with recording(data) as app:  # the problem itself, not a read model: nothing to catch up
        found = app.problem(problem)
        village = resolve.village(app, str(found.village_id))
        steps = [as_fact(e) for e in app.repository.event_store.get(found.id)]
        names = PeopleNames(app)
        who = {s.actor: names.name(s.actor) for s in steps}
    if as_json:
        typer.echo(plain_json(found, village.name, steps, who))
        return
    deadline_text = found.deadline.describe() if found.deadline else "—"
    typer.echo(f"问题 {found.id}（版本 {found.version}）")
    typer.echo(f"阶段：{word('stage', found.stage)}　来源：{word('source', found.source)}　"
               f"类别：{word('category', found.category)}")
    group_text = f" {village.groups.get(found.group_id, '')}" if found.group_id else ""
    typer.echo(f"村：{village.name}{group_text}　地点：{found.place}　期限：{deadline_text}")
    typer.echo(f"情况：{found.description}")
    for step in steps:
        when = (f"发生 {step.occurred_at.astimezone(CHINA):%Y-%m-%d %H:%M}，"
                f"记录 {step.timestamp.astimezone(CHINA):%Y-%m-%d %H:%M}")
        typer.echo(f"  {step.originator_version}. {event_word(type(step).__qualname__)}　{who[step.actor]}　{when}")
        for key in ("reason", "note", "approver", "deadline"):
            value = getattr(step, key, None)
            if value not in (None, ""):
                typer.echo(f"     {FIELD_LABELS[key]}：{value}")


def plain_json(problem: Problem, village_name: str, steps: list[Any], who: dict[str, str]) -> str:
    return json.dumps(plain({
        "id": str(problem.id), "version": problem.version, "stage": problem.stage.value,
        "source": problem.source.value, "category": problem.category.value, "village": village_name,
        "place": problem.place, "description": problem.description,
        "deadline": problem.deadline.due if problem.deadline else None,
        "timeline": [{"version": s.originator_version, "step": event_word(type(s).__qualname__), "actor": s.actor,
                      "actor_name": who[s.actor], "occurred_at": s.occurred_at, "recorded_at": s.timestamp,
                      "reason": getattr(s, "reason", None)} for s in steps],
    }), ensure_ascii=False, indent=2, default=str)

