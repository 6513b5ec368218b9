"""Pay sheets (draft → approved → paid), rankings, ratings and the year-end assessment, as of any moment.

Figures are answered from the read models: a closed month from its frozen closing, an open one
computed from the record as it stood at ``as_of``. Every figure names its rule version and links
to the events it rests on. A cadre sees their own village's rows, a cleaner their own rating and
pay lines (those of the person their account names), filtered on the server by ``taizhang.access.own_rows``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import Response

from api.deps import AppDep, CallerDep, ContextDep, IfMatchDep, expected_version
from api.figures import facts_link
from api.reading import AsOfQuery, ReadStoreDep, aware
from api.routes import resource_router, result
from api.routes.assessment import MonthPath, YearPath
from api.routes.ledger import snapshot_public
from api.schemas.common import CommandResult
from api.schemas.pay import (
    PayLinePublic,
    PaySheetPublic,
    RankingsPublic,
    RatingPublic,
    RatingsPublic,
    StandingPublic,
    YearEndAnswer,
    YearEndCasePublic,
    YearEndEntryPublic,
    YearEndPublic,
)
from domain.assessment.paysheet import PayLine, SheetKind
from domain.assessment.values import Month
from domain.people import Person
from projections.assessment_queries import AssessmentQueries
from taizhang.access.own_rows import own_line, own_rating, whole_table_only
from taizhang.application import Taizhang
from taizhang.audit.reprint import pay_sheet_document, print_seal, rankings_document
from taizhang.documents.assessment import SheetPaid
from taizhang.documents.base import VersionedCommand

sheets = resource_router("/pay-sheets", "pay")
rankings = resource_router("/rankings", "pay")
ratings = resource_router("/ratings", "pay")
year_end = resource_router("/year-end", "pay")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
          "description": "JSON, or the printable workbook with format=xlsx"}
}
FormatQuery = Annotated[Literal["json", "xlsx"], Query(description="xlsx: the workbook a township office prints")]


def workbook(content: bytes, name: str) -> Response:
    return Response(content, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


# --- pay sheets ------------------------------------------------------------------------------

@sheets.post("/{kind}/{month}", status_code=201, name="pay_sheets.draft")
def draft_sheet(kind: SheetKind, month: MonthPath, app: AppDep, caller: CallerDep) -> CommandResult:
    """Draft (or redraft) a closed month's sheet, with adjustments for corrections to approved months."""
    return result(app.draft_pay_sheet(kind, Month.parse(month), caller.username))


@sheets.post("/{kind}/{month}/approve", name="pay_sheets.approve")
def approve_sheet(
    kind: SheetKind, month: MonthPath, body: VersionedCommand, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Approve the sheet (not by whoever drafted it); from then on it never changes."""
    return result(app.approve_pay_sheet(kind, Month.parse(month), caller.username,
                                        expected_version(if_match, body.expected_version)))


@sheets.post("/{kind}/{month}/paid", name="pay_sheets.paid")
def mark_paid(
    kind: SheetKind, month: MonthPath, body: SheetPaid, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Record the approved sheet as paid, with the payment reference and day."""
    return result(app.mark_pay_sheet_paid(kind, Month.parse(month), body.reference, body.paid_on, caller.username,
                                          expected_version(if_match, body.expected_version)))


@sheets.get("/{kind}/{month}", name="pay_sheets.get", response_model=PaySheetPublic, responses=XLSX_RESPONSE)
def get_sheet(
    kind: SheetKind, month: MonthPath, store: ReadStoreDep, app: AppDep, caller: CallerDep, context: ContextDep,
    as_of: AsOfQuery = None, format: FormatQuery = "json",
) -> PaySheetPublic | Response:
    """The sheet as drafted (approved, paid) at ``as_of``; before drafting, what drafting would give."""
    which = Month.parse(month)
    if format == "xlsx":
        whole_table_only(caller)
        # as of a moment: the sheet as it stood then (an approved sheet not yet shown paid), not as it is now
        position = AssessmentQueries(store).pay_sheet(kind, which, aware(as_of)).snapshot.position if as_of else None
        head = position or app.recorder.max_notification_id() or 0
        seal = print_seal(app, context.settings, pay_sheet_document(kind, which), head)
        return workbook(app.export_pay_sheet(kind, which, seal, position), f"{kind.value}-{month}")
    answer = AssessmentQueries(store).pay_sheet(kind, which, aware(as_of))
    position = answer.snapshot.position
    lines = [line for line in answer.lines if own_line(caller, line)]
    return PaySheetPublic(
        kind=kind.value, month=month, snapshot=snapshot_public(answer.snapshot),
        status=answer.sheet.status.value if answer.sheet else answer.basis,
        sheet_id=answer.sheet.sheet_id if answer.sheet else None, rule_version_id=answer.rule_version_id,
        total=sum((line.amount for line in lines), Decimal(0)),
        adjustments=sum(1 for line in lines if line.is_adjustment),
        lines=[pay_line_public(line, position) for line in lines],
    )


def pay_line_public(line: PayLine, position: int) -> PayLinePublic:
    return PayLinePublic(
        person_id=line.person_id, person_name=line.person_name, role=line.role, village_id=line.village_id,
        village_name=line.village_name, basis=line.basis, amount=line.amount, for_month=line.for_month,
        rule_version_id=line.rule_version_id, adjustment=line.is_adjustment, adjusts_sheet=line.adjusts_sheet,
        provenance=facts_link([*line.refs, *line.causes], position),
    )


# --- rankings and ratings ------------------------------------------------------------------------

@rankings.get("/{month}", name="rankings.get", response_model=RankingsPublic, responses=XLSX_RESPONSE)
def get_rankings(
    month: MonthPath, store: ReadStoreDep, app: AppDep, caller: CallerDep, context: ContextDep,
    as_of: AsOfQuery = None, format: FormatQuery = "json",
) -> RankingsPublic | Response:
    """Village rankings of a month: frozen once closed, otherwise provisional as of ``as_of``."""
    which = Month.parse(month)
    answer = AssessmentQueries(store).month(which, aware(as_of))
    if format == "xlsx":
        whole_table_only(caller)
        position = answer.snapshot.position
        seal = print_seal(app, context.settings, rankings_document(which), position)
        return workbook(app.export_rankings(which, position, seal), f"rankings-{month}")
    rows = [s for s in answer.standings if not caller.is_village_scoped or s["village_id"] == str(caller.village_id)]
    return RankingsPublic(
        month=month, snapshot=snapshot_public(answer.snapshot), frozen=answer.frozen,
        rule_version_id=answer.rule_version_id, digest=answer.digest,
        standings=[standing(s, answer.snapshot.position) for s in rows],
    )


def standing(row: dict[str, Any], position: int) -> StandingPublic:
    keep = {k: v for k, v in row.items() if k in StandingPublic.model_fields and k != "provenance"}
    return StandingPublic(**keep, provenance=facts_link(row["refs"], position))


@ratings.get("/{month}", name="ratings.get")
def get_ratings(month: MonthPath, store: ReadStoreDep, app: AppDep, caller: CallerDep,
                as_of: AsOfQuery = None) -> RatingsPublic:
    """Cleaners' monthly ratings (月评比): a cleaner sees only their own."""
    answer = AssessmentQueries(store).month(Month.parse(month), aware(as_of))
    names = CleanerNames(app)
    rows = []
    for r in answer.ratings:
        if not own_rating(caller, r):
            continue
        rows.append(rating_public(r, names.of(r["cleaner_id"]), answer.snapshot.position))
    return RatingsPublic(month=month, snapshot=snapshot_public(answer.snapshot), frozen=answer.frozen,
                         rule_version_id=answer.rule_version_id, ratings=rows)


def rating_public(r: dict[str, Any], name: str, position: int) -> RatingPublic:
    return RatingPublic(
        cleaner_id=r["cleaner_id"], cleaner_name=name, score=r["score"], grade=r["grade"],
        grade_name=r["grade_name"], patrols=r["patrols"], rule_version_id=r["rule_version_id"],
        provenance=facts_link(r["refs"], position),
    )


class CleanerNames:
    def __init__(self, app: Taizhang) -> None:
        self.app = app
        self._names: dict[str, str] = {}

    def of(self, person_id: str) -> str:
        if person_id not in self._names:
            self._names[person_id] = self.app.get(Person, uuid.UUID(person_id), "人员").name
        return self._names[person_id]


# --- the year-end assessment ---------------------------------------------------------------------

@year_end.get("/{year}", name="year_end.get")
def get_year_end(year: YearPath, store: ReadStoreDep, app: AppDep, caller: CallerDep,
                 as_of: AsOfQuery = None) -> YearEndAnswer:
    """Leaders in charge and village-contact cadres: points from the villages they answered for, month by month."""
    assessed, snap = AssessmentQueries(store).year_end(year, aware(as_of))
    return YearEndAnswer(
        year=year, snapshot=snapshot_public(snap), frozen=app.year_end_record(year) is not None,
        assessments=[
            YearEndPublic(
                person_id=a.person_id, person_name=a.person_name, role=a.role, points=a.points,
                months_not_closed=list(a.months_not_closed), rule_version_ids=list(a.rule_version_ids),
                entries=[YearEndEntryPublic(month=str(e.month), village_id=e.village_id, village_name=e.village_name,
                                            rank=e.rank, band=e.band, points=e.points,
                                            rule_version_id=e.rule_version_id) for e in a.entries],
                cases=[YearEndCasePublic(case_id=c.case_id, trigger_kind=c.trigger_kind, trigger_label=c.trigger_label,
                                         day=c.day.isoformat(), reason=c.reason, outcome=c.outcome,
                                         outcome_label=c.outcome_label, points=c.points,
                                         rule_version_id=c.rule_version_id,
                                         provenance=facts_link([c.ref], snap.position)) for c in a.cases],
                village_points=a.village_points,
                provenance=facts_link([e.ref for e in a.entries] + [c.ref for c in a.cases], snap.position),
            )
            for a in assessed
        ],
    )


@year_end.post("/{year}/freeze", status_code=201, name="year_end.freeze")
def freeze_year_end(year: YearPath, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record the year-end assessment as it stands, with its digest; it can be regenerated from the record."""
    return result(app.freeze_year_end(year, caller.username))
