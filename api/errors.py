"""Every refusal as one JSON shape, {code, message_zh, message_en, details}, with the right status.

Which refusal is which status is ``taizhang.http_status``, shared with the web's pages. A full disk is
507 Insufficient Storage (store_full), never a 500: whether the event log refused the command or a
table beside it (a sign-in's credentials, an Idempotency-Key, a checkpoint) refused a write, the
transaction rolled back and the same request can be repeated once space is freed.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg.errors
from eventsourcing.persistence import PersistenceError
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.errors import DomainError
from projections.runner import ReadModelsBehind
from taizhang.access.refusals import NotSignedIn, TooManyAttempts
from taizhang.documents.errors import explained
from taizhang.http_status import status_of
from taizhang.store.failures import is_store_full, nothing_written
from taizhang.store.idempotency import RequestInProgress


def error_body(code: str, zh: str, en: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message_zh": zh, "message_en": en, "details": jsonable_encoder(details or {})}


def refusal(error: DomainError) -> JSONResponse:
    headers = {}
    if isinstance(error, NotSignedIn):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, TooManyAttempts | RequestInProgress | ReadModelsBehind):
        headers["Retry-After"] = str(error.details.get("retry_after_seconds", 1))
    return JSONResponse(
        error_body(error.code, error.zh, error.en, error.details), status_code=status_of(error), headers=headers
    )


def install_error_handlers(api: FastAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_refusal(request: Request, error: DomainError) -> JSONResponse:
        return refusal(error)

    @api.exception_handler(psycopg.errors.DiskFull)
    @api.exception_handler(sqlite3.OperationalError)
    @api.exception_handler(PersistenceError)
    def store_failure(request: Request, error: Exception) -> JSONResponse:
        """A write beside the event log (which ``record`` already translates) that found the disk full."""
        if is_store_full(error):
            return refusal(nothing_written())
        raise error  # any other store failure stays a server error

    @api.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        """Each refused value in words: the parameter, and what it takes (taizhang/documents/errors.py)."""
        problems = [explained(e) for e in error.errors()]
        zh = "；".join(p["message_zh"] for p in problems[:5])
        en = "; ".join(p["message_en"] for p in problems[:5])
        return JSONResponse(
            error_body("invalid_request", f"请求内容不符合要求：{zh}", f"the request is not valid: {en}",
                       {"errors": problems}),
            status_code=422,
        )

    @api.exception_handler(StarletteHTTPException)
    def http_refusal(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400:  # an undecodable body is invalid input like any other
            return JSONResponse(
                error_body("invalid_request", "请求内容无法解析（须为 UTF-8 JSON）", str(error.detail)), status_code=422
            )
        zh = {404: "没有这个地址", 405: "该地址不支持此方法"}.get(error.status_code, "请求被拒绝")
        return JSONResponse(
            error_body(f"http_{error.status_code}", zh, str(error.detail)),
            status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )
