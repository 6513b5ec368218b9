"""核验打印件 (/web/verify): a printout's code, typed or read from a photo, checked against the record."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from taizhang.audit.printed import Payload, read_codes
from taizhang.audit.reprint import PrintCheck, check_print
from taizhang.audit.stores import audit_service
from web.access import check_page
from web.render import render
from web.session import check_csrf, require_caller, workspace_of

router = APIRouter()
MAX_PHOTO_BYTES = 20 * 1024 * 1024  # a phone's photo of a page, with room to spare


@router.get("/verify")
async def verify_page(request: Request) -> Response:
    check_page(require_caller(request), "verify")
    code = request.query_params.get("code", "").strip()
    if not code:
        return render(request, "verify.html", view=None, snapshot=None, code="", check=None, error=None)
    return await _answer(request, code)


@router.post("/verify")
async def verify(request: Request) -> Response:
    check_page(require_caller(request), "verify")
    await check_csrf(request)
    form = await request.form()
    code = str(form.get("code") or "").strip()
    photo = form.get("photo")
    if not code and isinstance(photo, UploadFile) and photo.filename:
        image = await photo.read(MAX_PHOTO_BYTES + 1)
        if len(image) > MAX_PHOTO_BYTES:
            return _form(request, "", "照片太大（超过 20 MB），请缩小后再传", 413)
        codes = [text for text in await run_in_threadpool(read_codes, image) if text.startswith("TZ1 ")]
        if not codes:
            return _form(request, "", "照片中没有找到台账核验码：请拍清楚二维码，或直接输入二维码下方的核验码", 422)
        code = codes[0]
    if not code:
        return _form(request, "", "请输入核验码，或上传二维码的照片", 422)
    return await _answer(request, code)


async def _answer(request: Request, code: str) -> Response:
    try:
        payload = Payload.parse(code)
    except ValueError:
        return _form(request, code, "这不是台账核验码（应以 TZ1 开头，见二维码下方的文字）", 422)
    workspace = workspace_of(request)
    settings = workspace.context.settings

    def checked() -> PrintCheck:
        service = audit_service(workspace.app, settings) if settings.store != "memory" else None
        return check_print(workspace.app, service, workspace.reads, settings, payload)

    found = await run_in_threadpool(checked)
    return render(request, "verify.html", view=None, snapshot=None, code=code, check=found, error=None)


def _form(request: Request, code: str, error: str, status: int) -> Response:
    context: dict[str, Any] = {"view": None, "snapshot": None, "code": code, "check": None, "error": error}
    return render(request, "verify.html", status=status, **context)
