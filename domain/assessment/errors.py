"""The refusals of assessment and pay, each named so the API and the clerk know what to do next."""

from __future__ import annotations

from domain.errors import DomainError, InvalidInput


class RuleVersionMissing(DomainError):
    """No rule version is in force on the date asked about."""

    code = "rule_version_missing"


class RulesRetroactive(DomainError):
    """A new rule version may not take effect in a period that is already closed or already ruled."""

    code = "rules_retroactive"


class UnknownDeductionItem(InvalidInput):
    code = "unknown_deduction_item"


class PeriodClosed(DomainError):
    """The month is closed: its scores are frozen; a late correction becomes an adjustment next month."""

    code = "period_closed"


class PeriodNotClosed(DomainError):
    code = "period_not_closed"


class PeriodNotOver(DomainError):
    code = "period_not_over"


class SheetNotDraft(DomainError):
    code = "sheet_not_draft"


class SheetNotApproved(DomainError):
    code = "sheet_not_approved"


class SelfApprovalForbidden(DomainError):
    """Whoever drafted a sheet or checked a report may not approve it (separation of duties)."""

    code = "self_approval_forbidden"


class LetterNotInForce(DomainError):
    code = "letter_not_in_force"


class LetterAlreadySigned(DomainError):
    code = "letter_already_signed"


class LetterRevoked(DomainError):
    code = "letter_revoked"


class ReportStepNotAllowed(DomainError):
    """The public report is not at a step where this may be done."""

    code = "report_step_not_allowed"


class IdentityKeyDestroyed(DomainError):
    """The reporter's personal key was destroyed: their identity can no longer be read by anyone."""

    code = "identity_key_destroyed"


class KeyStoreMissing(DomainError):
    code = "key_store_missing"
