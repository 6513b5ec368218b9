"""``taizhang pay-sheets draft|approve|mark-paid KIND MONTH``: a month's sheet from draft to approved to paid."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from domain.assessment.paysheet import SHEET_KIND_LABELS, SheetKind
from taizhang.cli.options import ActorOption, DataOption, ExpectedOption, MonthArgument, QuietOption, day_option
from taizhang.cli.running import acting, recorded
from taizhang.documents.assessment import SheetPaid

group = typer.Typer(help="发放表 pay sheets: draft, approve (by someone else), mark paid. Print with pay-sheet.",
                             no_args_is_help=True)
KindArgument = Annotated[SheetKind, typer.Argument(help="cleaner_bonus or cadre_pay")]


@group.command("draft")
def draft(kind: KindArgument, month: MonthArgument, actor: ActorOption, data: DataOption = None,
          quiet: QuietOption = False) -> None:
    """Draft (or redraft) a closed month's sheet, with adjustment lines for corrections to approved months."""
    with acting(data, actor, "pay_sheets.draft") as (app, _):
        which = month
        outcome = app.draft_pay_sheet(kind, which, actor)
        sheet = app.pay_sheet(kind, which)
    lines = sheet.lines if sheet else []
    adjustments = sum(1 for line in lines if line.is_adjustment)
    recorded(
        outcome, f"已编制 {which} {SHEET_KIND_LABELS[kind]}（{len(lines)} 行，其中补发/扣回 {adjustments} 行）", quiet
    )


@group.command("approve")
def approve(kind: KindArgument, month: MonthArgument, actor: ActorOption, expected_version: ExpectedOption = None,
            data: DataOption = None, quiet: QuietOption = False) -> None:
    """Approve the sheet (not by whoever drafted it); from then on it never changes."""
    with acting(data, actor, "pay_sheets.approve") as (app, _):
        which = month
        outcome = app.approve_pay_sheet(kind, which, actor, expected_version)
    recorded(outcome, f"已审批 {which} {SHEET_KIND_LABELS[kind]}", quiet)


@group.command("mark-paid")
def mark_paid(
    kind: KindArgument,
    month: MonthArgument,
    reference: Annotated[str, typer.Option("--reference", help="the bank batch or voucher number")],
    paid_on: Annotated[date, day_option("--paid-on", help="the day paid, YYYY-MM-DD")],
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record the approved sheet as paid, with the payment reference and day."""
    with acting(data, actor, "pay_sheets.paid") as (app, _):
        which = month
        body = SheetPaid(reference=reference, paid_on=paid_on, expected_version=expected_version)
        outcome = app.mark_pay_sheet_paid(kind, which, body.reference, body.paid_on, actor, body.expected_version)
    recorded(outcome, f"已登记 {which} {SHEET_KIND_LABELS[kind]}已发放（{body.reference}）", quiet)
