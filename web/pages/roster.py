"""花名册: people and their posts brought in from an Excel roster (all rows or none), and the roster taken out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from taizhang.access.caller import Caller
from taizhang.commands.base import Outcome
from web.access import check_page
from web.actions import record_form
from web.download import XLSX, download
from web.render import now, render
from web.session import require_caller, workspace_of
from web.workspace import Workspace

router = APIRouter()
MAX_ROSTER = 20 * 1024 * 1024


def roster_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                rows: list[dict[str, Any]] | None = None) -> Response:
    check_page(caller, "setup")
    return render(request, "setup_roster.html", status=status, error=error, rows=rows or [])


@router.get("/setup/roster")
def roster(request: Request) -> Response:
    return roster_page(request, require_caller(request))


@router.post("/setup/roster")
async def import_roster(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("请选择要导入的花名册（.xlsx）", "choose the roster to import")
        content = upload.file.read(MAX_ROSTER + 1)
        if len(content) > MAX_ROSTER:
            raise InvalidInput("文件超过 20 MB", "the workbook is larger than 20 MB")
        return ws.app.import_roster(content, upload.filename[:200], caller.username)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        details = getattr(request.state, "refusal_details", {})
        return roster_page(request, caller, status, message, rows=list(details.get("rows", [])))

    return await record_form(request, "imports.roster", run, again, "/setup/people?imported=1")


@router.get("/setup/roster.xlsx")
async def roster_download(request: Request) -> Response:
    """The roster of posts held today, or with ``blank=1`` the empty form, in the layout the import reads."""
    from taizhang.exports.roster import roster_xlsx

    caller = require_caller(request)
    check_page(caller, "setup")
    app = workspace_of(request).app
    moment = now(request)
    day = None if request.query_params.get("blank") else moment.date()
    content = await run_in_threadpool(roster_xlsx, app, day, moment)
    if day is None:
        return download(content, XLSX, "roster-blank.xlsx", "花名册-空表.xlsx")
    return download(content, XLSX, f"roster-{day.isoformat()}.xlsx", f"花名册-{day.isoformat()}.xlsx")
