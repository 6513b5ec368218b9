"""The township's letters and its rewarded public reports over 2023.

Households are counted once, in January, from the year-end registers (the same counts as the toilet
survey). Every village signs a target letter with the township; 门前五包 letters are signed by the
demonstration households of most villages through the spring and summer, so coverage differs from
village to village and grows through the year. A hotline report that revealed a problem is checked,
linked to it and rewarded; one that did not is rejected with its reason.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from domain.assessment.letters import LetterKind
from domain.calendar import WorkingCalendar
from domain.local_time import CHINA
from domain.vocabulary import Role, Source
from taizhang.demo.assessment_acts import (
    ApproveReward,
    ConfirmReport,
    CountHouseholds,
    DraftLetter,
    LinkReport,
    PayReward,
    RejectReport,
    RenewLetter,
    RevokeLetter,
    SignLetter,
    SubmitReport,
)
from taizhang.demo.plan import Happening, Plan, RegisterProblem, SurveyToilets, what_of
from taizhang.demo.township import GIVEN, LEADER, OFFICE_CLERK, SURNAMES, Directory

YEAR_START, YEAR_END = date(2023, 1, 1), date(2023, 12, 31)
HOUSEHOLDS_COUNTED = datetime(2023, 1, 6, 9, 0, tzinfo=CHINA)
TARGET_LETTERS_DRAFTED = datetime(2023, 1, 9, 9, 0, tzinfo=CHINA)
TARGET_LETTERS_SIGNED = datetime(2023, 1, 10, 9, 30, tzinfo=CHINA)
TARGETS = ("生活垃圾日产日清，村内无积存垃圾", "镇反馈问题按期整改到位", "门前五包责任书逐户签订",
           "河道沟渠无垃圾漂浮物", "保洁员在岗履职，日巡查考核达到良好以上")
FIVE_GUARANTEES = ("包卫生", "包绿化", "包秩序", "包设施", "包美化")
VILLAGES_NOT_STARTED = 4  # villages whose 门前五包 signing has not begun in 2023
FIVE_GUARANTEES_WAVE = (date(2023, 3, 1), date(2023, 10, 31))
CASHIER = "陈静"


@dataclass(frozen=True)
class HouseholdLetter:
    letter_id: uuid.UUID
    village_code: str
    household: str  # group and head, e.g. 二组王建国户
    head: str
    signed_on: date


@dataclass
class CommunityPlanner:
    rng: random.Random
    calendar: WorkingCalendar
    directory: Directory
    earlier: Plan
    happenings: list[Happening] = field(default_factory=list)

    def plan(self) -> list[Happening]:
        households = self.households()
        self.target_letters()
        self.household_letters(households)
        self.reports()
        return self.happenings

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def at(self, moment: datetime, actor: str, what: object) -> None:
        self.happenings.append(Happening(moment, moment, actor, what))

    def secretary(self, code: str, day: date) -> str:
        return self.directory.holders(Role.VILLAGE_SECRETARY, day, code)[0]

    # --- households and letters -----------------------------------------------------------

    def households(self) -> dict[str, int]:
        """Each village's households on 31 December 2022: the toilet survey's own count."""
        first_survey: dict[str, int] = {}
        for happening in sorted(self.earlier.of(SurveyToilets), key=lambda h: h.recorded_at):
            survey = what_of(happening, SurveyToilets)
            first_survey.setdefault(survey.village_code, survey.households)
        moment = HOUSEHOLDS_COUNTED
        for village in self.directory.villages:
            self.at(moment, OFFICE_CLERK, CountHouseholds(village.code, first_survey[village.code], date(2022, 12, 31),
                                                          "2022年末户籍统计（镇派出所）"))
            moment += timedelta(minutes=2)
        return first_survey

    def target_letters(self) -> None:
        """目标责任书: drafted by the office, signed by the township's leader and each village's secretary."""
        for i, village in enumerate(self.directory.villages):
            letter_id = self.new_id()
            self.at(TARGET_LETTERS_DRAFTED + timedelta(minutes=3 * i), OFFICE_CLERK,
                    DraftLetter(letter_id, LetterKind.TARGET, village.code, TARGETS, YEAR_START, YEAR_END))
            signed = TARGET_LETTERS_SIGNED + timedelta(minutes=4 * i)
            self.at(signed, OFFICE_CLERK, SignLetter(letter_id, "first", LEADER, signed.date()))
            self.at(signed + timedelta(minutes=1), OFFICE_CLERK,
                    SignLetter(letter_id, "second", self.secretary(village.code, signed.date()), signed.date()))

    def household_letters(self, households: dict[str, int]) -> None:
        """门前五包 letters of demonstration households, entered by each village's secretary as they are signed."""
        codes = [v.code for v in self.directory.villages]
        not_started = set(self.rng.sample(codes, VILLAGES_NOT_STARTED))
        working = [d for d in days_between(*FIVE_GUARANTEES_WAVE) if self.calendar.is_working_day(d)]
        letters: list[HouseholdLetter] = []
        for village in self.directory.villages:
            if village.code in not_started:
                continue
            count = round(households[village.code] * self.rng.uniform(0.02, 0.07))
            for day in sorted(self.rng.choices(working, k=count)):
                head = self.household_head()
                household = f"{self.rng.choice(village.groups)}{head}户"
                letters.append(HouseholdLetter(self.new_id(), village.code, household, head, day))
        # One letter signed in March was for the first half-year and is renewed; one signed in spring is revoked.
        renewed = next(letter for letter in letters if letter.signed_on.month == 3)
        revoked = next(letter for letter in reversed(letters) if letter.signed_on < date(2023, 6, 1))
        for letter in letters:
            term_end = date(2023, 6, 30) if letter is renewed else YEAR_END
            moment = datetime.combine(letter.signed_on, time(9, 0), CHINA) + timedelta(
                minutes=self.rng.randrange(0, 480)
            )
            self.sign_household_letter(letter, letter.signed_on.replace(day=1), term_end, moment, draft=True)
        moment = datetime(2023, 6, 26, 15, 0, tzinfo=CHINA)
        self.at(moment, self.secretary(renewed.village_code, moment.date()),
                RenewLetter(renewed.letter_id, date(2023, 7, 1), YEAR_END))
        self.sign_household_letter(renewed, date(2023, 7, 1), YEAR_END, moment + timedelta(minutes=5), draft=False)
        moment = datetime(2023, 9, 15, 10, 20, tzinfo=CHINA)
        self.at(moment, self.secretary(revoked.village_code, moment.date()), RevokeLetter(
            revoked.letter_id, moment.date(), "农户举家外迁务工，房屋空置，责任无人落实，撤销该户门前五包责任书"))

    def sign_household_letter(
        self, letter: HouseholdLetter, start: date, end: date, moment: datetime, draft: bool
    ) -> None:
        day = moment.date()
        secretary = self.secretary(letter.village_code, day)
        if draft:
            self.at(moment, secretary, DraftLetter(letter.letter_id, LetterKind.FIVE_GUARANTEES, letter.village_code,
                                                   FIVE_GUARANTEES, start, end, letter.household))
        self.at(moment + timedelta(minutes=1), secretary, SignLetter(letter.letter_id, "first", secretary, day))
        self.at(moment + timedelta(minutes=2), secretary, SignLetter(letter.letter_id, "second", letter.head, day))

    def household_head(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice([1, 2])))

    # --- rewarded public reports -------------------------------------------------------------

    def reports(self) -> None:
        """Three hotline reports that revealed a problem are rewarded; one is rejected."""
        revealed = [h for h in sorted(self.earlier.of(RegisterProblem), key=lambda h: h.recorded_at)
                    if what_of(h, RegisterProblem).source == Source.PUBLIC_REPORT
                    and h.recorded_at - h.occurred_at < timedelta(hours=12) and 2 <= h.occurred_at.month <= 11]
        for n, registered in enumerate(sorted(self.rng.sample(revealed, 3), key=lambda h: h.recorded_at), start=1):
            self.rewarded_report(n, registered)
        self.rejected_report()

    def caller(self) -> str:
        """A fictitious caller: surname, title and phone, as the hotline's clerk notes them."""
        phone = "1" + self.rng.choice(["39", "58", "86", "37"]) + f"{self.rng.randrange(10**8):08d}"
        return f"{self.rng.choice(SURNAMES)}{self.rng.choice(['先生', '女士'])} {phone}"

    def rewarded_report(self, n: int, registered: Happening) -> None:
        problem = what_of(registered, RegisterProblem)
        report_id = self.new_id()
        called = registered.occurred_at - timedelta(minutes=90)
        self.happenings.append(
            Happening(
                called + timedelta(minutes=10),
                called,
                OFFICE_CLERK,
                SubmitReport(
                    report_id,
                    problem.village_code,
                    problem.place,
                    f"群众来电举报：{problem.description}",
                    self.rng.randint(1, 3),
                    self.caller(),
                ),
            )
        )
        known = registered.recorded_at
        self.at(known + timedelta(minutes=15), OFFICE_CLERK, ConfirmReport(report_id, "现场核实属实，已登记问题台账"))
        self.at(known + timedelta(minutes=17), OFFICE_CLERK, LinkReport(report_id, problem.problem_id))
        approved = datetime.combine(self.calendar.add_working_days(known.date(), 1), time(10, 0), CHINA)
        self.at(approved, LEADER, ApproveReward(report_id, Decimal(self.rng.choice([50, 100, 200]))))
        paid = datetime.combine(self.calendar.add_working_days(approved.date(), 3), time(15, 0), CHINA)
        self.at(paid, CASHIER, PayReward(report_id, f"举报奖励现金发放 2023-{n:03d}（领款凭条存档）"))

    def rejected_report(self) -> None:
        code = self.rng.choice([v.code for v in self.directory.villages])
        report_id = self.new_id()
        called = datetime(2023, 10, 17, 19, 40, tzinfo=CHINA)
        self.happenings.append(
            Happening(
                datetime(2023, 10, 18, 8, 45, tzinfo=CHINA),
                called,
                OFFICE_CLERK,
                SubmitReport(report_id, code, "村北农田", "群众来电举报：村北有人焚烧垃圾，浓烟很大", 1, self.caller()),
            )
        )
        self.at(datetime(2023, 10, 19, 11, 0, tzinfo=CHINA), OFFICE_CLERK, RejectReport(
            report_id, "经现场核查，系农户焚烧秸秆根茬，不属生活垃圾焚烧；已转农业综合执法队处理并告知举报人"))


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
