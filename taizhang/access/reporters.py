"""What a caller may see of a public reporter: one rule for every way out of the record.

A public reporter risks retaliation from the village they report. Only the township's staff who
handle reports (administrator, environment office) and the inspectors may see who reported; to
everyone else (a village cadre, a cleaner, another reporter) the reporter is ``REDACTED``:

- an actor whose account is, or once was, a public reporter's (other than the caller's own), and
- the actor of the event that brought a public report in (a problem registered from a public report,
  a rewarded report submitted), since whoever took a report by telephone knows who made it.

The reporter's name and contact are sealed in the log and shown only through ``/reports/{id}/identity``
(office staff); they never pass through here. Every answer that names an actor — the API's problems,
ledger, provenance, reports and audit views, the web's pages, the CSV — asks ``ReporterShield``.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from domain.account import AccessRole, Account
from domain.acts import as_fact
from domain.assessment.reports import PublicReport
from domain.problem import Problem
from domain.vocabulary import Source
from taizhang.access.caller import Caller
from taizhang.application import Taizhang

REDACTED = "群众举报人（已隐去）"
"""What a caller who may not see a public reporter sees in the reporter's place."""

SEE_REPORTERS = frozenset({AccessRole.TOWNSHIP_ADMIN, AccessRole.ENVIRONMENT_OFFICE, AccessRole.INSPECTOR})
INTAKE_TYPES = frozenset({"Problem.Registered", "PublicReport.Submitted"})


def sees_reporters(caller: Caller) -> bool:
    return caller.role in SEE_REPORTERS


def brings_report_in(event: object) -> bool:
    """The event that brought a public report into the record."""
    if isinstance(event, Problem.Registered):
        return str(event.source) == Source.PUBLIC_REPORT.value
    return isinstance(event, PublicReport.Submitted)


class ReporterShield:
    """Actors as ``caller`` may see them; remembers, for one answer, which accounts are reporters'."""

    def __init__(self, app: Taizhang, caller: Caller) -> None:
        self.app = app
        self.caller = caller
        self.open = sees_reporters(caller)
        self._reporters: dict[str, bool] = {}
        self._intakes: dict[str, bool] = {}
        self._lock = threading.Lock()

    def actor(self, actor: str | None, intake: bool = False) -> str | None:
        """``actor`` as the caller may see it; ``intake``: the event brought a public report in."""
        if actor is None or self.open or actor == self.caller.username:
            return actor
        return REDACTED if intake or self.is_reporter(actor) else actor

    def of_event(self, event: Any) -> str | None:
        """The actor of a stored (domain) event, as the caller may see it."""
        return self.actor(as_fact(event).actor, brings_report_in(event))

    def of_row(self, actor: str | None, event_type: str, aggregate_id: str | uuid.UUID) -> str | None:
        """The actor of an event index row (position, type, aggregate, actor), as the caller may see it."""
        if actor is None or self.open or actor == self.caller.username:
            return actor
        intake = event_type in INTAKE_TYPES and self._brought_report_in(str(aggregate_id))
        return self.actor(actor, intake)

    def hides(self, actor: str | None, intake: bool = False) -> bool:
        return self.actor(actor, intake) != actor

    def is_reporter(self, username: str) -> bool:
        """Whether the account is, or ever was, a public reporter's (from its own events)."""
        with self._lock:
            known = self._reporters.get(username)
        if known is None:
            events = self.app.repository.event_store.get(Account.id_for(username))
            known = any(getattr(e, "access_role", None) == AccessRole.PUBLIC_REPORTER.value for e in events)
            with self._lock:
                self._reporters[username] = known
        return known

    def _brought_report_in(self, aggregate_id: str) -> bool:
        with self._lock:
            known = self._intakes.get(aggregate_id)
        if known is None:
            first = list(self.app.repository.event_store.get(uuid.UUID(aggregate_id), lte=1))
            known = bool(first) and brings_report_in(first[0])
            with self._lock:
                self._intakes[aggregate_id] = known
        return known
