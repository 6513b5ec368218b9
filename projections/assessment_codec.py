"""The assessment facts as rows: which fact an event changes, each fact's text, and the days it bears on.

A fact is one entry of ``AssessmentFacts`` (a patrol, a problem, a person, a letter…) named by a
``(kind, key)``. Its ``span`` is the interval of days whose figures it can change, so that a month's
figures read only the facts whose span overlaps the month. Township-wide facts (villages, household
counts) bear on every day.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from domain.assessment.facts import (
    FOLDED_EVENTS,
    AssessmentFacts,
    BulletinFact,
    ClosingFact,
    LetterFact,
    PatrolFact,
    PersonFact,
    ProblemFact,
    ProblemStep,
    ReportFact,
    SheetFact,
    VillageFact,
)
from domain.assessment.letters import HouseholdCensus, LetterKind, ResponsibilityLetter, Term
from domain.assessment.patrol import DailyPatrol
from domain.assessment.paysheet import PayLine, PaySheet, SheetKind, SheetStatus
from domain.assessment.periods import MonthClosing, QuarterBulletin
from domain.assessment.reports import PublicReport, ReportStage
from domain.assessment.rules import RuleBook, RuleVersion
from domain.assessment.values import FactRef, Month
from domain.organisation import Township, Village
from domain.people import Person, RoleAssignment
from domain.problem import Problem
from domain.vocabulary import Role, UnitKind

FactKey = tuple[str, str]
EVER = (date.min.isoformat(), date.max.isoformat())
NEVER = (date.max.isoformat(), date.max.isoformat())
GLOBAL_KINDS = ("township", "village", "census")
_TERMINAL = ("closed", "voided")


def folds(event_type: type) -> bool:
    """Whether the assessment fold changes a fact on events of this class."""
    return event_type in FOLDED_EVENTS


def fact_key(event: Any, originator: str | None = None) -> FactKey | None:
    """The fact an event of the assessment fold changes (None for events the fold ignores).

    ``originator`` is the event's aggregate id as text, if the caller has it already.
    """
    if type(event) not in FOLDED_EVENTS:
        return None
    if isinstance(event, RuleBook.VersionAdopted):
        return ("rules", event.rules["version_id"])
    if isinstance(event, MonthClosing.Closed):
        return ("closing", event.month)
    if isinstance(event, QuarterBulletin.Published):
        return ("bulletin", f"{event.year}-Q{event.quarter}")
    kind = _KIND_OF_AGGREGATE[type(event).__qualname__.split(".")[0]]
    if kind == "township":
        return (kind, "township")
    return (kind, originator if originator is not None else str(event.originator_id))


_KIND_OF_AGGREGATE: dict[str, str] = {
    cls.__name__: kind
    for cls, kind in (
        (Township, "township"), (Village, "village"), (Person, "person"), (DailyPatrol, "patrol"),
        (Problem, "problem"), (ResponsibilityLetter, "letter"), (HouseholdCensus, "census"),
        (PublicReport, "report"), (PaySheet, "sheet"),
    )
}


# --- to text ----------------------------------------------------------------------------------


def _ref(ref: FactRef | None) -> list[Any] | None:
    return [ref.position, str(ref.aggregate_id), ref.version] if ref else None


def _unref(value: list[Any]) -> FactRef:
    """A ref as ``_ref`` wrote it; every fact has one, save a census not yet counted (``_put_census`` looks)."""
    return FactRef(int(value[0]), uuid.UUID(value[1]), int(value[2]))


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _undate(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _required_date(value: str) -> date:
    """A day that a fact always has (``_day`` wrote it from a date)."""
    return date.fromisoformat(value)


def encode(f: AssessmentFacts, key: FactKey) -> tuple[dict[str, Any], tuple[str, str]]:
    """The fact's content as JSON-ready data, and its span of days."""
    return _ENCODERS[key[0]](f, key[1])


def _township(f: AssessmentFacts, _: str) -> tuple[dict[str, Any], tuple[str, str]]:
    return {"name": f.township_name}, EVER


def _village(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    v = f.villages[uuid.UUID(key)]
    return {
        "ref": _ref(v.ref),
        "name": v.name,
        "code": v.code,
        "groups": {str(g): n for g, n in v.groups.items()},
    }, EVER


def _person(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    p = f.people[uuid.UUID(key)]
    assignments = [
        [a.number, a.role.value, a.unit_kind.value, str(a.unit_id), _day(a.start), _day(a.end), a.area]
        for a in p.assignments
    ]
    span = NEVER
    if p.assignments:
        ends = [a.end for a in p.assignments if a.end is not None]
        last = max(ends) if len(ends) == len(p.assignments) else date.max  # an open assignment runs on for ever
        span = (min(a.start for a in p.assignments).isoformat(), last.isoformat())
    return {"ref": _ref(p.ref), "name": p.name, "assignments": assignments}, span


def _patrol(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    p = f.patrols[uuid.UUID(key)]
    body = {
        "ref": _ref(p.ref), "day": _day(p.day), "village_id": str(p.village_id),
        "group_id": str(p.group_id) if p.group_id else None, "cleaner_id": str(p.cleaner_id) if p.cleaner_id else None,
        "area": p.area, "findings": p.findings, "withdrawn": p.withdrawn,
    }
    return body, (p.day.isoformat(), p.day.isoformat())


def _problem(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    p = f.problems[uuid.UUID(key)]
    steps = [_step(s) for s in p.steps]
    days = [s.day for s in p.steps]
    # Once its last recorded step closed or voided it, a problem bears on no day after that step.
    last = max(days) if p.steps[-1].kind in _TERMINAL else date.max
    body = {"village_id": str(p.village_id), "source": p.source, "registered_on": _day(p.registered_on), "steps": steps}
    return body, (min(days).isoformat(), last.isoformat())


def _step(s: ProblemStep) -> list[Any]:
    return [_day(s.day), s.kind, _ref(s.ref), _day(s.deadline), s.on_time]


class ProblemTexts:
    """A problem fact's stored text, each of its steps encoded once rather than again at every later step.

    A problem's steps are only ever appended (``ProblemStep`` is frozen), so the text of the first steps of
    the same ``ProblemFact`` object stays valid; a fact replaced by another object (read back from its row,
    or registered again) is encoded from its first step. The text is exactly ``dumps(encode(...)[0])``:
    the body's keys in sorted order, with the steps the third of four (``tests/projections``
    compares the two).
    """

    def __init__(self) -> None:
        # problem key -> (the fact, the text before its steps, each step's text, the text after them)
        self._known: dict[str, tuple[ProblemFact, str, list[str], str]] = {}

    def text(self, f: AssessmentFacts, key: str, problem_id: uuid.UUID | None = None) -> tuple[str, tuple[str, str]]:
        """The text and span of the problem ``key`` (``problem_id`` is the same id, if the caller has it as a UUID)."""
        p = f.problems[problem_id if problem_id is not None else uuid.UUID(key)]
        known = self._known.get(key)
        if known is None or known[0] is not p or len(known[2]) > len(p.steps):
            # What registration fixed is not changed by later steps of the same fact object.
            registered_on, source = _ENCODER.encode(_day(p.registered_on)), _ENCODER.encode(p.source)
            before = '{"registered_on":' + registered_on + ',"source":' + source
            after = '],"village_id":' + _ENCODER.encode(str(p.village_id)) + "}"
            known = self._known[key] = (p, before + ',"steps":[', [], after)
        _, before, texts, after = known
        for s in p.steps[len(texts):]:
            texts.append(_ENCODER.encode(_step(s)))
        days = [s.day for s in p.steps]
        last = max(days) if p.steps[-1].kind in _TERMINAL else date.max
        return before + ",".join(texts) + after, (min(days).isoformat(), last.isoformat())

    def keep_only(self, keys: Collection[str]) -> None:
        """Forget every problem but these (those the fact cache still holds)."""
        self._known = {k: v for k, v in self._known.items() if k in keys}


def _letter(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    x = f.letters[uuid.UUID(key)]
    terms = [*x.signed_terms, *([x.current] if x.current else [])]
    body = {
        "ref": _ref(x.ref), "kind": x.kind.value, "village_id": str(x.village_id), "household": x.household,
        "current": [_day(x.current.start), _day(x.current.end)] if x.current else None, "sides": sorted(x.sides),
        "signed_terms": [[_day(t.start), _day(t.end)] for t in x.signed_terms], "revoked_on": _day(x.revoked_on),
    }
    last = max(t.end for t in terms)
    if x.revoked_on is not None:
        last = min(last, x.revoked_on)
    return body, (min(t.start for t in terms).isoformat(), last.isoformat())


def _census(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    village_id = f.household_village[uuid.UUID(key)]
    counts = [[_day(d), n] for d, n in f.households.get(village_id, [])]
    return {"village_id": str(village_id), "counts": counts, "ref": _ref(f.household_refs.get(village_id))}, EVER


def _report(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    r = f.reports[uuid.UUID(key)]
    body = {
        "ref": _ref(r.ref), "village_id": str(r.village_id), "submitted_on": _day(r.submitted_on),
        "stage": r.stage.value, "problem_id": str(r.problem_id) if r.problem_id else None,
    }
    return body, (r.submitted_on.isoformat(), r.submitted_on.isoformat())


def _rules(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    [version] = [v for v in f.rule_versions if v.version_id == key]
    return {"rules": version.as_record(), "ref": _ref(f.rule_refs[key])}, (version.effective_from.isoformat(), EVER[1])


def month_span(month: Month) -> tuple[str, str]:
    return month.first_day.isoformat(), month.last_day.isoformat()


def _closing(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    c = f.closings[Month.parse(key)]
    body = {
        "ref": _ref(c.ref), "rule_version_id": c.rule_version_id, "as_of_position": c.as_of_position,
        "ratings": c.ratings, "rankings": c.rankings, "digest": c.digest,
    }
    return body, month_span(c.month)


def _sheet(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    s = next(s for s in f.sheets.values() if str(s.sheet_id) == key)
    body = {
        "ref": _ref(s.ref), "kind": s.kind.value, "month": str(s.month), "status": s.status.value,
        "as_of_position": s.as_of_position, "rule_version_id": s.rule_version_id,
        "lines": [line.as_record() for line in s.lines],
    }
    if s.settled_at is not None:
        body["settled_at"] = s.settled_at
    return body, month_span(s.month)


def _bulletin(f: AssessmentFacts, key: str) -> tuple[dict[str, Any], tuple[str, str]]:
    year, quarter = key.split("-Q")
    first = Month(int(year), 3 * int(quarter) - 2)
    b = f.bulletins[(int(year), int(quarter))]
    body: dict[str, Any] = {"ref": _ref(b.ref), "as_of_position": b.as_of_position, "text_sha256": b.text_sha256}
    if b.red_black is not None:
        body["red_black"] = b.red_black
    return body, (first.first_day.isoformat(), Month(first.year, first.month + 2).last_day.isoformat())


_ENCODERS: dict[str, Callable[[AssessmentFacts, str], tuple[dict[str, Any], tuple[str, str]]]] = {
    "township": _township, "village": _village, "person": _person, "patrol": _patrol, "problem": _problem,
    "letter": _letter, "census": _census, "report": _report, "rules": _rules, "closing": _closing,
    "sheet": _sheet, "bulletin": _bulletin,
}


# --- from text --------------------------------------------------------------------------------


def decode_into(f: AssessmentFacts, kind: str, key: str, body: dict[str, Any]) -> None:
    """Put one fact back into ``f`` exactly as the fold had it."""
    _DECODERS[kind](f, key, body)


def _put_township(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    f.township_name = b["name"]


def _put_village(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    vid = uuid.UUID(key)
    groups = {uuid.UUID(g): n for g, n in b["groups"].items()}
    f.villages[vid] = VillageFact(vid, _unref(b["ref"]), b["name"], b["code"], groups)


def _put_person(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    pid = uuid.UUID(key)
    assignments = [
        RoleAssignment(n, Role(r), UnitKind(k), uuid.UUID(u), _required_date(s), _undate(e), area)
        for n, r, k, u, s, e, area in b["assignments"]
    ]
    f.people[pid] = PersonFact(pid, _unref(b["ref"]), b["name"], assignments)


def _put_patrol(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    pid = uuid.UUID(key)
    f.put_patrol(PatrolFact(
        pid, _unref(b["ref"]), _required_date(b["day"]), uuid.UUID(b["village_id"]),
        uuid.UUID(b["group_id"]) if b["group_id"] else None, uuid.UUID(b["cleaner_id"]) if b["cleaner_id"] else None,
        b["area"], {k: int(v) for k, v in b["findings"].items()}, b["withdrawn"],
    ))


def _put_problem(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    pid = uuid.UUID(key)
    steps = [ProblemStep(_required_date(d), k, _unref(r), _undate(dl), on) for d, k, r, dl, on in b["steps"]]
    registered_on = _required_date(b["registered_on"])
    f.problems[pid] = ProblemFact(pid, uuid.UUID(b["village_id"]), b["source"], registered_on, steps)


def _term(pair: list[str]) -> Term:
    return Term(date.fromisoformat(pair[0]), date.fromisoformat(pair[1]))


def _put_letter(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    lid = uuid.UUID(key)
    f.letters[lid] = LetterFact(
        lid, _unref(b["ref"]), LetterKind(b["kind"]), uuid.UUID(b["village_id"]), b["household"],
        _term(b["current"]) if b["current"] else None, set(b["sides"]), [_term(t) for t in b["signed_terms"]],
        _undate(b["revoked_on"]),
    )


def _put_census(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    village_id = uuid.UUID(b["village_id"])
    f.household_village[uuid.UUID(key)] = village_id
    if b["counts"]:
        f.households[village_id] = [(date.fromisoformat(d), int(n)) for d, n in b["counts"]]
    if b["ref"]:
        f.household_refs[village_id] = _unref(b["ref"])


def _put_report(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    rid = uuid.UUID(key)
    f.reports[rid] = ReportFact(
        rid, _unref(b["ref"]), uuid.UUID(b["village_id"]), _required_date(b["submitted_on"]),
        ReportStage(b["stage"]), uuid.UUID(b["problem_id"]) if b["problem_id"] else None,
    )


def _put_rules(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    f.rule_versions.append(RuleVersion.from_record(b["rules"]))
    f.rule_refs[key] = _unref(b["ref"])


def _put_closing(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    month = Month.parse(key)
    f.closings[month] = ClosingFact(
        month, _unref(b["ref"]), b["rule_version_id"], b["as_of_position"], b["ratings"], b["rankings"], b["digest"]
    )


def _put_sheet(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    kind, month = SheetKind(b["kind"]), Month.parse(b["month"])
    f.sheets[(kind, month)] = SheetFact(
        uuid.UUID(key), _unref(b["ref"]), kind, month, SheetStatus(b["status"]), b["as_of_position"],
        b["rule_version_id"], [PayLine.from_record(r) for r in b["lines"]], b.get("settled_at"),
    )


def _put_bulletin(f: AssessmentFacts, key: str, b: dict[str, Any]) -> None:
    year, quarter = key.split("-Q")
    f.bulletins[(int(year), int(quarter))] = BulletinFact(
        _unref(b["ref"]), b["as_of_position"], b["text_sha256"], b.get("red_black"))


_DECODERS: dict[str, Callable[[AssessmentFacts, str, dict[str, Any]], None]] = {
    "township": _put_township, "village": _put_village, "person": _put_person, "patrol": _put_patrol,
    "problem": _put_problem, "letter": _put_letter, "census": _put_census, "report": _put_report,
    "rules": _put_rules, "closing": _put_closing, "sheet": _put_sheet, "bulletin": _put_bulletin,
}


# One encoder for every fact: ``json.dumps`` with options builds a new one per call.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def dumps(body: dict[str, Any]) -> str:
    return _ENCODER.encode(body)
