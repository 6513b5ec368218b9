"""Which pages and actions each access role may use, derived from the API's own decisions (``taizhang.access.policy``).

A page may be used by exactly the roles that may call every API route whose data it shows
(``PAGE_ROUTES``), so the page and the API cannot disagree about who sees what. What a role sees
*within* a page (a cadre's village, a cleaner's own rows) is filtered as the API filters it
(``taizhang.access.own_rows``, ``taizhang.access.objects``). Only a page with no API counterpart states its
audience here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from domain.account import AccessRole
from taizhang.access.caller import Caller
from taizhang.access.policy import POLICY, READERS, allows
from taizhang.access.refusals import NotPermitted

# Each page → the API routes answering what it shows.
PAGE_ROUTES: dict[str, tuple[str, ...]] = {
    "overview": ("ledger.counts", "ledger.overdue"),
    "ledger": ("ledger.list",),
    "overdue": ("ledger.overdue",),
    "provenance": ("provenance.get",),
    "audit": ("audit.entity_history",),
    "activity": ("audit.person_activity",),
    "flags": ("flags.list", "flags.get"),
    "cases": ("cases.list", "cases.list_triggers"),
    "red_black": ("red_black.get",),
    "summary": ("summary.get",),
    "rankings": ("rankings.get",),
    "ratings": ("ratings.get",),
    "pay_sheets": ("pay_sheets.get",),
    "year_end": ("year_end.get",),
    "cleaner": ("cleaners.month",),
    "problem": ("problems.get",),
    "register": ("problems.register",),
    "setup": ("villages.register",),
    "accounts": ("accounts.list",),
    "account": ("accounts.change_own_password",),
    "patrols": ("patrols.record",),
    "months": ("months.close",),
    "bulletins": ("bulletins.get",),
    "letters": ("letters.draft", "villages.coverage"),
    "reports": ("reports.get",),
    "report_submit": ("reports.submit",),
    "ledger_import": ("imports.excel_ledger",),
    "rules": ("rules.adopt",),
    "work": ("work.record",),
    "facilities": ("work.survey_toilets", "work.build_sewage_station"),
}
# Pages with no API route: the signed checkpoints live beside the log (``taizhang audit``), not in the API.
PAGES_WITHOUT_ROUTE: dict[str, frozenset[AccessRole]] = {
    "checkpoints": READERS,
    "verify": frozenset(AccessRole),  # a printout on a wall is checked by whoever may sign in: it says only yes or no
    "todo": frozenset(AccessRole),  # one's own work: each list by the policy of the step it leads to
}


def route_audience(route: str) -> frozenset[AccessRole]:
    decision = POLICY[route]
    return frozenset(AccessRole) if isinstance(decision, str) else decision


def page_audience(page: str) -> frozenset[AccessRole]:
    if page in PAGES_WITHOUT_ROUTE:
        return PAGES_WITHOUT_ROUTE[page]
    routes = PAGE_ROUTES.get(page)
    if not routes:
        return frozenset()
    return reduce(frozenset.intersection, (route_audience(r) for r in routes))


PAGE_AUDIENCE: dict[str, frozenset[AccessRole]] = {
    page: page_audience(page) for page in [*PAGE_ROUTES, *PAGES_WITHOUT_ROUTE]
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
    only_for: frozenset[AccessRole] | None = None  # a menu entry shown to fewer roles than may open the page


NAVIGATION = [
    NavItem("todo", "我的待办", "/"),
    NavItem("overview", "概览", "/overview"),
    NavItem("ledger", "问题台账", "/ledger"),
    NavItem("register", "登记问题", "/problems/new"),
    NavItem("overdue", "逾期督办", "/overdue"),
    NavItem("patrols", "日巡查", "/patrols"),
    NavItem("summary", "工作总结", "/summary"),
    NavItem("work", "工作量", "/work"),
    NavItem("facilities", "改厕与污水站", "/work/facilities"),
    NavItem("cleaner", "我的考核", "/cleaner", frozenset({AccessRole.CLEANER})),  # readers open it from 月评比
    NavItem("rankings", "村排名", "/rankings"),
    NavItem("ratings", "月评比", "/ratings"),
    NavItem("pay_sheets", "发放表", "/pay-sheets"),
    NavItem("reports", "群众举报", "/reports"),
    NavItem("letters", "责任书", "/letters"),
    NavItem("months", "月度结账", "/months"),
    NavItem("rules", "考核规则", "/rules"),
    NavItem("bulletins", "季度通报", "/bulletins"),
    NavItem("year_end", "年终考核", "/year-end"),
    NavItem("audit", "审计查询", "/audit"),
    NavItem("activity", "人员活动", "/audit/activity"),
    NavItem("flags", "疑点", "/flags"),
    NavItem("cases", "问责", "/cases"),
    NavItem("checkpoints", "检查点", "/audit/checkpoints"),
    NavItem("verify", "核验打印件", "/verify", READERS),  # the others open it from the address under the code
    NavItem("setup", "基础信息", "/setup"),
    NavItem("accounts", "账号", "/setup/accounts"),
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
    return [item for item in NAVIGATION
            if may_see(caller.role, item.page) and (item.only_for is None or caller.role in item.only_for)]
