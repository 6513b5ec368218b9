"""Rules, daily patrols, month closings and quarterly bulletins."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from eventsourcing.application import AggregateNotFoundError

from domain.acts import Evidence
from domain.assessment.bulletin import bulletin_sha256, render_bulletin
from domain.assessment.errors import PeriodClosed, PeriodNotClosed, PeriodNotOver
from domain.assessment.facts import TOPICS, AssessmentFacts
from domain.assessment.month_figures import MonthFigures, compute_month
from domain.assessment.patrol import DailyPatrol, Finding
from domain.assessment.periods import MonthClosing, QuarterBulletin
from domain.assessment.red_black import FrozenRedBlack, RedBlackLists, red_black_lists, rule_for_quarter
from domain.assessment.rules import RuleBook, RuleVersion
from domain.assessment.values import Month, quarter_months
from domain.errors import AlreadyExists, InvalidInput, RoleNotHeld
from domain.organisation import Village
from domain.people import Person
from domain.problem import Problem
from domain.vocabulary import Category, Role, Source
from taizhang.commands.base import Outcome
from taizhang.commands.facts_memo import FactsMemo
from taizhang.commands.problems import ProblemCommands

_PAGE = 1000
R = TypeVar("R")


def holding_facts(command: Callable[..., R]) -> Callable[..., R]:
    """A recording command that reads the kept assessment facts (``FactsMemo``) instead of folding the log."""

    @functools.wraps(command)
    def held(self: AssessmentCommands, *args: Any, **kwargs: Any) -> R:
        with self.facts_held():
            return command(self, *args, **kwargs)

    return held


class AssessmentCommands(ProblemCommands):
    facts_memo: FactsMemo | None = None

    @contextmanager
    def facts_held(self) -> Iterator[None]:
        """While held, this thread's reads of the assessment facts go on from the kept folds."""
        if self.facts_memo is None:
            yield
            return
        with self.facts_memo.held():
            yield

    # --- reading the record as of a position ---------------------------------------------

    def facts_as_of(self, position: int | None = None) -> AssessmentFacts:
        """The assessment facts as the record stood at ``position`` (now, when None)."""
        stop = position if position is not None else self.recorder.max_notification_id() or 0
        if self.facts_memo is not None:
            return self.facts_memo.facts_as_of(self.assessment_events, stop)
        facts = AssessmentFacts(track_changes=True).apply_all(self.assessment_events(1, stop))
        facts.position = stop
        return facts

    def assessment_events(self, start: int, stop: int) -> Iterator[tuple[int, Any]]:
        """The events the assessment reads, decoded, from position ``start`` to ``stop``."""
        while start <= stop:
            page = self.recorder.select_notifications(start, _PAGE, stop=stop, topics=TOPICS)
            if not page:
                break
            for notification in page:
                yield notification.id, self.mapper.to_domain_event(notification)
            start = page[-1].id + 1

    def today(self) -> date:
        return self.clock.now().astimezone(self.local_zone).date()

    # --- the rule book -------------------------------------------------------------------

    @holding_facts
    def adopt_rules(self, version: RuleVersion, actor: str) -> Outcome:
        """Adopt a rule version from the first of a month; closed months keep the rules they were closed under."""
        act = self.act(actor)
        try:
            book: RuleBook = self.repository.get(RuleBook.ID)
        except AggregateNotFoundError:
            book = RuleBook.open(act)
        closed = sorted(self.facts_as_of().closings)
        first_open_day = closed[-1].next().first_day if closed else None
        book.adopt(version, act, first_open_day)
        return self.record(book)

    def rule_book(self) -> RuleBook:
        return self.get(RuleBook, RuleBook.ID, "考核规则")

    def rule_version_on(self, day: date) -> RuleVersion:
        return self.rule_book().rule_version_on(day)

    # --- daily patrols ---------------------------------------------------------------------

    def record_patrol(
        self,
        day: date,
        village_id: uuid.UUID,
        inspector_id: uuid.UUID,
        findings: list[Finding],
        actor: str,
        group_id: uuid.UUID | None = None,
        cleaner_id: uuid.UUID | None = None,
        area: str = "",
        occurred_at: datetime | None = None,
        patrol_id: uuid.UUID | None = None,
    ) -> Outcome:
        """Record a day's inspection; refused for a closed month (correct an existing patrol instead)."""
        village = self.get(Village, village_id, "村")
        if group_id is not None and group_id not in village.groups:
            raise InvalidInput(f"{village.name} 没有该村民小组", f"village {village.code} has no group {group_id}")
        self.get(Person, inspector_id, "巡查人员")
        if cleaner_id is not None:
            self.check_cleaner(cleaner_id, village, group_id, day)
        self.check_month_open(Month.of(day))
        act = self.act(actor, occurred_at)
        rules = self.rule_version_on(day)
        patrol = DailyPatrol.record(day, village.id, inspector_id, findings, rules, act, group_id, cleaner_id, area,
                                    patrol_id)
        return self.record(patrol)

    def correct_patrol(
        self,
        patrol_id: uuid.UUID,
        findings: list[Finding],
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Outcome:
        """Correct what a patrol found. In a closed month the frozen figures stay; pay is adjusted next month."""
        with self.changing(DailyPatrol, patrol_id, "巡查记录", expected_version) as patrol:
            patrol.correct(findings, reason, self.rule_version_on(patrol.day), self.act(actor))
        return self.record(patrol)

    def withdraw_patrol(
        self, patrol_id: uuid.UUID, reason: str, actor: str, expected_version: int | None = None
    ) -> Outcome:
        with self.changing(DailyPatrol, patrol_id, "巡查记录", expected_version) as patrol:
            patrol.withdraw(reason, self.act(actor))
        return self.record(patrol)

    def open_problem_from_finding(
        self,
        patrol_id: uuid.UUID,
        finding_number: int,
        category: Category,
        place: str,
        description: str,
        actor: str,
        expected_version: int | None = None,
        problem_id: uuid.UUID | None = None,
    ) -> Outcome:
        """Register the finding in the problem ledger (source: township patrol) and link the two, atomically."""
        with self.changing(DailyPatrol, patrol_id, "巡查记录", expected_version) as patrol:
            act = self.act(actor)
            finding = patrol.finding(finding_number)
            problem = Problem.register(
                Source.TOWNSHIP_PATROL, category, patrol.village_id, place, description,
                self.marked([Evidence.from_record(e) for e in finding.evidence]), act, patrol.group_id, problem_id,
            )
            patrol.link_finding(finding_number, problem.id, act)
        return self.record(problem, patrol)

    def patrol(self, patrol_id: uuid.UUID) -> DailyPatrol:
        return self.get(DailyPatrol, patrol_id, "巡查记录")

    def check_cleaner(self, cleaner_id: uuid.UUID, village: Village, group_id: uuid.UUID | None, day: date) -> None:
        cleaner = self.get(Person, cleaner_id, "保洁员")
        units = {village.id, *village.groups}
        if not any(a.role == Role.CLEANER and a.unit_id in units for a in cleaner.roles_on(day)):
            raise RoleNotHeld(
                f"{cleaner.name} 在 {day.isoformat()} 不是 {village.name} 的保洁员",
                f"{cleaner.name} was not a cleaner of {village.code} on {day.isoformat()}",
            )

    # --- months and bulletins ----------------------------------------------------------------

    def month_closing(self, month: Month) -> MonthClosing | None:
        try:
            return self.repository.get(MonthClosing.id_for(month))
        except AggregateNotFoundError:
            return None

    def check_month_open(self, month: Month) -> None:
        if self.month_closing(month) is not None:
            raise PeriodClosed(
                f"{month} 已结账，不能再登记该月的巡查扣分；如需更正，请更正原巡查记录，"
                "差额将在下一个未审批月份补发或扣回",
                f"{month} is closed: correct the original patrol instead; pay is adjusted in the next open month",
            )

    def month_figures(self, month: Month, position: int | None = None) -> MonthFigures:
        """Ratings and standings of ``month`` from the record as of ``position`` (now, when None)."""
        return compute_month(self.facts_as_of(position), month)

    @holding_facts
    def close_month(self, month: Month, actor: str) -> Outcome:
        """Freeze the month's ratings and rankings, with the digest of their content."""
        if month.last_day >= self.today():
            raise PeriodNotOver(f"{month} 还没有结束，不能结账", f"{month} is not over yet")
        if self.month_closing(month) is not None:
            raise AlreadyExists(f"{month} 已结账", f"{month} is already closed")
        figures = self.month_figures(month)
        closing = MonthClosing.close(
            month,
            figures.rules.version_id,
            figures.facts.position,
            [r.as_record() for r in figures.ratings],
            [s.as_record() for s in figures.standings],
            self.act(actor),
        )
        return self.record(closing)

    def require_closing(self, month: Month) -> MonthClosing:
        closing = self.month_closing(month)
        if closing is None:
            raise PeriodNotClosed(f"{month} 尚未结账", f"{month} is not closed yet")
        return closing

    @holding_facts
    def publish_bulletin(
        self, year: int, quarter: int, actor: str, open_cases: Mapping[str, int]
    ) -> tuple[Outcome, str]:
        """Publish the quarter's bulletin with its red and black list; only its digest, the record position and
        what the list needs beyond the record (its rule, the cases open now by village name) are stored."""
        if self.bulletin(year, quarter) is not None:
            raise AlreadyExists(
                f"{year} 年第 {quarter} 季度通报已发布", f"the bulletin of {year}Q{quarter} is already published"
            )
        for month in quarter_months(year, quarter):
            self.require_closing(month)
        facts = self.facts_as_of()
        red_black = FrozenRedBlack(rule_for_quarter(facts, year, quarter), dict(open_cases))
        text = render_bulletin(facts, year, quarter, red_black)
        digests = {str(m): facts.closings[m].digest for m in quarter_months(year, quarter)}
        bulletin = QuarterBulletin.publish(
            year, quarter, facts.position, bulletin_sha256(text), digests, red_black.as_record(), self.act(actor)
        )
        return self.record(bulletin), text

    def bulletin(self, year: int, quarter: int) -> QuarterBulletin | None:
        try:
            return self.repository.get(QuarterBulletin.id_for(year, quarter))
        except AggregateNotFoundError:
            return None

    def published_bulletin(self, year: int, quarter: int) -> QuarterBulletin:
        bulletin = self.bulletin(year, quarter)
        if bulletin is None:
            raise PeriodNotClosed(f"{year} 年第 {quarter} 季度通报尚未发布", "that bulletin is not published")
        return bulletin

    def regenerate_bulletin(self, year: int, quarter: int) -> str:
        """The published bulletin, rebuilt from the record as of its publication."""
        bulletin = self.published_bulletin(year, quarter)
        red_black = FrozenRedBlack.from_record(bulletin.red_black) if bulletin.red_black is not None else None
        return render_bulletin(self.facts_as_of(bulletin.as_of_position), year, quarter, red_black)

    def bulletin_red_black(self, year: int, quarter: int) -> RedBlackLists | None:
        """The red and black list the published bulletin carries; None for a bulletin recorded before they did."""
        bulletin = self.published_bulletin(year, quarter)
        if bulletin.red_black is None:
            return None
        frozen = FrozenRedBlack.from_record(bulletin.red_black)
        return red_black_lists(self.facts_as_of(bulletin.as_of_position), year, quarter, frozen.rule,
                               frozen.open_cases)
