"""Every refusal of the domain, named, with a message a township clerk can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A command the record refuses. ``message`` is bilingual: Chinese first, then English."""

    code = "domain_error"

    def __init__(self, zh: str, en: str, **details: object) -> None:
        self.zh = zh
        self.en = en
        self.details = details
        super().__init__(f"{zh} / {en}")

    @property
    def message(self) -> str:
        return str(self)


class NotFound(DomainError):
    code = "not_found"


class AlreadyExists(DomainError):
    code = "already_exists"


class InvalidInput(DomainError):
    """A value the township's rules do not allow (bad date, negative amount, missing reason)."""

    code = "invalid_input"


class StageNotAllowed(DomainError):
    """The problem is not at a stage where this step may be taken."""

    code = "stage_not_allowed"


class ReasonRequired(InvalidInput):
    code = "reason_required"


class ApproverRequired(InvalidInput):
    code = "approver_required"


class OccurredInFuture(InvalidInput):
    code = "occurred_in_future"


class OccurredBeforePreviousStep(InvalidInput):
    code = "occurred_before_previous_step"


class DeadlineNotLater(InvalidInput):
    code = "deadline_not_later"


class DeadlineBeforeAssignment(InvalidInput):
    code = "deadline_before_assignment"


class SelfVerificationForbidden(DomainError):
    """Whoever reported a rectification may not verify it (separation of duties)."""

    code = "self_verification_forbidden"


class CalendarYearUnknown(DomainError):
    """A working-day deadline would fall in a year whose holiday notice is not yet recorded."""

    code = "calendar_year_unknown"


class RoleNotHeld(DomainError):
    code = "role_not_held"


class ConcurrentChange(DomainError):
    """Someone else changed the record first: reload and try again."""

    code = "concurrent_change"


class StoreFull(DomainError):
    """The disk (or database quota) is full: nothing was written; free space, then repeat the command."""

    code = "store_full"


class PersonRequired(InvalidInput):
    """A cleaner's or a village cadre's account must name the person who signs in with it."""

    code = "person_required"


class PersonHasAccount(AlreadyExists):
    """One person, one live account: who did what must never depend on which of two logins was used."""

    code = "person_has_account"
