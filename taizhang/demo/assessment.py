"""The assessed year: the rule book, daily patrols, and the office's round of closings, bulletins and pay.

Inspectors patrol two to four cleaners' areas of each village a month (one village is patrolled once
in August, too few to be ranked). Each month is closed on the third working day after it ends, its
two pay sheets drafted by the office that morning, approved next day by the leader in charge and paid
a few days later; each quarter's bulletin follows its third closing. A March patrol corrected after
March's sheets were approved is paid back in April's sheets. December is closed in the first days of
2024, and the year-end assessment is frozen after it.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from domain.assessment.paysheet import SheetKind
from domain.assessment.rules import RuleVersion
from domain.assessment.values import Month
from domain.calendar import WorkingCalendar
from domain.local_time import CHINA
from domain.vocabulary import Category, Role
from taizhang.demo.assessment_acts import (
    AdoptRules,
    ApprovePaySheet,
    CloseMonth,
    CorrectPatrol,
    DraftPaySheet,
    FreezeYearEnd,
    MarkPaySheetPaid,
    OpenProblemFromFinding,
    PublishBulletin,
    RecordPatrol,
    WithdrawPatrol,
)
from taizhang.demo.plan import Happening, Spent, what_of
from taizhang.demo.rulebook import RULES_2023, RULES_JULY_2023
from taizhang.demo.stories import Story
from taizhang.demo.township import LEADER, OFFICE_CLERK, Directory, Tenure

YEAR = 2023
RULES_ADOPTED = datetime(2023, 1, 5, 10, 0, tzinfo=CHINA)
JULY_RULES_ADOPTED = datetime(2023, 6, 20, 15, 0, tzinfo=CHINA)
FIRST_PATROL_DAY = date(2023, 1, 9)
LAST_PATROL_DAY = date(2023, 12, 29)
INSPECTORS = (("孙国华", 6), ("陈静", 2), ("赵磊", 2))  # the inspector, and the office staff who patrol with him
CASHIER = "陈静"
PATROLS_A_MONTH = (2, 3, 3, 4)
UNDER_PATROLLED = ("shangzhai", Month(2023, 8))  # the inspector was at a county training: one patrol only
LATE_CORRECTION = Month(2023, 3)
LATE_CORRECTION_DAY = datetime(2023, 4, 20, 10, 30, tzinfo=CHINA)
FINDING_COUNTS = ((0, 1, 2, 3), (70, 20, 8, 2))
ITEMS = ("litter", "piles", "bins")
OPENED_CATEGORY = {"litter": Category.PLASTIC_LITTER, "piles": Category.FIVE_PILES}


@dataclass
class PlannedPatrol:
    happening: Happening

    @property
    def what(self) -> RecordPatrol:
        return what_of(self.happening, RecordPatrol)


@dataclass
class AssessmentPlanner:
    rng: random.Random
    calendar: WorkingCalendar
    directory: Directory
    happenings: list[Happening] = field(default_factory=list)
    patrols: list[PlannedPatrol] = field(default_factory=list)
    approved: dict[Month, datetime] = field(default_factory=dict)

    def plan(self) -> list[Happening]:
        self.at(RULES_ADOPTED, OFFICE_CLERK, AdoptRules(RULES_2023))
        self.at(JULY_RULES_ADOPTED, OFFICE_CLERK, AdoptRules(RULES_JULY_2023))
        for number in range(1, 13):
            self.month_of_patrols(Month(YEAR, number))
        self.duplicates_withdrawn()
        self.corrections_within_the_month()
        self.problems_opened_from_findings()
        closed = [self.office_round(Month(YEAR, number)) for number in range(1, 13)]
        self.late_correction()
        year_end = datetime.combine(self.calendar.add_working_days(closed[-1], 3), time(10, 0), CHINA)
        self.at(year_end, LEADER, FreezeYearEnd(YEAR))
        return self.happenings

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def at(self, moment: datetime, actor: str, what: object) -> Happening:
        happening = Happening(moment, moment, actor, what)
        self.happenings.append(happening)
        return happening

    # --- daily patrols ----------------------------------------------------------------------

    def month_of_patrols(self, month: Month) -> None:
        days = [d for d in month_days(month)
                if self.calendar.is_working_day(d) and FIRST_PATROL_DAY <= d <= LAST_PATROL_DAY]
        for village in self.directory.villages:
            count = 1 if (village.code, month) == UNDER_PATROLLED else self.rng.choice(PATROLS_A_MONTH)
            for day in sorted(self.rng.sample(days, count)):
                group = self.rng.choice(village.groups)
                cleaner = self.cleaner_of(village.code, group, day)
                inspector = self.rng.choices([n for n, _ in INSPECTORS], weights=[w for _, w in INSPECTORS])[0]
                findings = tuple((item, count) for item in ITEMS
                                 if (count := self.rng.choices(*FINDING_COUNTS)[0]) > 0)
                what = RecordPatrol(self.new_id(), day, village.code, group, self.directory.person_ids[inspector],
                                    self.directory.person_ids[cleaner.name], f"{group}保洁责任区", findings)
                patrolled = datetime.combine(day, time(9, 0), CHINA) + timedelta(minutes=self.rng.randrange(0, 180))
                entered = datetime.combine(day, time(16, 0), CHINA) + timedelta(minutes=self.rng.randrange(0, 90))
                happening = Happening(entered, patrolled, inspector, what)
                self.happenings.append(happening)
                self.patrols.append(PlannedPatrol(happening))

    def cleaner_of(self, code: str, group: str, day: date) -> Tenure:
        return next(
            t
            for t in self.directory.tenures
            if t.role == Role.CLEANER and t.unit.village_code == code and t.unit.group == group and t.holds_on(day)
        )

    def in_month(self, month: Month, with_findings: bool = True) -> list[PlannedPatrol]:
        return [p for p in self.patrols if Month.of(p.what.day) == month and (p.what.findings or not with_findings)]

    def duplicates_withdrawn(self) -> None:
        """A patrol entered twice (May, October); the inspector withdraws the second entry the next working day."""
        for month in (Month(YEAR, 5), Month(YEAR, 10)):
            patrol = self.rng.choice(self.in_month(month))
            original = patrol.happening
            duplicate = replace(patrol.what, patrol_id=self.new_id())
            entered = original.recorded_at + timedelta(minutes=3)
            self.happenings.append(Happening(entered, original.occurred_at, original.actor, duplicate))
            withdrawn = datetime.combine(self.calendar.add_working_days(entered.date(), 1), time(9, 20), CHINA)
            self.at(
                withdrawn, original.actor, WithdrawPatrol(duplicate.patrol_id, "同一次巡查重复录入，撤回重复的一条")
            )

    def corrections_within_the_month(self) -> None:
        """Two patrols (February, November) corrected a day later, before their month is closed."""
        for month in (Month(YEAR, 2), Month(YEAR, 11)):
            patrol = next(p for p in self.in_month(month) if p.what.day.day <= 20)
            item, count = patrol.what.findings[0]
            corrected = ((item, count + 1), *patrol.what.findings[1:])
            moment = datetime.combine(self.calendar.add_working_days(patrol.what.day, 1), time(11, 0), CHINA)
            self.at(moment, patrol.happening.actor,
                    CorrectPatrol(patrol.what.patrol_id, corrected, "复核现场照片，漏记一处，补记"))

    def problems_opened_from_findings(self) -> None:
        """Two findings (April, September) are entered in the problem ledger and rectified there."""
        for month in (Month(YEAR, 4), Month(YEAR, 9)):
            patrol = next(p for p in self.in_month(month)
                          if any(item in OPENED_CATEGORY for item, _ in p.what.findings) and p.what.day.day <= 20)
            number, item = next((n, item) for n, (item, _) in enumerate(patrol.what.findings, start=1)
                                if item in OPENED_CATEGORY)
            what = patrol.what
            problem_id = self.new_id()
            story = Story(self.rng, self.calendar, problem_id)
            place = f"{self.directory.village(what.village_code).name}{what.group}"
            description = {
                "litter": "巡查发现沟渠内白色垃圾集中堆积，保洁员未清理",
                "piles": "巡查发现农户门前柴草、粪土乱堆",
            }[item]
            story.record(patrol.happening.recorded_at + timedelta(minutes=20), patrol.happening.actor,
                         OpenProblemFromFinding(what.patrol_id, number, problem_id, OPENED_CATEGORY[item], place,
                                                description), late_by=timedelta(0))
            story.assign(OFFICE_CLERK, 3)
            cadres = self.directory.holders(Role.VILLAGE_CADRE, what.day, what.village_code)
            reporter = (
                cadres[0] if cadres else self.directory.holders(Role.VILLAGE_SECRETARY, what.day, what.village_code)[0]
            )
            story.report(reporter, "已组织保洁员和农户清理完毕", Spent(0, 0, Decimal("0.6"), 0), on_time=True)
            story.pass_and_close(INSPECTORS[0][0], OFFICE_CLERK)
            self.happenings.extend(story.steps)

    def late_correction(self) -> None:
        """After March's sheets are approved, a March finding is struck out on review: its cleaner's grade rises.

        The patrol chosen is one whose correction changes its cleaner's March grade, so April's bonus
        sheet carries an adjustment for March.
        """
        assert self.approved[LATE_CORRECTION] < LATE_CORRECTION_DAY
        for patrol in self.in_month(LATE_CORRECTION):
            corrected = patrol.what.findings[1:]
            if month_grade(self.patrols, patrol, None) != month_grade(self.patrols, patrol, corrected):
                self.at(LATE_CORRECTION_DAY, patrol.happening.actor, CorrectPatrol(
                    patrol.what.patrol_id, corrected,
                    "县督查组复核：该处扣分点位于相邻村地界，不属本保洁区域，撤销该项扣分"))
                return
        raise ValueError("no March patrol whose correction changes a grade: the late correction cannot be shown")

    # --- the office's monthly round -----------------------------------------------------------

    def office_round(self, month: Month) -> date:
        """Close the month, draft, approve and pay its sheets; after a quarter's third month, publish its bulletin."""
        closing_day = self.calendar.add_working_days(month.last_day, 3)
        self.at(datetime.combine(closing_day, time(9, 30), CHINA), OFFICE_CLERK, CloseMonth(month))
        approval_day = self.calendar.add_working_days(closing_day, 1)
        paid_on = self.calendar.add_working_days(closing_day, 4)
        for minutes, kind in enumerate(SheetKind):
            self.at(datetime.combine(closing_day, time(10, 30 + 10 * minutes), CHINA), OFFICE_CLERK,
                    DraftPaySheet(kind, month))
            approved = self.at(datetime.combine(approval_day, time(9, 15 + 5 * minutes), CHINA), LEADER,
                               ApprovePaySheet(kind, month))
            self.approved[month] = approved.recorded_at
            self.at(datetime.combine(paid_on, time(15, 5 * minutes), CHINA), CASHIER, MarkPaySheetPaid(
                kind, month, f"农商银行代发批次 {month}-{'BJ' if kind == SheetKind.CLEANER_BONUS else 'GB'}", paid_on))
        if month.month % 3 == 0:
            published = self.calendar.add_working_days(closing_day, 2)
            self.at(datetime.combine(published, time(16, 0), CHINA), OFFICE_CLERK,
                    PublishBulletin(month.year, month.month // 3))
        return closing_day


def month_days(month: Month) -> list[date]:
    return [month.first_day + timedelta(days=n) for n in range((month.last_day - month.first_day).days + 1)]


def patrol_score(findings: tuple[tuple[str, int], ...], rules: RuleVersion) -> Decimal:
    found = dict(findings)
    return sum((max(i.full_points - i.per_finding * found.get(i.code, 0), Decimal(0)) for i in rules.deduction_items),
               Decimal(0))


def month_grade(patrols: list[PlannedPatrol], changed: PlannedPatrol,
                findings: tuple[tuple[str, int], ...] | None) -> str:
    """The grade of ``changed``'s cleaner for its month, with its findings replaced by ``findings`` if given."""
    month = Month.of(changed.what.day)
    rules = RULES_2023 if month < Month(YEAR, 7) else RULES_JULY_2023
    scores = [patrol_score(findings if p is changed and findings is not None else p.what.findings, rules)
              for p in patrols if p.what.cleaner_id == changed.what.cleaner_id and Month.of(p.what.day) == month]
    score = sum(scores, Decimal(0)) / len(scores)
    return next(g.code for g in rules.grades if score >= g.min_score)
