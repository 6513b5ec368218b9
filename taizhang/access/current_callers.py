"""The caller behind a request, from an account kept current without replaying it on every request."""

from __future__ import annotations

import threading
import uuid

from domain.account import Account
from taizhang.access.caller import Caller
from taizhang.application import Taizhang


class CurrentCallers:
    """Each signed-in account as the log says it is now, remembered between requests.

    A disabled or changed account must be refused or narrowed at once, also when the change was
    recorded by another process on the same store. So every lookup still asks the store for the
    account's latest version — one indexed read of one stored event, nothing decoded — and replays
    the account only when that version is not the one remembered. Every change to an account is an
    event on it, so an unchanged version means an unchanged account.
    """

    def __init__(self, app: Taizhang, capacity: int = 1000) -> None:
        self.app = app
        self.capacity = capacity
        self._known: dict[str, tuple[int, Caller | None]] = {}  # username -> (version, caller or None if disabled)
        self._ids: dict[str, uuid.UUID] = {}  # an account's id is a name-based UUID: a SHA-1 each time otherwise
        self._lock = threading.Lock()

    def active(self, username: str) -> Caller | None:
        """The caller for an open, enabled account; None when there is no such account or it is disabled."""
        account_id = self._ids.get(username)
        if account_id is None:
            account_id = Account.id_for(username)
            with self._lock:
                if len(self._ids) >= self.capacity:
                    self._ids.clear()
                self._ids[username] = account_id
        latest = self.app.recorder.select_events(account_id, desc=True, limit=1)
        if not latest:
            return None
        known = self._known.get(username)
        if known is not None and known[0] == latest[0].originator_version:
            return known[1]
        account = self.app.find_account(username)
        if account is None:
            return None
        caller = None if account.disabled else Caller.of(account)
        with self._lock:
            if len(self._known) >= self.capacity:
                self._known.clear()  # accounts are few; a township never comes near the capacity
            self._known[username] = (account.version, caller)
        return caller
