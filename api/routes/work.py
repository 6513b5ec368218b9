"""Campaign work records (typed, correctable only by later events), toilet surveys, sewage stations,
and the import of an existing Excel problem ledger as late entries."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import File, UploadFile

from api.deps import AppDep, CallerDep, IfMatchDep, expected_version
from api.routes import resource_router, result
from api.routes.problems import evidence
from api.routing import BODY_LIMIT
from api.schemas.common import CommandResult, ErrorPublic
from domain.errors import InvalidInput
from taizhang.bodies import MULTIPART_OVERHEAD
from taizhang.documents.work import (
    CustodianChange,
    SewageStationCreate,
    ToiletSurveyIn,
    Withdrawal,
    WorkCorrect,
    WorkRecordCreate,
)

router = resource_router("/work-records", "work records")
surveys = resource_router("/villages", "work records")
stations = resource_router("/sewage-stations", "work records")
imports = resource_router("/imports", "work records")
MAX_SHEET = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("", status_code=201, name="work.record")
def record_work(body: WorkRecordCreate, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record a piece of campaign work (an indicator of the catalogue and how much)."""
    return result(
        app.record_work(
            body.indicator, body.quantity, caller.username, village_id=body.village_id, place=body.place,
            note=body.note, evidence=evidence(body.evidence), occurred_at=body.occurred_at,
        )
    )


@router.post("/{record_id}/correct", name="work.correct")
def correct_work(
    record_id: uuid.UUID, body: WorkCorrect, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Correct the quantity, with a reason; the original stays on record."""
    return result(
        app.correct_work(record_id, body.quantity, body.reason, caller.username, body.occurred_at,
                         expected_version(if_match, body.expected_version))
    )


@router.post("/{record_id}/withdraw", name="work.withdraw")
def withdraw_work(
    record_id: uuid.UUID, body: Withdrawal, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Withdraw a record entered by mistake, with a reason; it no longer counts but stays on record."""
    return result(
        app.withdraw_work(record_id, body.reason, caller.username, body.occurred_at,
                          expected_version(if_match, body.expected_version))
    )


@surveys.post("/{village_id}/toilet-survey", name="work.survey_toilets")
def survey_toilets(village_id: uuid.UUID, body: ToiletSurveyIn, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record the village's toilet survey: households, renovated, pending (a resurvey needs a reason)."""
    return result(
        app.survey_toilets(village_id, body.households, body.renovated, body.pending, caller.username,
                           body.reason, body.occurred_at)
    )


@stations.post("", status_code=201, name="work.build_sewage_station")
def build_sewage_station(body: SewageStationCreate, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record a sewage station built, with its custodian and care posts."""
    return result(
        app.build_sewage_station(body.village_id, body.name, body.custodian_id, body.care_posts, caller.username,
                                 body.occurred_at)
    )


@stations.post("/{station_id}/custodian", name="work.change_custodian")
def change_custodian(
    station_id: uuid.UUID, body: CustodianChange, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Hand the station to another custodian, with a reason."""
    return result(
        app.change_station_custodian(station_id, body.custodian_id, body.reason, caller.username,
                                     expected_version(if_match, body.expected_version))
    )


def workbook(file: UploadFile, default_name: str) -> tuple[bytes, str]:
    """An uploaded workbook's bytes, refused over 20 MB, and its name as the import records it."""
    content = file.file.read(MAX_SHEET + 1)
    if len(content) > MAX_SHEET:
        raise InvalidInput("文件超过 20 MB", "the workbook is larger than 20 MB")
    return content, (file.filename or default_name)[:200]


@imports.post(
    "/excel-ledger",
    status_code=201,
    name="imports.excel_ledger",
    openapi_extra={BODY_LIMIT: MAX_SHEET + MULTIPART_OVERHEAD},
    responses={
        422: {"model": ErrorPublic, "description": "the file is refused whole; details.rows lists each bad row"}
    },
)
def import_excel_ledger(
    file: Annotated[UploadFile, File(description="the ledger as .xlsx, columns as in docs/EXCEL-LEDGER.md")],
    app: AppDep,
    caller: CallerDep,
) -> CommandResult:
    """Import an Excel problem ledger as late entries: every row valid, or nothing recorded."""
    content, name = workbook(file, "ledger.xlsx")
    return result(app.import_excel_ledger(content, name, caller.username))


@imports.post(
    "/roster",
    status_code=201,
    name="imports.roster",
    openapi_extra={BODY_LIMIT: MAX_SHEET + MULTIPART_OVERHEAD},
    responses={
        422: {"model": ErrorPublic, "description": "the file is refused whole; details.rows lists each bad row"}
    },
)
def import_roster(
    file: Annotated[UploadFile, File(description="the roster (花名册) as .xlsx, columns as in docs/ROSTER.md")],
    app: AppDep,
    caller: CallerDep,
) -> CommandResult:
    """Import people and their posts from an Excel roster: every row valid, or nothing recorded."""
    content, name = workbook(file, "roster.xlsx")
    return result(app.import_roster(content, name, caller.username))
