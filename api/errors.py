"""Every refusal as one JSON shape, {code, message_zh, message_en, details}, with the right status.

StageNotAllowed and SelfVerificationForbidden answer 409 Conflict: the request itself is well formed,
but the problem's current state (its stage, or who reported the rectification) refuses it. So do the
assessment refusals of state (a closed or unclosed month, a sheet no longer a draft, a revoked letter,
self-approval); a date without rules in force is 422, the input naming what the record cannot rate.

A full disk is 507 Insufficient Storage (store_full), never a 500: whether the event log refused the
command or a table beside it (a sign-in's credentials, an Idempotency-Key, a checkpoint) refused a
write, the transaction rolled back and the same request can be repeated once space is freed.
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

from domain.assessment.errors import (
    IdentityKeyDestroyed,
    KeyStoreMissing,
    LetterAlreadySigned,
    LetterNotInForce,
    LetterRevoked,
    PeriodClosed,
    PeriodNotClosed,
    PeriodNotOver,
    ReportStepNotAllowed,
    RulesRetroactive,
    RuleVersionMissing,
    SheetNotApproved,
    SheetNotDraft,
)
from domain.assessment.errors import SelfApprovalForbidden as AssessmentSelfApproval
from taizhang.store.evidence import EvidenceTooLarge, EvidenceTypeRefused

from domain.errors import (
    AlreadyExists,
    CalendarYearUnknown,
    ConcurrentChange,
    DomainError,
    InvalidInput,
    NotFound,
    RoleNotHeld,
    SelfVerificationForbidden,
    StageNotAllowed,
    StoreFull,
)
from taizhang.store.failures import is_store_full, nothing_written


class NotSignedIn(DomainError):
    code = "not_signed_in"


class NotPermitted(DomainError):
    code = "not_permitted"


class TooManyAttempts(DomainError):
    code = "too_many_attempts"


class RequestInProgress(DomainError):
    code = "request_in_progress"


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency_key_reused"


class ReadModelsBehind(DomainError):
    """The read models have not reached the position a query asked to wait for, within the bound."""

    code = "read_models_behind"


STATUS_OF: list[tuple[type[DomainError], int]] = [
    (NotSignedIn, 401),
    (NotPermitted, 403),
    (NotFound, 404),
    (ConcurrentChange, 409),
    (AlreadyExists, 409),
    (StageNotAllowed, 409),
    (SelfVerificationForbidden, 409),
    (RoleNotHeld, 409),
    (RequestInProgress, 409),
    (TooManyAttempts, 429),
    (ReadModelsBehind, 503),
    (StoreFull, 507),
    (EvidenceTooLarge, 413),
    (ReportStepNotAllowed, 409),
    # assessment and pay: the period's or the sheet's or the letter's state refuses the step
    (PeriodClosed, 409),
    (PeriodNotClosed, 409),
    (PeriodNotOver, 409),
    (SheetNotDraft, 409),
    (SheetNotApproved, 409),
    (LetterNotInForce, 409),
    (LetterAlreadySigned, 409),
    (LetterRevoked, 409),
    (RulesRetroactive, 409),
    (RuleVersionMissing, 422),  # the request names a date no rule version covers: record the rules first
    (AssessmentSelfApproval, 409),
    (IdentityKeyDestroyed, 409),
    (KeyStoreMissing, 503),
    (EvidenceTypeRefused, 415),
    (CalendarYearUnknown, 422),
    (InvalidInput, 422),
    (DomainError, 422),
]


def status_of(error: DomainError) -> int:
    return next(status for kind, status in STATUS_OF if isinstance(error, kind))


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
        problems = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in error.errors()
        ]
        where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in problems[:5])
        return JSONResponse(
            error_body("invalid_request", f"请求内容不符合要求：{where}", f"the request is not valid: {where}",
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
