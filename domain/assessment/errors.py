"""The refusals of assessment and pay, each named so the API and the clerk know what to do next."""

from __future__ import annotations

from domain.errors import DomainError, InvalidInput


class RuleVersionMissing(DomainError):
    """No rule version is in force on the date asked about."""

    code = "rule_version_missing"
    title = "该日期没有适用的考核规则"


class RulesRetroactive(DomainError):
    """A new rule version may not take effect in a period that is already closed or already ruled."""

    code = "rules_retroactive"
    title = "规则不得追溯已结账月份"


class UnknownDeductionItem(InvalidInput):
    code = "unknown_deduction_item"
    title = "规则中没有该扣分项"


class PeriodClosed(DomainError):
    """The month is closed: its scores are frozen; a late correction becomes an adjustment next month."""

    code = "period_closed"
    title = "该月已结账"


class PeriodNotClosed(DomainError):
    code = "period_not_closed"
    title = "尚未结账"


class PeriodNotOver(DomainError):
    code = "period_not_over"
    title = "期间尚未结束"


class SheetNotDraft(DomainError):
    code = "sheet_not_draft"
    title = "发放表已不是草稿"


class SheetNotApproved(DomainError):
    code = "sheet_not_approved"
    title = "发放表尚未审批"


class SelfApprovalForbidden(DomainError):
    """Whoever drafted a sheet or checked a report may not approve it (separation of duties)."""

    code = "self_approval_forbidden"
    title = "不得审批本人经办的事项"


class LetterNotInForce(DomainError):
    code = "letter_not_in_force"
    title = "责任书未生效"


class LetterAlreadySigned(DomainError):
    code = "letter_already_signed"
    title = "该方已签字"


class LetterRevoked(DomainError):
    code = "letter_revoked"
    title = "责任书已撤销"


class ReportStepNotAllowed(DomainError):
    """The public report is not at a step where this may be done."""

    code = "report_step_not_allowed"
    title = "举报所处阶段不允许此步骤"


class IdentityKeyDestroyed(DomainError):
    """The reporter's personal key was destroyed: their identity can no longer be read by anyone."""

    code = "identity_key_destroyed"
    title = "举报人身份已销毁"


class KeyStoreMissing(DomainError):
    code = "key_store_missing"
    title = "身份密钥库不可用"
