"""建账: what a new record still lacks before a township can work in it, step by step, in the order it is done.

Each step says whether it is done and what is missing, read from the record itself; the set-up page
walks through the steps and is no longer offered once every one is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.account import AccessRole
from domain.errors import CalendarYearUnknown
from domain.vocabulary import Role
from domain.words import word
from taizhang.application import Taizhang

# The posts a village must have filled for its work to be done and assessed.
VILLAGE_POSTS = (Role.VILLAGE_SECRETARY, Role.CLEANER)


@dataclass(frozen=True)
class SetupStep:
    key: str
    title: str
    done: bool
    said: str  # what is there, or what is missing, in words
    link: str  # the page where it is done
    missing: list[str] = field(default_factory=list)


def setup_steps(app: Taizhang, today: date) -> list[SetupStep]:
    """The steps of setting up the record, in order, each as the record now stands."""
    villages = app.villages()
    people = list(app.people())
    accounts = [a for a in app.accounts() if not a.disabled]
    steps = [
        SetupStep("villages", "登记村", bool(villages),
                  f"已登记 {len(villages)} 个村" if villages else "还没有登记任何村", "/setup/villages"),
    ]
    no_groups = [v.name for v in villages if not v.groups]
    steps.append(SetupStep("groups", "设村民小组", bool(villages) and not no_groups,
                           "每个村都已设村民小组" if villages and not no_groups else "尚未设村民小组的村",
                           "/setup/villages", no_groups))
    steps.append(SetupStep("people", "登记人员", bool(people),
                           f"已登记 {len(people)} 人" if people else "还没有登记任何人员", "/setup/people"))
    held: dict[str, set[Role]] = {str(v.id): set() for v in villages}
    units = {gid: str(v.id) for v in villages for gid in v.groups} | {v.id: str(v.id) for v in villages}
    for person in people:
        for assignment in person.roles_on(today):
            if assignment.unit_id in units:
                held[units[assignment.unit_id]].add(assignment.role)
    unfilled = [
        f"{v.name}（缺{'、'.join(role_word(r) for r in VILLAGE_POSTS if r not in held[str(v.id)])}）"
        for v in villages if not set(VILLAGE_POSTS) <= held[str(v.id)]
    ]
    # Done once some village has its posts filled; villages still lacking someone are listed, not waited for.
    staffed = bool(villages) and len(unfilled) < len(villages)
    steps.append(SetupStep("roles", "任职", staffed,
                           ("村支部书记和保洁员已在任" + ("，尚有村未配齐" if unfilled else "")) if staffed
                           else "还没有村配齐村支部书记和保洁员", "/setup/people", unfilled))
    cadre_villages = {a.village_id for a in accounts if a.access_role == AccessRole.VILLAGE_CADRE}
    no_account = [f"{v.name}村干部" for v in villages if v.id not in cadre_villages]
    has_office = any(a.access_role == AccessRole.ENVIRONMENT_OFFICE for a in accounts)
    opened = has_office and bool(villages) and len(no_account) < len(villages)
    steps.append(SetupStep("accounts", "开通账号", opened,
                           ("环境治理办和村干部已有可登录的账号" + ("，尚有村没有" if no_account else "")) if opened
                           else "尚缺环境治理办或村干部的账号", "/setup/accounts",
                           ([] if has_office else ["镇环境治理办"]) + no_account))
    unknown = [year for year in (today.year, today.year + 1) if not knows_year(app, year)]
    steps.append(SetupStep("calendar", "登记节假日安排", not unknown,
                           "今明两年的节假日安排已知" if not unknown else "尚不知道节假日安排的年份",
                           "/setup/calendar", [f"{year} 年" for year in unknown]))
    return steps


def knows_year(app: Taizhang, year: int) -> bool:
    try:
        app.working_calendar(year, year).year(year)
    except CalendarYearUnknown:
        return False
    return True


def role_word(role: Role) -> str:
    return word("role", role)


def setup_done(steps: list[SetupStep]) -> bool:
    return all(step.done for step in steps)
