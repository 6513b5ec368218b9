"""Opening accounts and signing in: the account's events in the log, its secrets beside it."""

from __future__ import annotations

import uuid

from domain.account import AccessRole, Account, check_username
from domain.errors import InvalidInput
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome
from taizhang.credentials import Credentials, IssuedKey, check_password_strength


class AccountDesk:
    """Where accounts are opened, their passwords set, and their sign-ins checked."""

    def __init__(self, app: Taizhang, credentials: Credentials) -> None:
        self.app = app
        self.credentials = credentials

    def open(
        self,
        username: str,
        password: str,
        role: AccessRole,
        actor: str,
        village_id: uuid.UUID | None = None,
        display_name: str = "",
        person_id: uuid.UUID | None = None,
    ) -> Outcome:
        check_password_strength(password, username, display_name)
        outcome = self.app.open_account(username, role, actor, village_id, display_name, person_id)
        # The fact is recorded first: if the hash were lost, an administrator resets the password.
        self.credentials.set_password(username, password, outcome.recorded_at)
        return outcome

    def change_password(self, username: str, new_password: str, actor: str) -> Outcome:
        check_password_strength(new_password, username)
        outcome = self.app.note_password_change(username, actor)
        self.credentials.set_password(username, new_password, outcome.recorded_at)
        return outcome

    def change_own_password(self, username: str, current_password: str, new_password: str) -> Outcome:
        if not self.credentials.verify_password(username, current_password):
            raise InvalidInput("当前密码不正确", "the current password is wrong")
        if current_password == new_password:
            raise InvalidInput("新密码不能与当前密码相同", "the new password must differ from the current one")
        return self.change_password(username, new_password, username)

    def sign_in(self, username: str, password: str) -> Account | None:
        """The active account whose password this is, or None (never saying which part was wrong)."""
        if not is_username(username):
            self.credentials.verify_decoy(password)
            return None
        account = self.app.find_account(username)
        if not self.credentials.verify_password(username, password) or account is None or account.disabled:
            return None
        return account

    def issue_api_key(self, username: str, label: str) -> IssuedKey:
        account = self.app.account(username)
        account.check_active()
        return self.credentials.issue_api_key(account.username, label, self.app.clock.now())

    def account_for_api_key(self, presented: str) -> Account | None:
        username = self.credentials.username_for_api_key(presented)
        if username is None:
            return None
        account = self.app.find_account(username)
        return None if account is None or account.disabled else account


def is_username(username: str) -> bool:
    try:
        check_username(username)
    except InvalidInput:
        return False
    return True
