"""The cases side of the inspector's desk, shared by the API and the command line: which triggers have fired,
who answers for each (the posts held on its day), and the cases on record."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from domain.assessment.rules import RuleVersion, rule_version_on
from domain.cases.record import CaseRecord
from domain.cases.triggers import (
    DEFAULT_TRIGGERS,
    CaseTriggers,
    Trigger,
    back_band_triggers,
    flag_triggers,
    overdue_triggers,
)
from domain.errors import DomainError, NotFound
from domain.local_time import CHINA
from domain.organisation import Village
from domain.vocabulary import ROLE_LABELS, Role
from projections import queries
from projections.cases import CaseQueries
from projections.db import ReadStore
from projections.flags import FlagQueries
from projections.runner import ReadModelsBehind
from projections.snapshot import AsOf, Snapshot
from taizhang.application import Taizhang
from taizhang.commands.base import Outcome

VILLAGE_POSTS = (Role.VILLAGE_SECRETARY, Role.VILLAGE_CONTACT_CADRE)
TOWNSHIP_POSTS = (Role.LEADER_IN_CHARGE,)


def triggers_in_force(app: Taizhang, day: date) -> CaseTriggers:
    """The rule version in force on ``day`` says; before any rule book, the defaults."""
    try:
        versions: list[RuleVersion] = app.rule_book().versions
        return rule_version_on(versions, day).case_triggers
    except DomainError:
        return DEFAULT_TRIGGERS


def fired(app: Taizhang, store: ReadStore, day: date | None = None) -> list[Trigger]:
    """Every trigger that has fired by ``day`` (today by the record's clock) and has no case yet."""
    today = day or app.clock.now().astimezone(CHINA).date()
    limits = triggers_in_force(app, today)
    facts = app.facts_as_of()
    found = back_band_triggers({m: c.rankings for m, c in facts.closings.items()}, limits)
    overdue = [(r["problem_id"], r["village_id"], date.fromisoformat(r["deadline"]))
               for r in queries.overdue(store, today, limit=10_000).rows]
    first_year = min((deadline.year for _, _, deadline in overdue), default=today.year)
    found += overdue_triggers(overdue, today, limits, app.working_calendar(first_year, today.year))
    found += flag_triggers(FlagQueries(store).confirmed(today), today, limits)
    return [t for t in found if not app.has_case(t.key)]


def respondents(app: Taizhang, trigger: Trigger) -> list[dict[str, str]]:
    """Who held the responsible posts on the trigger's day; for a confirmed flag, the people it names."""
    if trigger.people:
        people = []
        for username in trigger.people:
            account = app.find_account(username) if not username.startswith("person:") else None
            person_id = (str(account.person_id) if account is not None and account.person_id
                         else username.removeprefix("person:") if username.startswith("person:") else None)
            if person_id:
                people.append({"person_id": person_id, "name": _name(app, person_id), "role": ""})
        return people
    facts = app.facts_as_of()
    held = []
    for person, post in facts.role_holders((*VILLAGE_POSTS, *TOWNSHIP_POSTS)):
        at_village = trigger.village_id is not None and str(post.unit_id) == trigger.village_id
        if post.holds_on(trigger.day) and (post.role in TOWNSHIP_POSTS or at_village):
            held.append({"person_id": str(person.person_id), "name": person.name, "role": post.role.value})
    return held


def _name(app: Taizhang, person_id: str) -> str:
    from domain.people import Person

    try:
        return app.get(Person, uuid.UUID(person_id), "人员").name
    except (NotFound, ValueError):
        return ""


def open_case(app: Taizhang, store: ReadStore, trigger_key: str, actor: str) -> Outcome:
    """Open the case of a trigger that has fired now (a key typed wrong, or not fired, is refused)."""
    for trigger in fired(app, store):
        if trigger.key == trigger_key:
            return app.open_case(trigger, respondents(app, trigger), actor)
    raise NotFound(f"没有已触发而未立案的 “{trigger_key}”", f"no fired trigger {trigger_key!r} without a case")


def cases_on_record(store: ReadStore, as_of: AsOf = None) -> tuple[list[CaseRecord], Snapshot]:
    """Every case as the record stood at ``as_of`` (the latest the read models hold), from the cases read model."""
    return CaseQueries(store).cases(as_of)


# How long a publication waits for the cases read model to reach the record's head before it refuses.
READ_WAIT_SECONDS = 5.0


def open_cases_by_village(
    app: Taizhang, store: ReadStore, wait_for: Callable[[int, float], bool] | None = None
) -> dict[str, int]:
    """The cases not closed (escalated ones among them), by village name, for the red and black list frozen into a
    bulletin: as of the record's head when it is published, never from a read model behind it (``wait_for``, a
    projector's, gives it a bounded wait to catch up; then it refuses, and nothing is published)."""
    head = app.recorder.max_notification_id() or 0
    if wait_for is not None:
        wait_for(head, READ_WAIT_SECONDS)
    queries = CaseQueries(store)
    reached = queries.position()
    if reached < head:
        raise ReadModelsBehind(
            f"问责案件读模型只到位置 {reached}，记录已到 {head}：红黑榜须按发布时的案件，请稍后重试",
            f"the cases read model is at {reached}, the record at {head}: the list is of the cases at publication",
            position=head, reached=reached, retry_after_seconds=1,
        )
    counts: dict[str, int] = {}
    for village, count in queries.open_by_village().items():
        name = app.get(Village, uuid.UUID(village), "村").name  # two villages of one name are one line of the list
        counts[name] = counts.get(name, 0) + count
    return counts


def role_word(role: str) -> str:
    return ROLE_LABELS.get(Role(role), role) if role else ""
