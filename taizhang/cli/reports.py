"""``taizhang reports submit|confirm|link|approve-reward|pay-reward|reject|forget-identity``: 有奖举报."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

import typer

from domain.acts import Evidence
from taizhang.cli import resolve
from taizhang.cli.options import ActorOption, DataOption, QuietOption, load_settings, parse_moment
from taizhang.cli.running import acting, recorded
from taizhang.documents.reports import (
    ReportConfirm,
    ReportLink,
    ReportReason,
    ReportSubmit,
    RewardApprove,
    RewardPay,
)

group = typer.Typer(
    help="有奖举报 rewarded public reports: submitted, checked, linked, rewarded and paid, or rejected.",
    no_args_is_help=True,
)
ReportArgument = Annotated[uuid.UUID, typer.Argument(help="the report's id (printed by submit)")]


@group.command("submit")
def submit(
    village: Annotated[str, typer.Option("--village", help="village code (or id)")],
    place: Annotated[str, typer.Option("--place", help="where, in words")],
    description: Annotated[str, typer.Option("--description", help="what was seen")],
    evidence: Annotated[
        list[str], typer.Option("--evidence", help="a photo or video: a file's path or a stored sha256")
    ],
    actor: ActorOption,
    reporter_name: Annotated[str, typer.Option("--reporter-name", help="kept sealed; empty for anonymous")] = "",
    reporter_contact: Annotated[str, typer.Option("--reporter-contact", help="kept sealed like the name")] = "",
    occurred_at: Annotated[
        datetime | None,
        typer.Option("--occurred-at", parser=parse_moment, metavar="TIME",
                     help="when it was seen, ISO with zone (e.g. 2024-03-05T21:30:00+08:00); now when omitted"),
    ] = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Receive a report with photo or video evidence; the reporter's name and contact are sealed at once."""
    settings = load_settings(data)
    with acting(data, actor, "reports.submit", settings) as (app, _):
        unit = resolve.village(app, village)
        body = ReportSubmit.model_validate({
            "village_id": unit.id, "place": place, "description": description, "occurred_at": occurred_at,
            "evidence": [resolve.evidence(settings, e) for e in evidence],
            "reporter_name": reporter_name, "reporter_contact": reporter_contact,
        })
        name, contact = body.reporter_name.strip(), body.reporter_contact.strip()
        identity = json.dumps({"name": name, "contact": contact}, ensure_ascii=False) if name or contact else None
        outcome = app.submit_public_report(
            body.village_id,
            body.place,
            body.description,
            [Evidence(e.sha256, e.name, e.media_type) for e in body.evidence],
            actor,
            reporter=identity,
            occurred_at=body.occurred_at,
        )
    recorded(outcome, f"已受理举报（{unit.name} {body.place}）", quiet)


@group.command("confirm")
def confirm(report: ReportArgument, actor: ActorOption,
            note: Annotated[str, typer.Option("--note", help="what the check found")] = "",
            data: DataOption = None, quiet: QuietOption = False) -> None:
    """The report checked and found true (核查属实)."""
    with acting(data, actor, "reports.confirm") as (app, _):
        outcome = app.confirm_report(report, actor, ReportConfirm(note=note).note)
    recorded(outcome, "举报已核查属实", quiet)


@group.command("link")
def link(report: ReportArgument,
         problem: Annotated[uuid.UUID, typer.Option("--problem", help="the id of the problem it revealed")],
         actor: ActorOption, data: DataOption = None, quiet: QuietOption = False) -> None:
    """Link the report to the problem it revealed."""
    with acting(data, actor, "reports.link_problem") as (app, _):
        outcome = app.link_report_to_problem(report, ReportLink(problem_id=problem).problem_id, actor)
    recorded(outcome, f"举报已关联问题 {problem}", quiet)


@group.command("approve-reward")
def approve_reward(report: ReportArgument,
                   amount: Annotated[Decimal, typer.Option("--amount", help="yuan, e.g. 200")],
                   actor: ActorOption, data: DataOption = None, quiet: QuietOption = False) -> None:
    """Approve the reward (not by whoever checked the report)."""
    with acting(data, actor, "reports.approve_reward") as (app, _):
        body = RewardApprove(amount=amount)
        outcome = app.approve_report_reward(report, body.amount, actor)
    recorded(outcome, f"已批准奖励 {body.amount} 元", quiet)


@group.command("pay-reward")
def pay_reward(report: ReportArgument,
               reference: Annotated[str, typer.Option("--reference", help="the payment reference")],
               actor: ActorOption, data: DataOption = None, quiet: QuietOption = False) -> None:
    """Record the reward as paid, with the payment reference."""
    with acting(data, actor, "reports.pay_reward") as (app, _):
        outcome = app.pay_report_reward(report, RewardPay(reference=reference).reference, actor)
    recorded(outcome, f"奖励已发放（{reference}）", quiet)


@group.command("reject")
def reject(report: ReportArgument,
           reason: Annotated[str, typer.Option("--reason", help="why it is not taken up (不予采纳)")],
           actor: ActorOption, data: DataOption = None, quiet: QuietOption = False) -> None:
    """Reject the report, with a reason."""
    with acting(data, actor, "reports.reject") as (app, _):
        outcome = app.reject_report(report, ReportReason(reason=reason).reason, actor)
    recorded(outcome, "举报不予采纳", quiet)


@group.command("forget-identity")
def forget_identity(report: ReportArgument,
                    reason: Annotated[str, typer.Option("--reason", help="the lawful request it answers")],
                    actor: ActorOption, data: DataOption = None, quiet: QuietOption = False) -> None:
    """Destroy the reporter's key: the sealed name and contact become unreadable everywhere, for good."""
    with acting(data, actor, "reports.forget_identity") as (app, _):
        outcome = app.forget_reporter(report, ReportReason(reason=reason).reason, actor)
    recorded(outcome, "举报人身份已销毁", quiet)
