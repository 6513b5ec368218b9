"""The first day whose month figures an event of the assessment fold can change.

A settled month needs no adjustment when nothing recorded since its figures were frozen bears on it:
what it owes is then what was approved, and drafting a sheet need not score that month again. That
keeps drafting a year's sheets linear in months rather than quadratic.

Each rule answers before the event is applied (a revocation must see the day it replaces) and errs
early: a day too early costs a month scored again, a day too late would miss an adjustment. Every
folded event class has a rule here (``tests/unit/test_fact_bearing.py`` holds that); what changes
the township's or a village's names and groups bears on every day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.assessment.letters import HouseholdCensus, ResponsibilityLetter
from domain.assessment.patrol import DailyPatrol
from domain.assessment.paysheet import PaySheet
from domain.assessment.periods import MonthClosing, QuarterBulletin
from domain.assessment.reports import PublicReport
from domain.assessment.rules import RuleBook, RuleVersion
from domain.local_time import local_day
from domain.organisation import Township, Village
from domain.people import Person
from domain.problem import Problem

if TYPE_CHECKING:
    from domain.assessment.facts.fold import AssessmentFacts

EVERY_DAY = date.min
NO_DAY = date.max

BearsFrom = Callable[["AssessmentFacts", Any], date]


def _every_day(_: AssessmentFacts, __: Any) -> date:
    return EVERY_DAY


def _no_day(_: AssessmentFacts, __: Any) -> date:
    """Closings, sheets and bulletins freeze or pay figures; no month's figures are computed from them."""
    return NO_DAY


def _enrolled(_: AssessmentFacts, __: Person.Enrolled) -> date:
    """Someone just enrolled holds no post yet, and no patrol or line can name them before they do."""
    return NO_DAY


def _role_taken(_: AssessmentFacts, e: Person.RoleTaken) -> date:
    return e.start


def _role_ended(f: AssessmentFacts, e: Person.RoleEnded) -> date:
    """Ending a post changes the days between its old end (none: for ever) and its new one."""
    person = f.people[e.originator_id]
    old_ends = [a.end for a in person.assignments if a.number == e.number and a.end is not None]
    return min([e.end, *old_ends])


def _rules_adopted(_: AssessmentFacts, e: RuleBook.VersionAdopted) -> date:
    """The version in force on a day is chosen among those effective by then."""
    return RuleVersion.from_record(e.rules).effective_from


def _patrol_recorded(_: AssessmentFacts, e: DailyPatrol.Recorded) -> date:
    return e.day


def _patrol_changed(f: AssessmentFacts, e: Any) -> date:
    """A correction or withdrawal keeps the patrol's day: only that day's month reads it."""
    return f.patrols[e.originator_id].day


def _problem_step(_: AssessmentFacts, e: Any) -> date:
    """A step bears from its own day: whether a problem was overdue on an earlier day reads earlier steps only."""
    return local_day(e.occurred_at)


def _problem_voided(f: AssessmentFacts, e: Problem.Voided) -> date:
    """A voided problem leaves every month it ever counted in."""
    steps = f.problems[e.originator_id].steps
    return min([s.day for s in steps] + [local_day(e.occurred_at)])


def _report_submitted(_: AssessmentFacts, e: PublicReport.Submitted) -> date:
    return local_day(e.occurred_at)


def _report_stage(f: AssessmentFacts, e: Any) -> date:
    """A report counts in the month it was submitted, whenever it is confirmed."""
    return f.reports[e.originator_id].submitted_on


def _letter_signed(f: AssessmentFacts, e: ResponsibilityLetter.Signed) -> date:
    """The second signature puts the current term in force from its first day."""
    current = f.letters[e.originator_id].current
    return current.start if current is not None else NO_DAY


def _letter_revoked(f: AssessmentFacts, e: ResponsibilityLetter.Revoked) -> date:
    earlier = f.letters[e.originator_id].revoked_on
    return min(e.day, earlier) if earlier is not None else e.day


def _census_counted(_: AssessmentFacts, e: HouseholdCensus.Counted) -> date:
    return e.as_on


BEARS_FROM: dict[type, BearsFrom] = {
    Township.Established: _every_day,
    Township.Renamed: _every_day,
    Village.Registered: _every_day,
    Village.GroupAdded: _every_day,
    Village.Renamed: _every_day,
    Person.Enrolled: _enrolled,
    Person.RoleTaken: _role_taken,
    Person.RoleEnded: _role_ended,
    RuleBook.VersionAdopted: _rules_adopted,
    MonthClosing.Closed: _no_day,
    PaySheet.Drafted: _no_day,
    PaySheet.Redrafted: _no_day,
    PaySheet.Approved: _no_day,
    PaySheet.Paid: _no_day,
    QuarterBulletin.Published: _no_day,
    DailyPatrol.Recorded: _patrol_recorded,
    DailyPatrol.Corrected: _patrol_changed,
    DailyPatrol.Withdrawn: _patrol_changed,
    Problem.Registered: _problem_step,
    Problem.Assigned: _problem_step,
    Problem.DeadlineExtended: _problem_step,
    Problem.Closed: _problem_step,
    Problem.Reopened: _problem_step,
    Problem.Voided: _problem_voided,
    # A draft is in force nowhere until both sides sign; a renewal's term waits for its signatures.
    ResponsibilityLetter.Drafted: _no_day,
    ResponsibilityLetter.Renewed: _no_day,
    ResponsibilityLetter.Signed: _letter_signed,
    ResponsibilityLetter.Revoked: _letter_revoked,
    HouseholdCensus.Started: _no_day,
    HouseholdCensus.Counted: _census_counted,
    PublicReport.Submitted: _report_submitted,
    PublicReport.Confirmed: _report_stage,
    PublicReport.LinkedToProblem: _report_stage,
    PublicReport.RewardApproved: _report_stage,
    PublicReport.RewardPaid: _report_stage,
    PublicReport.Rejected: _report_stage,
}


def bears_from(facts: AssessmentFacts, event: Any) -> date:
    """The first day the event can change figures for, as the facts stand before it (every day if unknown)."""
    return BEARS_FROM.get(type(event), _every_day)(facts, event)
