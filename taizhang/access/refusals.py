"""The refusals of access itself: not signed in, not permitted, too many failed sign-ins."""

from __future__ import annotations

from domain.errors import DomainError


class NotSignedIn(DomainError):
    code = "not_signed_in"


class NotPermitted(DomainError):
    code = "not_permitted"


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
