"""Accounts that sign in to the record, and the access role each holds (scoped to a village where due).

The password itself never enters the event log: only the fact that it was changed, by whom and when.
"""

from __future__ import annotations

import re
import uuid
from enum import StrEnum

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.errors import InvalidInput, ReasonRequired, StageNotAllowed

_ACCOUNT_NAMESPACE = uuid.UUID("4c7d2e91-5b3a-4f86-9e12-8a6b0d3f7c25")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,31}$")


class AccessRole(StrEnum):
    """What an account may do in the system (distinct from the roles people hold in units)."""

    TOWNSHIP_ADMIN = "township_admin"  # 镇管理员
    ENVIRONMENT_OFFICE = "environment_office"  # 镇环境治理办
    VILLAGE_CADRE = "village_cadre"  # 村干部（限本村）
    CLEANER = "cleaner"  # 保洁员
    INSPECTOR = "inspector"  # 纪检（只读）
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


class Account(Aggregate):
    """One person's or machine's sign-in, its access role and, for a cadre, the village it is limited to."""

    class Opened(RecordedFact, Aggregate.Created):
        username: str
        display_name: str
        access_role: str
        village_id: uuid.UUID | None

        def apply(self, aggregate: Account) -> None:
            aggregate.username = self.username
            aggregate.display_name = self.display_name
            aggregate.access_role = AccessRole(self.access_role)
            aggregate.village_id = self.village_id
            aggregate.disabled = False
            aggregate.password_changes = 0

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

    @staticmethod
    def id_for(username: str) -> uuid.UUID:
        return uuid.uuid5(_ACCOUNT_NAMESPACE, f"account:{username}")

    @classmethod
    def open(
        cls, username: str, display_name: str, role: AccessRole, village_id: uuid.UUID | None, act: Act
    ) -> Account:
        username = check_username(username)
        role = AccessRole(role)
        check_scope(role, village_id)
        display_name = display_name.strip() or username
        if len(display_name) > 40:
            raise InvalidInput("显示名称最多 40 字", "the display name is at most 40 characters")
        return cls._create(
            cls.Opened,
            id=cls.id_for(username),
            username=username,
            display_name=display_name,
            access_role=role.value,
            village_id=village_id,
            **stamp(act),
        )

    def change_access(self, role: AccessRole, village_id: uuid.UUID | None, reason: str, act: Act) -> None:
        self.check_active()
        role = AccessRole(role)
        check_scope(role, village_id)
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

    def check_active(self) -> None:
        if self.disabled:
            raise StageNotAllowed(f"账号 {self.username} 已停用", f"account {self.username} is disabled")
