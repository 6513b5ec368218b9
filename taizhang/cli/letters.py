"""``taizhang letters draft|sign|renew|revoke|households``: 目标责任书 and 门前五包 letters, and household counts."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import typer

from domain.assessment.letters import LETTER_KIND_LABELS, SIDES, LetterKind
from taizhang.access.objects import check_letter, check_letter_draft, check_village
from taizhang.cli import resolve
from taizhang.cli.options import ActorOption, DataOption, ExpectedOption, QuietOption, day_option
from taizhang.cli.running import acting, recorded
from taizhang.documents.assessment import HouseholdCount, LetterCreate, LetterRenew, LetterRevoke, LetterSign

group = typer.Typer(help="责任书 responsibility letters: township↔village targets, village↔household 门前五包.",
                          no_args_is_help=True)
LetterArgument = Annotated[uuid.UUID, typer.Argument(help="the letter's id (printed by draft)")]
DayOption = Annotated[date, day_option("--day", help="the day, YYYY-MM-DD")]
FromOption = Annotated[date, day_option("--from", help="first day of the term, YYYY-MM-DD")]
ToOption = Annotated[date, day_option("--to", help="last day of the term, YYYY-MM-DD")]
TargetOption = Annotated[list[str], typer.Option("--target", help="a target or duty of the letter (repeat for each)")]


@group.command("draft")
def draft(
    kind: Annotated[LetterKind, typer.Argument(help="target (镇↔村) or five_guarantees (村↔户)")],
    village: Annotated[str, typer.Option("--village", help="village code (or id)")],
    start: FromOption,
    end: ToOption,
    actor: ActorOption,
    target: TargetOption = [],  # noqa: B006 - typer reads the default
    household: Annotated[str, typer.Option("--household", help="the household of a 门前五包 letter")] = "",
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Draft a letter with its targets and term; it is in force once both sides have signed."""
    with acting(data, actor, "letters.draft") as (app, caller):
        place = resolve.village(app, village)
        body = LetterCreate(kind=kind, village_id=place.id, targets=target, period_start=start,
                            period_end=end, household=household)
        check_letter_draft(caller, body.village_id, body.kind)
        outcome = app.draft_letter(body.kind, body.village_id, list(body.targets), body.period_start, body.period_end,
                                   actor, household=body.household)
    recorded(outcome, f"已起草{place.name}{body.household}的{LETTER_KIND_LABELS[kind]}", quiet)


@group.command("sign")
def sign(
    letter: LetterArgument,
    side: Annotated[str, typer.Option("--side", help="first (甲方) or second (乙方)")],
    signatory: Annotated[str, typer.Option("--signatory", help="who signed")],
    day: DayOption,
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """One side signs the current term."""
    with acting(data, actor, "letters.sign") as (app, caller):
        check_letter(caller, app.letter(letter))
        body = LetterSign.model_validate(  # the side arrives as text: the document checks it is first or second
            {"side": side, "signatory": signatory, "day": day, "expected_version": expected_version}
        )
        outcome = app.sign_letter(letter, body.side, body.signatory, body.day, actor, body.expected_version)
    recorded(outcome, f"{SIDES.get(side, side)} {signatory} 已签字", quiet)


@group.command("renew")
def renew(
    letter: LetterArgument,
    start: FromOption,
    end: ToOption,
    actor: ActorOption,
    target: Annotated[list[str] | None, typer.Option("--target", help="new targets (default: the same)")] = None,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """A new term (with the same targets unless given); both sides sign it again."""
    with acting(data, actor, "letters.renew") as (app, caller):
        check_letter(caller, app.letter(letter))
        body = LetterRenew(period_start=start, period_end=end, targets=target or None,
                           expected_version=expected_version)
        targets = list(body.targets) if body.targets is not None else None
        outcome = app.renew_letter(letter, body.period_start, body.period_end, actor, targets, body.expected_version)
    recorded(outcome, f"已续签至 {body.period_end.isoformat()}", quiet)


@group.command("revoke")
def revoke(
    letter: LetterArgument,
    day: DayOption,
    reason: Annotated[str, typer.Option("--reason", help="why (kept on the record)")],
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Revoke the letter from a day; it stays on record and no longer counts from then."""
    with acting(data, actor, "letters.revoke") as (app, caller):
        check_letter(caller, app.letter(letter))
        body = LetterRevoke(day=day, reason=reason, expected_version=expected_version)
        outcome = app.revoke_letter(letter, body.day, body.reason, actor, body.expected_version)
    recorded(outcome, f"责任书自 {body.day.isoformat()} 起撤销", quiet)


@group.command("households")
def households(
    village: Annotated[str, typer.Argument(help="village code (or id)")],
    count: Annotated[int, typer.Argument(help="how many households")],
    as_on: Annotated[date, day_option("--as-on", help="the day the count holds from, YYYY-MM-DD")],
    source: Annotated[str, typer.Option("--source", help="where the count comes from, e.g. 2023 年户籍统计")],
    actor: ActorOption,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record a village's household count: the denominator of its 门前五包 coverage."""
    with acting(data, actor, "villages.count_households") as (app, caller):
        place = resolve.village(app, village)
        check_village(caller, place.id)
        body = HouseholdCount(households=count, as_on=as_on, source=source)
        outcome = app.count_households(place.id, body.households, body.as_on, body.source, actor)
    recorded(outcome, f"已登记 {place.name} {body.households} 户（自 {body.as_on.isoformat()}）", quiet)
