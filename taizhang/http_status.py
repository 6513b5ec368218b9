"""The HTTP status of every refusal, so that the API's JSON and the web's pages answer alike.

StageNotAllowed and SelfVerificationForbidden answer 409 Conflict: the request itself is well formed,
but the problem's current state (its stage, or who reported the rectification) refuses it. So do the
assessment refusals of state (a closed or unclosed month, a sheet no longer a draft, a revoked letter,
self-approval); a date without rules in force is 422, the input naming what the record cannot rate.
A full disk is 507 Insufficient Storage (store_full), never a 500.
"""

from __future__ import annotations

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
from projections.runner import ReadModelsBehind
from taizhang.access.refusals import NotPermitted, NotSignedIn, TooManyAttempts
from taizhang.bodies import BodyTooLarge
from taizhang.store.evidence import EvidenceTooLarge, EvidenceTypeRefused
from taizhang.store.idempotency import RequestAlreadyRecorded, RequestInProgress

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
    (RequestAlreadyRecorded, 409),
    (TooManyAttempts, 429),
    (ReadModelsBehind, 503),
    (StoreFull, 507),
    (EvidenceTooLarge, 413),
    (BodyTooLarge, 413),
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
