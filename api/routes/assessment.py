"""Rules, daily patrols, month closings and quarterly bulletins (issue 4): the commands of assessment."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Path, Query
from fastapi.responses import PlainTextResponse, Response

from api.deps import AppDep, CallerDep, ContextDep, IfMatchDep, expected_version
from api.reading import ReadStoreDep
from api.routes import resource_router, result
from api.routes.problems import evidence
from api.schemas.common import CommandResult
from domain.assessment.bulletin import bulletin_sha256
from domain.assessment.errors import PeriodNotClosed
from domain.assessment.patrol import Finding
from domain.assessment.rules import RuleVersion
from domain.assessment.values import Month
from domain.errors import NotFound
from taizhang import cases_desk
from taizhang.audit.reprint import bulletin_document, print_seal, red_black_document
from taizhang.documents.assessment import (
    FindingIn,
    FindingProblem,
    PatrolCorrect,
    PatrolCreate,
    Reason,
    RuleVersionIn,
)

rules = resource_router("/rules", "assessment")
patrols = resource_router("/patrols", "assessment")
months = resource_router("/months", "assessment")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
bulletins = resource_router("/bulletins", "assessment")

MonthPath = Annotated[str, Path(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]
YearPath = Annotated[int, Path(ge=2000, le=2100)]
QuarterPath = Annotated[int, Path(ge=1, le=4)]


class BulletinPublished(CommandResult):
    text_sha256: str


def findings(items: list[FindingIn]) -> list[Finding]:
    return [Finding(f.item, f.count, tuple(evidence(f.evidence)), f.note) for f in items]


@rules.post("", status_code=201, name="rules.adopt")
def adopt_rules(body: RuleVersionIn, app: AppDep, caller: CallerDep) -> CommandResult:
    """Adopt a rule version from the first of a month (never retroactive into a closed month)."""
    return result(app.adopt_rules(RuleVersion.from_record(body.as_record()), caller.username))


@patrols.post("", status_code=201, name="patrols.record")
def record_patrol(body: PatrolCreate, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record a day's inspection and the deduction items found, each with evidence."""
    return result(
        app.record_patrol(
            body.day, body.village_id, body.inspector_id, findings(body.findings), caller.username,
            group_id=body.group_id, cleaner_id=body.cleaner_id, area=body.area, occurred_at=body.occurred_at,
        )
    )


@patrols.post("/{patrol_id}/correct", name="patrols.correct")
def correct_patrol(
    patrol_id: uuid.UUID, body: PatrolCorrect, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Correct the findings; in a closed month the pay difference goes to the next open month."""
    return result(
        app.correct_patrol(patrol_id, findings(body.findings), body.reason, caller.username,
                           expected_version(if_match, body.expected_version))
    )


@patrols.post("/{patrol_id}/withdraw", name="patrols.withdraw")
def withdraw_patrol(
    patrol_id: uuid.UUID, body: Reason, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Withdraw a patrol recorded by mistake, with a reason."""
    return result(
        app.withdraw_patrol(patrol_id, body.reason, caller.username, expected_version(if_match, body.expected_version))
    )


@patrols.post("/{patrol_id}/findings/{number}/problem", status_code=201, name="patrols.open_problem")
def open_problem_from_finding(
    patrol_id: uuid.UUID,
    number: Annotated[int, Path(ge=1, le=100)],
    body: FindingProblem,
    app: AppDep,
    caller: CallerDep,
    if_match: IfMatchDep,
) -> CommandResult:
    """Register the finding in the problem ledger (source: township patrol); answers the problem."""
    outcome = app.open_problem_from_finding(
        patrol_id, number, body.category, body.place, body.description, caller.username,
        expected_version(if_match, body.expected_version),
    )
    return result(outcome)


@months.post("/{month}/close", name="months.close")
def close_month(month: MonthPath, app: AppDep, caller: CallerDep) -> CommandResult:
    """Close a month that is over: its ratings and rankings are frozen with a digest of their content."""
    return result(app.close_month(Month.parse(month), caller.username))


@bulletins.post("/{year}/{quarter}", status_code=201, name="bulletins.publish")
def publish_bulletin(year: YearPath, quarter: QuarterPath, store: ReadStoreDep, app: AppDep,
                     caller: CallerDep, context: ContextDep) -> BulletinPublished:
    """Publish the quarter's bulletin (季通报) with its red and black list once its three months are closed."""
    open_cases = cases_desk.open_cases_by_village(app, store, context.projector.wait_for)
    outcome, text = app.publish_bulletin(year, quarter, caller.username, open_cases)
    return BulletinPublished(**result(outcome).model_dump(), text_sha256=bulletin_sha256(text))


@bulletins.post("/{year}/{quarter}/red-black", status_code=201, name="red_black.publish")
def publish_red_black(year: YearPath, quarter: QuarterPath, store: ReadStoreDep, app: AppDep,
                      caller: CallerDep, context: ContextDep) -> BulletinPublished:
    """Publish the red and black list (红黑榜) beside a bulletin recorded before bulletins carried one."""
    open_cases = cases_desk.open_cases_by_village(app, store, context.projector.wait_for)
    outcome, text = app.publish_red_black_list(year, quarter, open_cases, caller.username)
    return BulletinPublished(**result(outcome).model_dump(), text_sha256=bulletin_sha256(text))


@bulletins.get(
    "/{year}/{quarter}/red-black",
    name="red_black.get",
    response_model=None,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}, DOCX: {"schema": {
        "type": "string", "format": "binary"}}, XLSX: {"schema": {"type": "string", "format": "binary"}}},
        "description": "the list's text, or Word (format=docx) or Excel (format=xlsx) for posting"}},
)
def get_red_black(
    year: YearPath, quarter: QuarterPath, app: AppDep, context: ContextDep,
    format: Annotated[Literal["text", "docx", "xlsx"], Query(description="docx: Word; xlsx: Excel; with their "
                                                                         "verification code")] = "text",
) -> Response:
    """The quarter's red and black list as its bulletin carries it (or as published beside an older bulletin)."""
    try:
        posted = app.posted_red_black(year, quarter)
    except PeriodNotClosed:
        raise NotFound(f"{year} 年第 {quarter} 季度红黑榜尚未发布",
                       "that red and black list is not published") from None
    if format == "text":
        return PlainTextResponse(posted.text)
    head = app.recorder.max_notification_id() or 0
    seal = print_seal(app, context.settings, red_black_document(year, quarter, format), head)
    content = (app.export_red_black_docx if format == "docx" else app.export_red_black_xlsx)(year, quarter, seal)
    return Response(content, media_type=DOCX if format == "docx" else XLSX, headers={
        "Content-Disposition": f'attachment; filename="red-black-{year}-{quarter}.{format}"'})


@bulletins.get(
    "/{year}/{quarter}",
    name="bulletins.get",
    response_model=None,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}, DOCX: {"schema": {
        "type": "string", "format": "binary"}}}, "description": "the bulletin's text, or Word with format=docx"}},
)
def get_bulletin(
    year: YearPath, quarter: QuarterPath, app: AppDep, caller: CallerDep, context: ContextDep,
    format: Annotated[Literal["text", "docx"], Query(description="docx: Word, with its verification code")] = "text",
) -> Response:
    """The published bulletin, regenerated byte for byte from the record as of its publication."""
    try:
        text = app.regenerate_bulletin(year, quarter)
    except PeriodNotClosed:
        raise NotFound(
            f"{year} 年第 {quarter} 季度通报尚未发布", f"the bulletin of {year}Q{quarter} is not published"
        ) from None
    bulletin = app.bulletin(year, quarter)
    if format == "docx":
        head = app.recorder.max_notification_id() or 0
        seal = print_seal(app, context.settings, bulletin_document(year, quarter), head)
        return Response(app.export_bulletin(year, quarter, seal), media_type=DOCX,
                        headers={"Content-Disposition": f'attachment; filename="bulletin-{year}-{quarter}.docx"'})
    return PlainTextResponse(text, headers={"X-Text-Sha256": bulletin.text_sha256 if bulletin else ""})
