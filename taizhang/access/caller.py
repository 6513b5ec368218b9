"""The signed-in account behind a request or a command, whichever interface it came through."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from domain.account import AccessRole, Account


@dataclass(frozen=True)
class Caller:
    """The signed-in account making this request; its username is the actor of every event."""

    username: str
    role: AccessRole
    village_id: uuid.UUID | None
    person_id: uuid.UUID | None = None  # a cleaner's own rating and pay lines are this person's
    sign_in_generation: int = 0  # a token issued in an earlier generation (before a password change) is refused

    @classmethod
    def of(cls, account: Account) -> Caller:
        return cls(account.username, account.access_role, account.village_id, account.person_id,
                   account.sign_in_generation)

    @property
    def is_village_scoped(self) -> bool:
        return self.role == AccessRole.VILLAGE_CADRE
