"""台账导入: an Excel problem ledger uploaded from a page, recorded whole or refused whole with its bad rows listed.

The same import as ``POST /imports/excel-ledger`` and ``taizhang ledger import`` (``docs/EXCEL-LEDGER.md``):
every row valid, or nothing recorded; a refusal lists each bad row by its number and reason.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from taizhang.access.caller import Caller
from taizhang.commands.base import Outcome
from web.access import check_page
from web.actions import record_form
from web.render import render
from web.session import require_caller
from web.workspace import Workspace

router = APIRouter()
MAX_SHEET = 20 * 1024 * 1024


def import_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                rows: list[dict[str, Any]] | None = None, file_name: str = "") -> Response:
    check_page(caller, "ledger_import")
    return render(request, "ledger_import.html", status=status, error=error, rows=rows or [], file_name=file_name)


@router.get("/imports/ledger")
def ledger_import(request: Request) -> Response:
    return import_page(request, require_caller(request))


@router.post("/imports/ledger")
async def import_ledger(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("请选择要导入的台账（.xlsx）", "choose the ledger to import")
        content = upload.file.read(MAX_SHEET + 1)
        if len(content) > MAX_SHEET:
            raise InvalidInput("文件超过 20 MB", "the workbook is larger than 20 MB")
        return ws.app.import_excel_ledger(content, upload.filename[:200], caller.username)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        details = getattr(request.state, "refusal_details", {}) or {}
        upload = form.get("file")
        name = upload.filename or "" if isinstance(upload, UploadFile) else ""
        return import_page(request, caller, status, message, list(details.get("rows", [])), name)

    return await record_form(request, "imports.excel_ledger", run, again, "/ledger?imported=1")
