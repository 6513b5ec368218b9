"""Who signs in to the demo: an account for each person who acts in the township's record, and a public reporter.

The accounts are opened at the start of 2023, before anyone acts, and follow the people's roles through
the year: a cadre who moves village has the account's access moved with them, a cleaner who leaves has
theirs disabled and their successor gets one. Every account but the public reporter's names its person,
so a cleaner's own rows are theirs however their name is shared. Every account shares one published password.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from domain.account import AccessRole
from domain.local_time import CHINA
from domain.vocabulary import ROLE_LABELS, Role
from taizhang.demo.plan import (
    ChangeAccountAccess,
    DisableAccount,
    EndRole,
    EnrolPerson,
    Happening,
    LinkAccountPerson,
    OpenAccount,
    TakeRole,
)
from taizhang.demo.township import LEADER, Directory, Tenure
from taizhang.demo.usernames import usernames_for

DEMO_PASSWORD = "demo-2023"
DEMO_MARK = "（演示）"
SETUP_ACTOR = "system:demo"
REPORTER_USERNAME = "qunzhong"
REPORTER_NAME = "群众举报人"
# The cleaners of one village sign in: enough to show the role without an account per group of 24 villages.
CLEANER_VILLAGE = "donggou"

ADMIN_OPENED = datetime(2023, 1, 3, 8, 10, tzinfo=CHINA)
TOWNSHIP_STAFF_OPENED = datetime(2023, 1, 3, 8, 20, tzinfo=CHINA)
VILLAGES_OPENED = datetime(2023, 1, 4, 9, 0, tzinfo=CHINA)
AFTER_ROLE_CHANGE = timedelta(minutes=5)

ACCESS = {
    Role.LEADER_IN_CHARGE: AccessRole.TOWNSHIP_ADMIN,
    Role.ENVIRONMENT_OFFICE: AccessRole.ENVIRONMENT_OFFICE,
    Role.INSPECTOR: AccessRole.INSPECTOR,
    Role.VILLAGE_SECRETARY: AccessRole.VILLAGE_CADRE,
    Role.VILLAGE_CADRE: AccessRole.VILLAGE_CADRE,
    Role.RIVER_CHIEF: AccessRole.VILLAGE_CADRE,
    Role.CLEANER: AccessRole.CLEANER,
}


@dataclass(frozen=True)
class DemoAccount:
    """One line of the who-is-who table, as the account stands at the end of 2023."""

    username: str
    name: str
    post: str
    role: AccessRole
    village_code: str = ""  # the village an account is limited to (a cadre's)
    works_in: str = ""  # the village whose work the person does (a cadre's or a cleaner's)
    active: bool = True
    person_id: uuid.UUID | None = None  # the person the account names (all but the public reporter's)

    @property
    def display_name(self) -> str:
        return f"{self.name}{DEMO_MARK}"


@dataclass
class DemoAccounts:
    roster: list[DemoAccount] = field(default_factory=list)
    usernames: dict[str, str] = field(default_factory=dict)  # person's name → username
    happenings: list[Happening] = field(default_factory=list)
    person_ids: dict[str, uuid.UUID] = field(default_factory=dict)  # person's name → the person's id
    enrolled_at: dict[uuid.UUID, datetime] = field(default_factory=dict)  # when each person was enrolled


def signs_in(tenure: Tenure) -> bool:
    return tenure.role in ACCESS and (tenure.role != Role.CLEANER or tenure.unit.village_code == CLEANER_VILLAGE)


def account_village(role: Role, village_code: str) -> str:
    return village_code if ACCESS[role] == AccessRole.VILLAGE_CADRE else ""


def plan_accounts(directory: Directory, organisation: list[Happening]) -> DemoAccounts:
    """The accounts' openings and changes through the year; the first account is the township administrator's."""
    planned = DemoAccounts(usernames=usernames_for(dict.fromkeys(t.name for t in directory.tenures if signs_in(t))),
                           person_ids=directory.person_ids,
                           enrolled_at={h.what.person_id: h.recorded_at for h in organisation
                                        if isinstance(h.what, EnrolPerson)})
    setup_day = VILLAGES_OPENED.date()
    first_tenures: dict[str, Tenure] = {}
    for tenure in directory.tenures:
        if signs_in(tenure) and tenure.start < setup_day:
            first_tenures.setdefault(tenure.name, tenure)
    township = [t for t in first_tenures.values() if not t.unit.village_code]
    village_order = {v.code: i for i, v in enumerate(directory.villages)}
    villages = sorted((t for t in first_tenures.values() if t.unit.village_code),
                      key=lambda t: village_order[t.unit.village_code])
    for tenure in township:
        opened = (
            ADMIN_OPENED if tenure.name == LEADER else TOWNSHIP_STAFF_OPENED + timedelta(minutes=len(planned.roster))
        )
        planned_open(planned, opened, SETUP_ACTOR if tenure.name == LEADER else LEADER, tenure)
    for minute, tenure in enumerate(villages):
        planned_open(planned, VILLAGES_OPENED + timedelta(minutes=minute), LEADER, tenure)
    reporter = DemoAccount(REPORTER_USERNAME, REPORTER_NAME, REPORTER_NAME, AccessRole.PUBLIC_REPORTER)
    planned.roster.append(reporter)
    planned.happenings.append(at(VILLAGES_OPENED + timedelta(minutes=len(villages)), LEADER,
                                 OpenAccount(reporter.username, reporter.display_name, reporter.role)))
    follow_role_changes(planned, directory, organisation)
    return planned


def planned_open(planned: DemoAccounts, opened: datetime, actor: str, tenure: Tenure) -> None:
    person_id = planned.person_ids[tenure.name]
    account = DemoAccount(planned.usernames[tenure.name], tenure.name, post_of(tenure), ACCESS[tenure.role],
                          account_village(tenure.role, tenure.unit.village_code), tenure.unit.village_code,
                          person_id=person_id)
    planned.roster.append(account)
    enrolled = planned.enrolled_at[person_id]
    if enrolled < opened:
        planned.happenings.append(at(opened, actor, OpenAccount(account.username, account.display_name, account.role,
                                                                 account.village_code, person_id)))
        return
    # The township's own accounts come first (someone must sign in to enrol anyone): each names its
    # person a few minutes after that person is enrolled.
    planned.happenings.append(at(opened, actor, OpenAccount(account.username, account.display_name, account.role,
                                                             account.village_code)))
    planned.happenings.append(at(enrolled + AFTER_ROLE_CHANGE, LEADER,
                                 LinkAccountPerson(account.username, person_id, "人员登记后关联本人")))


def follow_role_changes(planned: DemoAccounts, directory: Directory, organisation: list[Happening]) -> None:
    """Roles taken or ended after the accounts were opened move, open or disable accounts a few minutes later."""
    names = {person_id: name for name, person_id in directory.person_ids.items()}
    later = sorted((h for h in organisation if h.recorded_at > VILLAGES_OPENED), key=lambda h: h.recorded_at)
    ended: dict[str, tuple[Happening, str]] = {}
    for happening in later:
        what = happening.what
        if not isinstance(what, (TakeRole, EndRole)):
            continue
        name = names[what.person_id]
        if not signs_in(Tenure(name, what.role, what.unit, happening.occurred_at.date())):
            continue
        when = happening.recorded_at + AFTER_ROLE_CHANGE
        if isinstance(what, EndRole):
            ended[name] = (happening, what.reason)
            continue
        ended.pop(name, None)
        index = next((i for i, a in enumerate(planned.roster) if a.name == name), None)
        village = account_village(what.role, what.unit.village_code)
        tenure = Tenure(name, what.role, what.unit, what.start)
        if index is None:
            planned_open(planned, when, LEADER, tenure)
        elif planned.roster[index].village_code != village:
            account = replace(planned.roster[index], village_code=village, works_in=what.unit.village_code,
                              post=post_of(tenure))
            planned.roster[index] = account
            reason = f"{ROLE_LABELS[what.role]}岗位调整：{directory.village(what.unit.village_code).name}"
            planned.happenings.append(at(when, LEADER, ChangeAccountAccess(account.username, account.role,
                                                                           village, reason)))
    for name, (happening, reason) in ended.items():
        index = next(i for i, a in enumerate(planned.roster) if a.name == name)
        planned.roster[index] = replace(planned.roster[index], active=False)
        planned.happenings.append(at(happening.recorded_at + AFTER_ROLE_CHANGE, LEADER,
                                     DisableAccount(planned.roster[index].username, f"岗位结束：{reason}")))


def post_of(tenure: Tenure) -> str:
    return ROLE_LABELS[tenure.role]


def at(moment: datetime, actor: str, what: object) -> Happening:
    return Happening(moment, moment, actor, what)
