"""Accounts that sign in to the record, and the access role each holds (scoped to a village where due).

The password itself never enters the event log: only the fact that it was changed, by whom and when.
An account may name the person (``domain.people.Person``) who signs in with it: a cleaner's own rows
are found by that link, never by a display name two people may share.
"""

from __future__ import annotations

import re
import uuid
from enum import StrEnum
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.errors import InvalidInput, PersonRequired, ReasonRequired, StageNotAllowed
from domain.people import Person
from domain.vocabulary import Role

_ACCOUNT_NAMESPACE = uuid.UUID("4c7d2e91-5b3a-4f86-9e12-8a6b0d3f7c25")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,31}$")


class AccessRole(StrEnum):
    """What an account may do in the system (distinct from the roles people hold in units)."""

    TOWNSHIP_ADMIN = "township_admin"  # 镇管理员
    ENVIRONMENT_OFFICE = "environment_office"  # 镇环境治理办
    VILLAGE_CADRE = "village_cadre"  # 村干部（限本村）
    CLEANER = "cleaner"  # 保洁员
    INSPECTOR = "inspector"  # 纪检（查阅全部记录，核实疑点，办理问责）
    PUBLIC_REPORTER = "public_reporter"  # 群众举报人


ACCESS_ROLE_LABELS = {
    AccessRole.TOWNSHIP_ADMIN: "镇管理员",
    AccessRole.ENVIRONMENT_OFFICE: "镇环境治理办",
    AccessRole.VILLAGE_CADRE: "村干部",
    AccessRole.CLEANER: "保洁员",
    AccessRole.INSPECTOR: "纪检",
    AccessRole.PUBLIC_REPORTER: "群众举报人",
}

VILLAGE_SCOPED = frozenset({AccessRole.VILLAGE_CADRE})

# Accounts that must name their person, and the roles that person must have been recorded in.
# A cleaner's whole view is their own rows (the patrols of their area, their rating, their bonus
# lines), which belong to a person: unlinked, the account would see nothing, or a namesake's pay.
# A village cadre reports rectifications and signs household letters for the village, and is paid
# on its results: those acts must trace to a named office-holder, not only to a login.
# Township staff, inspectors and reporters may name a person but need not (a shared office login,
# a machine client, a member of the public).
PERSON_ROLES = {
    AccessRole.CLEANER: frozenset({Role.CLEANER}),
    AccessRole.VILLAGE_CADRE: frozenset(
        {Role.VILLAGE_SECRETARY, Role.VILLAGE_CADRE, Role.GROUP_LEADER, Role.RIVER_CHIEF, Role.POLICE_CHIEF}
    ),
}


def check_username(username: str) -> str:
    if not _USERNAME.match(username):
        raise InvalidInput(
            f"用户名 “{username}” 须为 3–32 位小写字母、数字、.、_ 或 -，以字母或数字开头",
            f"username {username!r} must be 3-32 lowercase letters, digits, '.', '_' or '-'",
        )
    return username


def check_scope(role: AccessRole, village_id: uuid.UUID | None) -> None:
    if role in VILLAGE_SCOPED and village_id is None:
        raise InvalidInput(f"{ACCESS_ROLE_LABELS[role]}账号必须指定所属村", f"a {role} account needs its village")
    if role not in VILLAGE_SCOPED and village_id is not None:
        raise InvalidInput(
            f"{ACCESS_ROLE_LABELS[role]}账号不限于某一个村，不能指定村", f"a {role} account is not scoped to a village"
        )


def check_person(role: AccessRole, person: Person | None) -> None:
    """A cleaner or cadre account names a person who has held such a role; others may name anyone."""
    needed = PERSON_ROLES.get(role)
    if needed is None:
        return
    if person is None:
        raise PersonRequired(
            f"{ACCESS_ROLE_LABELS[role]}账号必须关联本人的人员记录（先登记人员及其任职，再开通账号）",
            f"a {role} account must name its person (enrol the person and their role first)",
        )
    person.check_has_held(needed, f"{ACCESS_ROLE_LABELS[role]}账号")


class Account(Aggregate):
    """One person's or machine's sign-in, its access role and, for a cadre, the village it is limited to."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        username: str
        display_name: str
        access_role: AccessRole
        village_id: uuid.UUID | None
        person_id: uuid.UUID | None
        disabled: bool
        password_changes: int
        sessions_ended: int

    class Opened(RecordedFact, Aggregate.Created):
        username: str
        display_name: str
        access_role: str
        village_id: uuid.UUID | None
        person_id: uuid.UUID | None = None  # absent from accounts opened before accounts named people

        def apply(self, aggregate: Account) -> None:
            aggregate.username = self.username
            aggregate.display_name = self.display_name
            aggregate.access_role = AccessRole(self.access_role)
            aggregate.village_id = self.village_id
            aggregate.person_id = self.person_id
            aggregate.disabled = False
            aggregate.password_changes = 0
            aggregate.sessions_ended = 0

    class PersonLinked(RecordedFact):
        """The account now names this person (first named, or corrected to another)."""

        person_id: uuid.UUID
        reason: str

        def apply(self, aggregate: Account) -> None:
            aggregate.person_id = self.person_id

    class AccessChanged(RecordedFact):
        access_role: str
        village_id: uuid.UUID | None
        reason: str

        def apply(self, aggregate: Account) -> None:
            aggregate.access_role = AccessRole(self.access_role)
            aggregate.village_id = self.village_id

    class Disabled(RecordedFact):
        reason: str

        def apply(self, aggregate: Account) -> None:
            aggregate.disabled = True

    class PasswordChanged(RecordedFact):
        by_reset: bool

        def apply(self, aggregate: Account) -> None:
            aggregate.password_changes += 1

    class SessionsEnded(RecordedFact):
        """Everyone signed in with this account is signed out (the account signed out, on the web)."""

        def apply(self, aggregate: Account) -> None:
            aggregate.sessions_ended += 1

    @property
    def sign_in_generation(self) -> int:
        """Counts every change that ends the account's sign-ins: a token carries the one it was issued in."""
        return self.password_changes + self.sessions_ended

    @staticmethod
    def id_for(username: str) -> uuid.UUID:
        return uuid.uuid5(_ACCOUNT_NAMESPACE, f"account:{username}")

    @classmethod
    def open(
        cls,
        username: str,
        display_name: str,
        role: AccessRole,
        village_id: uuid.UUID | None,
        act: Act,
        person: Person | None = None,
    ) -> Account:
        """Open an account; ``person`` is the Person it names (required for a cleaner or a village cadre)."""
        username = check_username(username)
        role = AccessRole(role)
        check_scope(role, village_id)
        check_person(role, person)
        display_name = display_name.strip() or (person.name if person is not None else username)
        if len(display_name) > 40:
            raise InvalidInput("显示名称最多 40 字", "the display name is at most 40 characters")
        return cls._create(
            cls.Opened,
            id=cls.id_for(username),
            username=username,
            display_name=display_name,
            access_role=role.value,
            village_id=village_id,
            person_id=person.id if person is not None else None,
            **stamp(act),
        )

    def link_person(self, person: Person, reason: str, act: Act) -> None:
        """Name (or correct) the person who signs in with this account."""
        self.check_active()
        if not reason.strip():
            raise ReasonRequired("关联人员必须说明原因", "linking an account to a person needs a reason")
        if person.id == self.person_id:
            raise InvalidInput(
                f"账号 {self.username} 已关联 {person.name}", f"account {self.username} already names that person"
            )
        check_person(self.access_role, person)
        self.trigger_event(self.PersonLinked, person_id=person.id, reason=reason.strip(), **stamp(act))

    def change_access(
        self, role: AccessRole, village_id: uuid.UUID | None, reason: str, act: Act, person: Person | None = None
    ) -> None:
        """Change the access role; ``person`` is the linked Person (checked when the new role needs one)."""
        self.check_active()
        role = AccessRole(role)
        check_scope(role, village_id)
        if person is not None and person.id != self.person_id:
            raise InvalidInput(f"{person.name} 不是账号 {self.username} 关联的人员",
                               f"that person is not the one account {self.username} names")
        check_person(role, person)
        if not reason.strip():
            raise ReasonRequired("变更账号权限必须说明原因", "changing an account's access needs a reason")
        if role == self.access_role and village_id == self.village_id:
            raise InvalidInput("账号权限没有变化", "the account already has that access")
        self.trigger_event(
            self.AccessChanged, access_role=role.value, village_id=village_id, reason=reason.strip(), **stamp(act)
        )

    def disable(self, reason: str, act: Act) -> None:
        self.check_active()
        if not reason.strip():
            raise ReasonRequired("停用账号必须说明原因", "disabling an account needs a reason")
        self.trigger_event(self.Disabled, reason=reason.strip(), **stamp(act))

    def record_password_change(self, act: Act) -> None:
        self.check_active()
        self.trigger_event(self.PasswordChanged, by_reset=act.actor != self.username, **stamp(act))

    def end_sessions(self, act: Act) -> None:
        """Sign out every session of the account (its tokens stop working at once)."""
        self.trigger_event(self.SessionsEnded, **stamp(act))

    def check_active(self) -> None:
        if self.disabled:
            raise StageNotAllowed(f"账号 {self.username} 已停用", f"account {self.username} is disabled")
