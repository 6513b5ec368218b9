"""The names people read where the record keeps a username: the person an account names, else its display name.

Every event keeps the acting account's username (what an audit compares); pages, files and tables show
who that was. A name is remembered with the account's version, so a renamed or relinked account is
shown by its new name at once (one indexed read of its latest version per lookup, as
``taizhang.access.current_callers`` does).
"""

from __future__ import annotations

import threading
import uuid
from typing import TYPE_CHECKING

from domain.account import Account
from domain.errors import NotFound
from domain.people import Person

if TYPE_CHECKING:  # the application's commands name people too: a cycle at import time otherwise
    from taizhang.application import Taizhang

# Accounts of no person: the record's own set-up steps.
SYSTEM_NAMES = {
    "system:init": "系统（建账）",
    "system:demo": "系统（演示数据）",
    "system:cli": "系统（命令行）",
}


class PeopleNames:
    """Who an actor was, by name; safe to share between requests."""

    def __init__(self, app: Taizhang, capacity: int = 2000) -> None:
        self.app = app
        self.capacity = capacity
        self._known: dict[str, tuple[int, str]] = {}  # username -> (account version, name)
        self._lock = threading.Lock()

    def name(self, username: str) -> str:
        """The person's name for an account's username; the username itself when no account has it."""
        if username in SYSTEM_NAMES:
            return SYSTEM_NAMES[username]
        if username.startswith("system:"):
            return "系统"
        latest = self.app.recorder.select_events(Account.id_for(username), desc=True, limit=1)
        if not latest:
            return username  # not an account: a name typed before actors were accounts, shown as typed
        version = latest[0].originator_version
        known = self._known.get(username)
        if known is not None and known[0] == version:
            return known[1]
        account = self.app.find_account(username)
        named = self._person_name(account.person_id) if account is not None and account.person_id else None
        shown = named or (account.display_name if account is not None else "") or username
        with self._lock:
            if len(self._known) >= self.capacity:
                self._known.clear()
            self._known[username] = (version, shown)
        return shown

    def named(self, username: str) -> str:
        """The name with the username beside it, where an account is meant (account lists, audit by account)."""
        shown = self.name(username)
        return shown if shown == username else f"{shown}（{username}）"

    def _person_name(self, person_id: uuid.UUID) -> str | None:
        try:
            return self.app.get(Person, person_id, "人员").name
        except NotFound:
            return None  # shown by the account's own name instead
