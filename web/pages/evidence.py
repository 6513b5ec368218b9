"""Evidence in the workspace: a photo's thumbnail and the file itself, to whoever may see a record citing it.

The same store and the same rule as the API's ``/evidence/{sha256}`` (``taizhang.access.evidence``): the
office, the administrator and inspectors see every file, a cadre their village's, a reporter their own.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from domain.errors import NotFound
from taizhang.access.evidence import may_read_file
from web.session import require_caller, workspace_of

router = APIRouter()
INLINE = ("image/", "video/", "application/pdf")
PRIVATE = "private, max-age=86400, immutable"  # a file never changes: its name is its digest


def reachable(request: Request, sha256: str) -> str:
    """The file's media type, if the caller may read it; 404 otherwise, as if it did not exist."""
    caller = require_caller(request)
    workspace = workspace_of(request)
    files = workspace.context.evidence
    if not files.exists(sha256) or not may_read_file(caller, workspace.reads, sha256):
        raise NotFound("找不到该证据文件", f"no evidence file {sha256} within your reach")
    return files.media_type(sha256)


@router.get("/evidence/{sha256}")
async def evidence_file(request: Request, sha256: str) -> Response:
    media_type = await run_in_threadpool(reachable, request, sha256)
    disposition = "inline" if media_type.startswith(INLINE) else "attachment"
    return FileResponse(workspace_of(request).context.evidence.path_of(sha256), media_type=media_type, headers={
        "Content-Disposition": f'{disposition}; filename="{sha256[:12]}"', "Cache-Control": PRIVATE,
    })


@router.get("/evidence/{sha256}/thumbnail")
async def thumbnail(request: Request, sha256: str) -> Response:
    await run_in_threadpool(reachable, request, sha256)
    made = await run_in_threadpool(workspace_of(request).thumbnails.path, sha256)
    if made is None:
        raise NotFound("该文件没有缩略图", f"evidence {sha256} has no thumbnail")
    return FileResponse(made, media_type="image/jpeg", headers={"Cache-Control": PRIVATE})
