"""Which pages and actions each access role may use, taken from the API's own decisions (``api.policy``).

Pages whose API route exists take its decision; the others (summary, assessment figures, checkpoints)
have their audience written here with the policy's role sets. Cleaners see none of the assessment
pages: an account names no person, so "their own rating and pay line" cannot be picked out yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.access import Caller
from api.errors import NotPermitted
from api.policy import CADRE, POLICY, READERS, allows
from domain.account import AccessRole

PAGE_AUDIENCE: dict[str, frozenset[AccessRole]] = {
    "overview": READERS | {CADRE},
    "ledger": READERS | {CADRE},
    "overdue": READERS | {CADRE},
    "provenance": READERS | {CADRE},
    "audit": READERS,
    "activity": POLICY["audit.person_activity"],  # type: ignore[dict-item]
    "checkpoints": READERS,
    "summary": READERS,
    "rankings": READERS | {CADRE},  # a cadre sees their own village's row
    "ratings": READERS,
    "pay_sheets": READERS,
    "year_end": READERS,
    "problem": POLICY["problems.get"],  # type: ignore[dict-item]
    "register": POLICY["problems.register"],  # type: ignore[dict-item]
}

# Each action on a problem is the API route of the same step: the same role decides both.
ACTION_ROUTES = {
    "assign": "problems.assign",
    "extend": "problems.extend_deadline",
    "rectification": "problems.report_rectification",
    "verify": "problems.verify",
    "close": "problems.close",
    "reopen": "problems.reopen",
    "void": "problems.void",
}


@dataclass(frozen=True)
class NavItem:
    page: str
    label: str
    path: str


NAVIGATION = [
    NavItem("overview", "概览", "/"),
    NavItem("ledger", "问题台账", "/ledger"),
    NavItem("register", "登记问题", "/problems/new"),
    NavItem("overdue", "逾期督办", "/overdue"),
    NavItem("summary", "工作总结", "/summary"),
    NavItem("rankings", "村排名", "/rankings"),
    NavItem("ratings", "月评比", "/ratings"),
    NavItem("pay_sheets", "发放表", "/pay-sheets"),
    NavItem("year_end", "年终考核", "/year-end"),
    NavItem("audit", "审计查询", "/audit"),
    NavItem("activity", "人员活动", "/audit/activity"),
    NavItem("checkpoints", "检查点", "/audit/checkpoints"),
]


def may_see(role: AccessRole, page: str) -> bool:
    return role in PAGE_AUDIENCE.get(page, frozenset())


def may_act(role: AccessRole, action: str) -> bool:
    return allows(ACTION_ROUTES[action], role)


def check_page(caller: Caller, page: str) -> None:
    if not may_see(caller.role, page):
        raise NotPermitted("你的账号无权使用此页面", f"role {caller.role} may not use the {page} page")


def navigation(caller: Caller | None) -> list[NavItem]:
    if caller is None:
        return []
    return [item for item in NAVIGATION if may_see(caller.role, item.page)]
