"""The refusals of access itself: not signed in, not permitted, too many failed sign-ins."""

from __future__ import annotations

from domain.errors import DomainError


class NotSignedIn(DomainError):
    code = "not_signed_in"
    title = "未登录"


class NotPermitted(DomainError):
    code = "not_permitted"
    title = "无权进行此操作"


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    title = "登录失败次数过多"
