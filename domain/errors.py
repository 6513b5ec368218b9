"""Every refusal of the domain, named, with a message a township clerk can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A command the record refuses. ``message`` is bilingual: Chinese first, then English.

    ``code`` names the refusal for programs; ``title`` names it for people, in the township's words.
    """

    code = "domain_error"
    title = "操作被拒绝"

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
    title = "找不到记录"


class AlreadyExists(DomainError):
    code = "already_exists"
    title = "记录已存在"


class InvalidInput(DomainError):
    """A value the township's rules do not allow (bad date, negative amount, missing reason)."""

    code = "invalid_input"
    title = "输入不符合要求"


class StageNotAllowed(DomainError):
    """The problem is not at a stage where this step may be taken."""

    code = "stage_not_allowed"
    title = "问题所处阶段不允许此步骤"


class ReasonRequired(InvalidInput):
    code = "reason_required"
    title = "未说明原因"


class ApproverRequired(InvalidInput):
    code = "approver_required"
    title = "未写明批准人"


class OccurredInFuture(InvalidInput):
    code = "occurred_in_future"
    title = "发生时间晚于现在"


class OccurredBeforePreviousStep(InvalidInput):
    code = "occurred_before_previous_step"
    title = "发生时间早于上一步骤"


class DeadlineNotLater(InvalidInput):
    code = "deadline_not_later"
    title = "新期限不晚于原期限"


class DeadlineBeforeAssignment(InvalidInput):
    code = "deadline_before_assignment"
    title = "期限早于交办日期"


class SelfVerificationForbidden(DomainError):
    """Whoever reported a rectification may not verify it (separation of duties)."""

    code = "self_verification_forbidden"
    title = "不得验收本人上报的整改"


class CalendarYearUnknown(DomainError):
    """A working-day deadline would fall in a year whose holiday notice is not yet recorded."""

    code = "calendar_year_unknown"
    title = "该年节假日安排尚未录入"


class RoleNotHeld(DomainError):
    code = "role_not_held"
    title = "未担任该职务"


class ConcurrentChange(DomainError):
    """Someone else changed the record first: reload and try again."""

    code = "concurrent_change"
    title = "记录已被他人修改"


class StoreFull(DomainError):
    """The disk (or database quota) is full: nothing was written; free space, then repeat the command."""

    code = "store_full"
    title = "存储空间已满"


class PersonRequired(InvalidInput):
    """A cleaner's or a village cadre's account must name the person who signs in with it."""

    code = "person_required"
    title = "须指明账号所属人员"


class PersonHasAccount(AlreadyExists):
    """One person, one live account: who did what must never depend on which of two logins was used."""

    code = "person_has_account"
    title = "该人员已有账号"


def refusal_kinds(kind: type[DomainError] = DomainError) -> list[type[DomainError]]:
    """``kind`` and every refusal defined under it in the modules loaded so far (the product defines more)."""
    found = [kind]
    for sub in kind.__subclasses__():
        found += refusal_kinds(sub)
    return found
