"""``taizhang patrols record|correct|withdraw|open-problem``: daily patrols (日巡查) and their findings.

A finding is given as ``--finding ITEM=COUNT`` (a deduction item code of the rules in force that day),
its evidence as ``--evidence ITEM=PHOTO`` (a file's path, stored like an upload, or a stored file's
sha256; repeat for several), its note as ``--note ITEM=TEXT``. The findings are then checked by the
same schema as ``POST /patrols``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import typer

from domain.acts import Evidence
from domain.assessment.patrol import Finding
from domain.errors import InvalidInput
from domain.vocabulary import Category
from taizhang.cli import resolve
from taizhang.cli.options import ActorOption, DataOption, ExpectedOption, QuietOption, day_option, load_settings
from taizhang.cli.running import acting, recorded
from taizhang.documents.assessment import FindingIn, FindingProblem, PatrolCorrect, PatrolCreate, Reason
from taizhang.settings import Settings

group = typer.Typer(help="日巡查 daily patrols: who inspected whose area, which deduction items were found.",
                          no_args_is_help=True)

FindingOption = Annotated[list[str], typer.Option("--finding", help="ITEM=COUNT, e.g. litter=2 (repeat for each item)")]
EvidenceOption = Annotated[
    list[str], typer.Option("--evidence", help="ITEM=PHOTO: a file's path or a stored sha256 (repeatable)")
]
NoteOption = Annotated[list[str], typer.Option("--note", help="ITEM=TEXT, a note on that finding")]
ReasonOption = Annotated[str, typer.Option("--reason", help="why (kept on the record)")]


def pairs(given: list[str], what_zh: str, what_en: str) -> list[tuple[str, str]]:
    out = []
    for text in given:
        item, sep, value = text.partition("=")
        if not sep or not item.strip() or not value.strip():
            raise InvalidInput(f"{what_zh} “{text}” 应写作 扣分项=…", f"{what_en} {text!r} must read ITEM=…")
        out.append((item.strip(), value.strip()))
    return out


def findings_in(settings: Settings, found: list[str], evidence: list[str], notes: list[str]) -> list[dict]:
    """The findings as the API's body would carry them; photos are stored only once the whole input reads well."""
    counts = pairs(found, "扣分项", "finding")
    refs, remarks = pairs(evidence, "证据", "evidence"), pairs(notes, "说明", "note")
    items = [item for item, _ in counts]
    for _, ref in refs:
        resolve.check_evidence(ref)
    for item, _ in refs + remarks:
        if item not in items:
            raise InvalidInput(
                f"证据或说明指向的扣分项 “{item}” 不在 --finding 中", f"{item!r} is not among the findings"
            )
    for item, count in counts:
        if not count.isdigit():
            raise InvalidInput(
                f"扣分项 “{item}” 的处数 “{count}” 不是正整数", f"count {count!r} of {item!r} is not a number"
            )
        if not any(i == item for i, _ in refs):
            raise InvalidInput(f"扣分项 “{item}” 没有证据：请用 --evidence {item}=照片 附上照片或视频",
                               f"finding {item!r} needs evidence: add --evidence {item}=PHOTO")
    return [
        {
            "item": item,
            "count": int(count),
            "evidence": [resolve.evidence(settings, ref).model_dump() for i, ref in refs if i == item],
            "note": "；".join(text for i, text in remarks if i == item),
        }
        for item, count in counts
    ]


def domain_findings(items: list[FindingIn]) -> list[Finding]:
    return [Finding(f.item, f.count, tuple(Evidence(e.sha256, e.name, e.media_type) for e in f.evidence), f.note)
            for f in items]


@group.command("record")
def record(
    day: Annotated[date, day_option("--day", help="the day inspected, YYYY-MM-DD")],
    village: Annotated[str, typer.Option("--village", help="village code (or id)")],
    inspector: Annotated[str, typer.Option("--inspector", help="who inspected: name (if unique) or person id")],
    actor: ActorOption,
    finding: FindingOption = [],  # noqa: B006 - typer reads the default
    evidence: EvidenceOption = [],  # noqa: B006
    note: NoteOption = [],  # noqa: B006
    group: Annotated[str | None, typer.Option("--group", help="the group inspected: its name (一组) or id")] = None,
    cleaner: Annotated[str | None, typer.Option("--cleaner", help="the cleaner whose area it is: name or id")] = None,
    area: Annotated[str, typer.Option("--area", help="the area inspected, in words")] = "",
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record a day's inspection of a village, a group or a cleaner's area, with every deduction item found."""
    settings = load_settings(data)
    with acting(data, actor, "patrols.record", settings) as (app, _):
        place = resolve.village(app, village)
        body = PatrolCreate.model_validate({
            "day": day, "village_id": place.id, "inspector_id": resolve.person(app, inspector, "巡查人员"),
            "findings": findings_in(settings, finding, evidence, note), "area": area,
            "group_id": resolve.group(place, group) if group else None,
            "cleaner_id": resolve.person(app, cleaner, "保洁员") if cleaner else None,
        })
        outcome = app.record_patrol(body.day, body.village_id, body.inspector_id, domain_findings(body.findings), actor,
                                    group_id=body.group_id, cleaner_id=body.cleaner_id, area=body.area)
    recorded(outcome, f"已登记 {place.name} {body.day.isoformat()} 的巡查（{len(body.findings)} 项扣分）", quiet)


@group.command("correct")
def correct(
    patrol: Annotated[uuid.UUID, typer.Argument(help="the patrol's id")],
    reason: ReasonOption,
    actor: ActorOption,
    finding: FindingOption = [],  # noqa: B006
    evidence: EvidenceOption = [],  # noqa: B006
    note: NoteOption = [],  # noqa: B006
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Replace what a patrol found (no --finding: it found nothing); in a closed month pay is adjusted next month."""
    settings = load_settings(data)
    with acting(data, actor, "patrols.correct", settings) as (app, _):
        body = PatrolCorrect.model_validate(
            {
                "findings": findings_in(settings, finding, evidence, note),
                "reason": reason,
                "expected_version": expected_version,
            }
        )
        outcome = app.correct_patrol(patrol, domain_findings(body.findings), body.reason, actor, body.expected_version)
    recorded(outcome, "已更正巡查记录", quiet)


@group.command("withdraw")
def withdraw(
    patrol: Annotated[uuid.UUID, typer.Argument(help="the patrol's id")],
    reason: ReasonOption,
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Withdraw a patrol recorded by mistake; it stays on record, marked withdrawn."""
    with acting(data, actor, "patrols.withdraw") as (app, _):
        body = Reason(reason=reason, expected_version=expected_version)
        outcome = app.withdraw_patrol(patrol, body.reason, actor, body.expected_version)
    recorded(outcome, "已撤回巡查记录", quiet)


@group.command("open-problem")
def open_problem(
    patrol: Annotated[uuid.UUID, typer.Argument(help="the patrol's id")],
    number: Annotated[int, typer.Argument(help="the finding's number (1 for the first)")],
    category: Annotated[Category, typer.Option("--category", help="the problem's category")],
    place: Annotated[str, typer.Option("--place", help="where, in words")],
    description: Annotated[str, typer.Option("--description", help="what was found")],
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Register a finding in the problem ledger (source: township patrol), linked to the patrol."""
    with acting(data, actor, "patrols.open_problem") as (app, _):
        body = FindingProblem(
            category=category, place=place, description=description, expected_version=expected_version
        )
        outcome = app.open_problem_from_finding(patrol, number, body.category, body.place, body.description, actor,
                                                body.expected_version)
    recorded(outcome, f"已将第 {number} 项扣分登记为问题", quiet)
