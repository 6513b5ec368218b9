"""Commands on sign-in accounts: open, name the person, change access, disable, note a password change."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.account import AccessRole, Account, check_username
from domain.errors import AlreadyExists, InvalidInput, NotFound, PersonHasAccount
from domain.organisation import Village
from domain.people import Person
from taizhang.commands.base import A, Outcome, stored_uuid
from taizhang.commands.organisation import OrganisationCommands


class AccountCommands(OrganisationCommands):
    def open_account(
        self,
        username: str,
        role: AccessRole,
        actor: str,
        village_id: uuid.UUID | None = None,
        display_name: str = "",
        person_id: uuid.UUID | None = None,
    ) -> Outcome:
        username = check_username(username)
        if self.find_account(username) is not None:
            raise AlreadyExists(f"账号 {username} 已存在", f"the account {username} already exists")
        if village_id is not None:
            self.get(Village, village_id, "村")
        person = self.person_for_account(person_id, username) if person_id is not None else None
        return self.record(Account.open(username, display_name, role, village_id, self.act(actor), person))

    def link_account_person(
        self, username: str, person_id: uuid.UUID, reason: str, actor: str, expected_version: int | None = None
    ) -> Outcome:
        """Name (or correct) the person an account belongs to; the fact records who did it and when."""
        with self.changing(Account, self.account_id(username), "账号", expected_version) as account:
            person = self.person_for_account(person_id, account.username)
            account.link_person(person, reason, self.act(actor))
        return self.record(account)

    def person_for_account(self, person_id: uuid.UUID, username: str) -> Person:
        """The person, refused when unknown or when another live account already names them."""
        person = self.get(Person, person_id, "人员")
        for other in self.accounts():
            if other.username != username and other.person_id == person_id and not other.disabled:
                raise PersonHasAccount(
                    f"{person.name} 已有账号 {other.username}：一人只能有一个在用账号（如需换号，先停用原账号）",
                    f"{person.name} already has the live account {other.username}; disable it first",
                    username=other.username,
                )
        return person

    def change_access(
        self,
        username: str,
        role: AccessRole,
        village_id: uuid.UUID | None,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Outcome:
        if village_id is not None:
            self.get(Village, village_id, "村")
        with self.changing(Account, self.account_id(username), "账号", expected_version) as account:
            person = self.get(Person, account.person_id, "人员") if account.person_id is not None else None
            account.change_access(role, village_id, reason, self.act(actor), person)
        return self.record(account)

    def disable_account(self, username: str, reason: str, actor: str, expected_version: int | None = None) -> Outcome:
        with self.changing(Account, self.account_id(username), "账号", expected_version) as account:
            account.disable(reason, self.act(actor))
        return self.record(account)

    def note_password_change(self, username: str, actor: str) -> Outcome:
        with self.changing(Account, self.account_id(username), "账号") as account:
            account.record_password_change(self.act(actor))
        return self.record(account)

    def end_sessions(self, username: str, actor: str) -> Outcome:
        """Every token of the account stops working (a sign-out; a changed password does it too)."""
        with self.changing(Account, self.account_id(username), "账号") as account:
            account.end_sessions(self.act(actor))
        return self.record(account)

    def account(self, username: str) -> Account:
        return self.get(Account, self.account_id(username), "账号")

    def find_account(self, username: str) -> Account | None:
        try:
            found: Aggregate = self.repository.get(Account.id_for(username))
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Account) else None

    def account_id(self, username: str) -> uuid.UUID:
        try:
            return Account.id_for(check_username(username))
        except InvalidInput:
            raise NotFound(f"找不到账号 {username}", f"no account {username}") from None

    def accounts(self) -> Iterator[Account]:
        """Every account, in the order opened (a scan of the log by topic: accounts are few)."""
        yield from self.aggregates_created_by(Account.Opened, Account)

    def people(self) -> Iterator[Person]:
        """Everyone enrolled, in the order enrolled (a scan of the log by topic, as for accounts)."""
        yield from self.aggregates_created_by(Person.Enrolled, Person)

    def aggregates_created_by(self, created: type, cls: type[A]) -> Iterator[A]:
        topic = get_topic(created)
        start = 1
        while True:
            page = self.recorder.select_notifications(start=start, limit=500, topics=[topic])
            for notification in page:
                yield self.get(cls, stored_uuid(notification.originator_id), cls.__name__)
            if len(page) < 500:
                return
            start = page[-1].id + 1
