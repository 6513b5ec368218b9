"""``taizhang cases triggers|list|open|interview|commit|follow-up|close|escalate``: accountability cases."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import typer

from taizhang import cases_desk
from taizhang.cli.options import (
    ActorOption,
    AsOfOption,
    DataOption,
    JsonOption,
    QuietOption,
    at,
    day_option,
    load_settings,
)
from taizhang.cli.output import print_rows
from taizhang.cli.running import acting, caught_up_reads, projecting, recorded
from taizhang.documents.cases import CaseNote, CommitmentIn, EscalationIn, FollowUpIn, InterviewIn

group = typer.Typer(
    help="问责 accountability cases: triggers fired, 约谈, commitment, follow-up, closing or escalation.",
    no_args_is_help=True,
)
CaseArgument = Annotated[uuid.UUID, typer.Argument(help="the case's id (printed by open)")]


def people(respondents: list[dict[str, str]]) -> str:
    return "、".join(f"{r['name']}（{cases_desk.role_word(r['role'])}）" if r["role"] else r["name"]
                    for r in respondents)


@group.command("triggers")
def triggers(data: DataOption = None, as_json: JsonOption = False) -> None:
    """The rule book's triggers that have fired and have no case yet, with who held the posts then."""
    with projecting(data) as projector, projector.app.facts_held():  # one fold for every trigger
        projector.catch_up()
        fired = [(t, cases_desk.respondents(projector.app, t)) for t in cases_desk.fired(projector.app,
                                                                                      projector.store)]
    rows = [{"kind": t.label, "reason": t.reason, "people": people(r) if not as_json else r, "trigger_key": t.key}
            for t, r in fired]
    print_rows(rows, as_json, f"已触发、尚未立案 {len(rows)} 项", {})


@group.command("list")
def list_cases(as_of: AsOfOption = None, data: DataOption = None, as_json: JsonOption = False) -> None:
    """Every case as the record stood (``--as-of``; now, when not given), from the cases read model."""
    with projecting(data) as projector:
        projector.catch_up()
        cases, snap = cases_desk.cases_on_record(projector.store, at(as_of))
    if as_json:
        rows = [c.as_summary() for c in cases]
    else:
        rows = [{"id": c.case_id, "reason": c.reason, "people": people(c.respondents), "case_stage": c.stage_text,
                 "positions": "、".join(str(p) for p in c.positions)} for c in cases]
    print_rows(rows, as_json, f"问责案件 {len(rows)} 件", {"as_of": snap.as_dict()})


@group.command("open")
def open_case(
    trigger: Annotated[str, typer.Argument(help="the trigger's key (printed by triggers)")],
    actor: ActorOption, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Open the case of a trigger that has fired, against those who held the responsible posts on its day."""
    settings = load_settings(data)
    with acting(data, actor, "cases.open", settings) as (app, _), caught_up_reads(app, settings) as reads:
        outcome = cases_desk.open_case(app, reads.store, trigger, actor)
    recorded(outcome, "已问责立案", quiet)


@group.command("interview")
def interview(
    case: CaseArgument,
    held_on: Annotated[date, day_option("--held-on", help="the day of the 约谈")],
    attendee: Annotated[list[str], typer.Option("--attendee", help="who attended (repeat for each)")],
    minutes: Annotated[str, typer.Option("--minutes", help="the minutes of the 约谈")],
    actor: ActorOption, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Record the 约谈: when, who attended, the minutes."""
    with acting(data, actor, "cases.interview") as (app, _):
        body = InterviewIn.model_validate({"held_on": held_on, "attendees": attendee, "minutes": minutes})
        outcome = app.hold_interview(case, body.held_on, list(body.attendees), body.minutes, [], actor)
    recorded(outcome, "已登记约谈", quiet)


@group.command("commit")
def commit(
    case: CaseArgument,
    what: Annotated[str, typer.Option("--what", help="what the respondents committed to")],
    due: Annotated[date, day_option("--due", help="by when")],
    actor: ActorOption, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Record the commitment made at the 约谈 and its day."""
    with acting(data, actor, "cases.commit") as (app, _):
        body = CommitmentIn.model_validate({"what": what, "due": due})
        outcome = app.make_commitment(case, body.what, body.due, actor)
    recorded(outcome, "已登记整改承诺", quiet)


@group.command("follow-up")
def follow_up(
    case: CaseArgument,
    note: Annotated[str, typer.Option("--note", help="what the follow-up found")],
    actor: ActorOption,
    met: Annotated[bool, typer.Option("--met/--not-met", help="whether the commitment was met (not, unless said)")]
    = False,
    data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Record the follow-up check of the commitment."""
    with acting(data, actor, "cases.follow_up") as (app, _):
        body = FollowUpIn.model_validate({"met": met, "note": note})
        outcome = app.check_follow_up(case, body.met, body.note, actor)
    recorded(outcome, "已登记回访核查", quiet)


@group.command("close")
def close(
    case: CaseArgument, note: Annotated[str, typer.Option("--note", help="why it is closed")],
    actor: ActorOption, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Close a case whose commitment was met; not by whoever opened it."""
    with acting(data, actor, "cases.close") as (app, _):
        body = CaseNote.model_validate({"note": note})
        outcome = app.close_case(case, body.note, actor)
    recorded(outcome, "已结案", quiet)


@group.command("escalate")
def escalate(
    case: CaseArgument,
    to: Annotated[str, typer.Option("--to", help="notice_criticism (通报批评) or county (移送县级问责)")],
    reason: Annotated[str, typer.Option("--reason", help="why")],
    actor: ActorOption, data: DataOption = None, quiet: QuietOption = False,
) -> None:
    """Escalate the case: 通报批评, or refer it to the county."""
    with acting(data, actor, "cases.escalate") as (app, _):
        body = EscalationIn.model_validate({"to": to, "reason": reason})
        outcome = app.escalate_case(case, body.to, body.reason, actor)
    recorded(outcome, "已升级处理", quiet)
