"""Who may call which route: one decision per route, deny by default.

A route missing here answers 403 to everyone, and the matrix test fails until it is decided.
Object-level limits (a cadre's own village, a reporter's own reports) are in ``taizhang.access.objects``.
"""

from __future__ import annotations

from typing import Final

from domain.account import AccessRole

ADMIN = AccessRole.TOWNSHIP_ADMIN
OFFICE = AccessRole.ENVIRONMENT_OFFICE
CADRE = AccessRole.VILLAGE_CADRE
CLEANER = AccessRole.CLEANER
INSPECTOR = AccessRole.INSPECTOR
REPORTER = AccessRole.PUBLIC_REPORTER

PUBLIC: Final = "public"  # no sign-in needed
EVERYONE = frozenset(AccessRole)
STAFF = frozenset({ADMIN, OFFICE})
READERS = frozenset({ADMIN, OFFICE, INSPECTOR})

POLICY: dict[str, frozenset[AccessRole] | str] = {
    "auth.token": PUBLIC,
    "health.live": PUBLIC,
    "health.ready": PUBLIC,
    # accounts
    "accounts.me": EVERYONE,
    "accounts.change_own_password": EVERYONE,
    "accounts.open": frozenset({ADMIN}),
    "accounts.list": frozenset({ADMIN, INSPECTOR}),
    "accounts.get": frozenset({ADMIN, INSPECTOR}),
    "accounts.change_access": frozenset({ADMIN}),
    "accounts.link_person": frozenset({ADMIN}),
    "accounts.disable": frozenset({ADMIN}),
    "accounts.reset_password": frozenset({ADMIN}),
    "accounts.issue_api_key": frozenset({ADMIN}),
    "accounts.list_api_keys": frozenset({ADMIN, INSPECTOR}),
    "accounts.revoke_api_key": frozenset({ADMIN}),
    # organisation
    "township.get": EVERYONE,
    "villages.register": STAFF,
    "villages.list": READERS | {CADRE, REPORTER},
    "villages.get": READERS | {CADRE, REPORTER},
    "villages.add_group": STAFF,
    "villages.rename": STAFF,
    "people.enrol": STAFF,
    "people.get": READERS | {CADRE},
    "people.take_role": STAFF,
    "people.end_role": STAFF,
    # calendar
    "calendar.record_notice": STAFF,
    "calendar.get_notice": EVERYONE,
    # problems
    "problems.register": STAFF | {REPORTER},
    "problems.get": READERS | {CADRE, REPORTER},
    "problems.assign": STAFF,
    "problems.extend_deadline": STAFF,
    "problems.report_rectification": STAFF | {CADRE},
    "problems.verify": STAFF,
    "problems.close": STAFF,
    "problems.reopen": STAFF,
    "problems.void": STAFF,
    # read models (a cadre's answers are confined to their village)
    "ledger.list": READERS | {CADRE},
    "ledger.overdue": READERS | {CADRE},
    "ledger.counts": READERS | {CADRE},
    "ledger.time_to_close": READERS | {CADRE},
    "provenance.get": READERS | {CADRE},
    # the log's head (a position and a time, nothing of any record's content): whoever is signed in
    "log.head": EVERYONE,
    # evidence files (a cadre: their village's records; a reporter: their own)
    "evidence.upload": STAFF | {CADRE, REPORTER},
    "evidence.get": READERS | {CADRE, REPORTER},
    # rewarded public reports (the reporter's identity: only the office staff handling rewards)
    "reports.submit": STAFF | {REPORTER},
    "reports.mine": frozenset({REPORTER}),
    "reports.get": READERS | {CADRE, REPORTER},
    "reports.identity": STAFF,
    "reports.confirm": STAFF,
    "reports.link_problem": STAFF,
    "reports.approve_reward": STAFF,
    "reports.pay_reward": STAFF,
    "reports.reject": STAFF,
    "reports.forget_identity": STAFF,
    # campaign work records and the summary
    "work.record": STAFF,
    "work.correct": STAFF,
    "work.withdraw": STAFF,
    "work.survey_toilets": STAFF,
    "work.build_sewage_station": STAFF,
    "work.change_custodian": STAFF,
    "imports.excel_ledger": STAFF,
    "imports.roster": STAFF,
    "summary.get": READERS,
    # assessment: rules, patrols, months, bulletins
    "rules.adopt": STAFF,
    "patrols.record": STAFF,
    "patrols.correct": STAFF,
    "patrols.withdraw": STAFF,
    "patrols.open_problem": STAFF,
    "months.close": STAFF,
    "bulletins.publish": STAFF,
    "bulletins.get": READERS,
    "red_black.publish": STAFF,
    "red_black.get": READERS,
    # pay and derived figures (a cadre: their village's rows; a cleaner: their own rating and lines)
    "pay_sheets.draft": STAFF,
    "pay_sheets.approve": STAFF,
    "pay_sheets.paid": STAFF,
    "pay_sheets.get": READERS | {CADRE, CLEANER},
    "rankings.get": READERS | {CADRE},
    "ratings.get": READERS | {CLEANER},
    "cleaners.month": READERS | {CLEANER},
    "year_end.get": READERS,
    "year_end.freeze": STAFF,
    # responsibility letters (a cadre: their village's 门前五包 letters) and coverage
    "letters.draft": STAFF | {CADRE},
    "letters.sign": STAFF | {CADRE},
    "letters.renew": STAFF | {CADRE},
    "letters.revoke": STAFF | {CADRE},
    "villages.count_households": STAFF,
    "villages.coverage": READERS | {CADRE},
    # audit views
    "audit.entity_history": frozenset({INSPECTOR, ADMIN}),
    "audit.person_activity": frozenset({INSPECTOR, ADMIN}),
    # the inspector's desk: red flags (疑点) and their review (已核实 / 排除), which only the inspector records
    "flags.list": frozenset({INSPECTOR, ADMIN}),
    "flags.get": frozenset({INSPECTOR, ADMIN}),
    "flags.review": frozenset({INSPECTOR}),
    # accountability cases: the inspectors open and carry them; one may not both open and close (the domain)
    "cases.list_triggers": frozenset({INSPECTOR, ADMIN}),
    "cases.list": frozenset({INSPECTOR, ADMIN}),
    "cases.get": frozenset({INSPECTOR, ADMIN}),
    "cases.open": frozenset({INSPECTOR}),
    "cases.interview": frozenset({INSPECTOR}),
    "cases.commit": frozenset({INSPECTOR}),
    "cases.follow_up": frozenset({INSPECTOR}),
    "cases.close": frozenset({INSPECTOR}),
    "cases.escalate": frozenset({INSPECTOR}),
}


def allows(route_name: str, role: AccessRole) -> bool:
    decision = POLICY.get(route_name)
    if decision is None:
        return False
    return decision == PUBLIC or role in decision


def is_public(route_name: str) -> bool:
    return POLICY.get(route_name) == PUBLIC
