"""Records a plan into the store: each happening through the domain's own methods and guards, in recorded order.

The aggregates stay in memory for the whole year and their events are saved in batches, in the order
they were recorded, so the log's positions follow the recorded times exactly as a live store's would.
The office's assessment work (closing months, pay sheets, bulletins…) goes through the application's
commands instead (``assessment_player.py``), after the batch so far is saved.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable
from typing import Any

from domain.account import Account
from domain.acts import Act, Evidence, PhotoMarks, Resources
from domain.assessment.letters import ResponsibilityLetter
from domain.calendar import HolidayNotice
from domain.local_time import CHINA
from domain.organisation import Village
from domain.people import Person
from domain.problem import Deadline, Problem
from domain.vocabulary import Role, UnitKind
from domain.work import SewageStation, ToiletSurvey, WorkRecord
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.demo import plan as p
from taizhang.demo.assessment_player import AssessmentRecording


class Player(AssessmentRecording):
    def __init__(self, app: Taizhang, clock: SimulatedClock, batch_size: int = 2000) -> None:
        self.app = app
        self.clock = clock
        self.batch_size = batch_size
        self.township = app.township()
        self.calendar = app.working_calendar(2023, 2024)
        self.villages: dict[str, Village] = {}
        self.people: dict[uuid.UUID, Person] = {}
        self.problems: dict[uuid.UUID, Problem] = {}
        self.work_records: dict[uuid.UUID, WorkRecord] = {}
        self.surveys: dict[str, ToiletSurvey] = {}
        self.accounts: dict[str, Account] = {}
        self.letters: dict[uuid.UUID, ResponsibilityLetter] = {}
        self.pending: list[Any] = []
        self.recorded = 0
        self.handlers: dict[type, Callable[[Any, Act], Any]] = {
            p.EstablishVillage: self.establish_village,
            p.EnrolPerson: self.enrol_person,
            p.TakeRole: self.take_role,
            p.EndRole: self.end_role,
            p.RecordHolidayNotice: self.record_holiday_notice,
            p.RegisterProblem: self.register_problem,
            p.AssignProblem: self.assign_problem,
            p.ExtendDeadline: self.extend_deadline,
            p.ReportRectification: self.report_rectification,
            p.PassVerification: self.pass_verification,
            p.SendBack: self.send_back,
            p.CloseProblem: self.close_problem,
            p.ReopenProblem: self.reopen_problem,
            p.VoidProblem: self.void_problem,
            p.RecordWork: self.record_work,
            p.CorrectWork: self.correct_work,
            p.WithdrawWork: self.withdraw_work,
            p.SurveyToilets: self.survey_toilets,
            p.BuildSewageStation: self.build_sewage_station,
            p.OpenAccount: self.open_account,
            p.ChangeAccountAccess: self.change_account_access,
            p.DisableAccount: self.disable_account,
            p.LinkAccountPerson: self.link_account_person,
            **self.assessment_handlers(),
        }

    def play(self, plan: p.Plan, progress: Callable[[int, int], None] | None = None) -> int:
        happenings = plan.in_recorded_order()
        for done, happening in enumerate(happenings, start=1):
            if progress is not None and done % 200 == 0:
                progress(done, len(happenings))
            self.clock.set(happening.recorded_at)
            act = self.app.act(happening.actor, happening.occurred_at)
            changed = self.handlers[type(happening.what)](happening.what, act)
            if changed is not None:  # None: an application command, which saved what it changed
                self.pending.extend(changed.collect_events())
            if len(self.pending) >= self.batch_size:
                self.flush()
        self.flush()
        if progress is not None:
            progress(len(happenings), len(happenings))
        return self.recorded

    def flush(self) -> None:
        if self.pending:
            self.app.save(*self.pending)
            self.recorded += len(self.pending)
            self.pending = []

    # --- organisation --------------------------------------------------------------------------

    def establish_village(self, what: p.EstablishVillage, act: Act) -> Village:
        village = Village.register(self.township.id, what.name, what.code, act)
        for group in what.groups:
            # Each group is its own entry in the office, as it would be through the application.
            village.add_group(group, self.app.act(act.actor, act.occurred_at))
        self.villages[what.code] = village
        return village

    def enrol_person(self, what: p.EnrolPerson, act: Act) -> Person:
        person = Person.enrol(what.name, what.phone, act, person_id=what.person_id)
        self.people[person.id] = person
        return person

    def unit(self, ref: p.UnitRef) -> uuid.UUID:
        if ref.kind == UnitKind.TOWNSHIP:
            return self.township.id
        village = self.villages[ref.village_code]
        if ref.kind == UnitKind.GROUP:
            return next(gid for gid, name in village.groups.items() if name == ref.group)
        return village.id

    def take_role(self, what: p.TakeRole, act: Act) -> Person:
        person = self.people[what.person_id]
        person.take_role(what.role, what.unit.kind, self.unit(what.unit), what.start, act, what.area)
        return person

    def end_role(self, what: p.EndRole, act: Act) -> Person:
        person = self.people[what.person_id]
        unit_id = self.unit(what.unit)
        held = next(a for a in person.assignments if a.role == what.role and a.unit_id == unit_id and a.end is None)
        person.end_role(held.number, what.end, what.reason, act)
        return person

    def record_holiday_notice(self, what: p.RecordHolidayNotice, act: Act) -> HolidayNotice:
        return HolidayNotice.record(what.year, list(what.holidays), list(what.makeup_workdays), what.title, act)

    # --- sign-in accounts (their passwords are set beside the log once the year is recorded) --------

    def account_village_id(self, code: str) -> uuid.UUID | None:
        """The village an account is limited to; none for the township's accounts."""
        return self.villages[code].id if code else None

    def open_account(self, what: p.OpenAccount, act: Act) -> Account:
        person = self.people[what.person_id] if what.person_id is not None else None
        village_id = self.account_village_id(what.village_code)
        account = Account.open(what.username, what.display_name, what.role, village_id, act, person)
        self.accounts[account.username] = account
        return account

    def change_account_access(self, what: p.ChangeAccountAccess, act: Act) -> Account:
        account = self.accounts[what.username]
        person = self.people[account.person_id] if account.person_id is not None else None
        account.change_access(what.role, self.account_village_id(what.village_code), what.reason, act, person)
        return account

    def link_account_person(self, what: p.LinkAccountPerson, act: Act) -> Account:
        account = self.accounts[what.username]
        account.link_person(self.people[what.person_id], what.reason, act)
        return account

    def disable_account(self, what: p.DisableAccount, act: Act) -> Account:
        account = self.accounts[what.username]
        account.disable(what.reason, act)
        return account

    # --- the problem ledger ---------------------------------------------------------------------

    def deadline(self, working_days: int, act: Act) -> Deadline:
        start = act.occurred_at.astimezone(CHINA).date()
        return Deadline(self.calendar.add_working_days(start, working_days), working_days)

    def register_problem(self, what: p.RegisterProblem, act: Act) -> Problem:
        village = self.villages[what.village_code]
        group_id = self.unit(p.UnitRef(UnitKind.GROUP, what.village_code, what.group))
        problem = Problem.register(
            what.source, what.category, village.id, what.place, what.description,
            [photo(what.problem_id, "发现", 1)], act, group_id=group_id, problem_id=what.problem_id,
        )
        self.problems[problem.id] = problem
        return problem

    def assign_problem(self, what: p.AssignProblem, act: Act) -> Problem:
        problem = self.problems[what.problem_id]
        problem.assign(UnitKind.VILLAGE, problem.village_id, self.deadline(what.working_days, act), act)
        return problem

    def extend_deadline(self, what: p.ExtendDeadline, act: Act) -> Problem:
        problem = self.problems[what.problem_id]
        problem.extend_deadline(self.deadline(what.working_days, act), what.reason, what.approver, act)
        return problem

    def report_rectification(self, what: p.ReportRectification, act: Act) -> Problem:
        problem = self.problems[what.problem_id]
        spent = what.spent
        resources = Resources(spent.labour, spent.machinery, spent.tonnes, spent.buildings_demolished)
        evidence = [
            photo(what.problem_id, f"整改{problem.rectification_count + 1}-", n) for n in range(1, what.photos + 1)
        ]
        if what.reuses is not None:
            evidence[0] = photo(what.reuses, "整改1-", 1)
        if what.re_encodes_before:
            evidence[0] = re_encoded(photo(what.problem_id, "发现", 1))
        problem.report_rectification(what.description, evidence, resources, act)
        return problem

    def pass_verification(self, what: p.PassVerification, act: Act) -> Problem:
        problem = self.problems[what.problem_id]
        problem.pass_verification(act, what.note)
        return problem

    def send_back(self, what: p.SendBack, act: Act) -> Problem:
        problem = self.problems[what.problem_id]
        problem.send_back(what.reason, act)
        return problem

    def close_problem(self, what: p.CloseProblem, act: Act) -> Problem:
        problem = self.problems[what.problem_id]
        problem.close(act)
        return problem

    def reopen_problem(self, what: p.ReopenProblem, act: Act) -> Problem:
        problem = self.problems[what.problem_id]
        problem.reopen(what.reason, self.deadline(what.working_days, act), act)
        return problem

    def void_problem(self, what: p.VoidProblem, act: Act) -> Problem:
        problem = self.problems[what.problem_id]
        problem.void(what.kind, what.reason, act, what.original_id)
        return problem

    # --- campaign work ----------------------------------------------------------------------------

    def record_work(self, what: p.RecordWork, act: Act) -> WorkRecord:
        village_id = self.villages[what.village_code].id if what.village_code else None
        evidence = [document(what.record_id, name) for name in what.evidence]
        record = WorkRecord.record(what.indicator, what.quantity, village_id, what.place, what.note, evidence, act,
                                   record_id=what.record_id)
        self.work_records[record.id] = record
        return record

    def correct_work(self, what: p.CorrectWork, act: Act) -> WorkRecord:
        record = self.work_records[what.record_id]
        record.correct(what.quantity, what.reason, act)
        return record

    def withdraw_work(self, what: p.WithdrawWork, act: Act) -> WorkRecord:
        record = self.work_records[what.record_id]
        record.withdraw(what.reason, act)
        return record

    def survey_toilets(self, what: p.SurveyToilets, act: Act) -> ToiletSurvey:
        survey = self.surveys.get(what.village_code)
        if survey is None:
            village = self.villages[what.village_code]
            survey = ToiletSurvey.survey(village.id, what.households, what.renovated, what.pending, act)
            self.surveys[what.village_code] = survey
        else:
            survey.resurvey(what.households, what.renovated, what.pending, what.reason, act)
        return survey

    def build_sewage_station(self, what: p.BuildSewageStation, act: Act) -> Person:
        """The station is built and its custodian takes the custodian role on it (明确到人) in the same entry."""
        village = self.villages[what.village_code]
        station = SewageStation.build(village.id, what.name, what.custodian_id, what.care_posts, act,
                                      station_id=what.station_id)
        self.pending.extend(station.collect_events())
        custodian = self.people[what.custodian_id]
        custodian.take_role(Role.FACILITY_CUSTODIAN, UnitKind.FACILITY, station.id,
                            act.occurred_at.astimezone(CHINA).date(), act, what.name)
        return custodian


def photo(problem_id: uuid.UUID, stage: str, n: int) -> Evidence:
    """A simulated photo: the demo stores no files, only the references a real upload would leave (its digest,
    and the marks read from it: a perceptual hash of a picture of its own, without EXIF time or GPS)."""
    digest = hashlib.sha256(f"demo:{problem_id}:{stage}{n}".encode()).hexdigest()
    return Evidence(digest, f"{stage}照片{n}.jpg", "image/jpeg", PhotoMarks(_picture_hash(digest)))


def re_encoded(original: Evidence) -> Evidence:
    """The same picture saved again at another quality and size: other bytes, so another digest, and a perceptual
    hash two bits away (re-encoding a test photo at quality 55 and half its size moved 0 to 4 bits of 64)."""
    digest = hashlib.sha256(f"{original.sha256}:重新编码".encode()).hexdigest()
    phash = int((original.photo or PhotoMarks(_picture_hash(original.sha256))).phash, 16) ^ (1 << 5 | 1 << 40)
    return Evidence(digest, original.name.replace(".jpg", "（压缩）.jpg"), "image/jpeg", PhotoMarks(f"{phash:016x}"))


def _picture_hash(digest: str) -> str:
    # pHash sets the half of its 64 bits whose frequencies lie above their median: 32 bits, chosen by the picture
    bits = random.Random(digest).sample(range(64), 32)
    return f"{sum(1 << b for b in bits):016x}"


def document(record_id: uuid.UUID, name: str) -> Evidence:
    """A simulated photo or scanned form of a work record, referenced by sha256 as a real upload would be."""
    digest = hashlib.sha256(f"demo:{record_id}:{name}".encode()).hexdigest()
    media_type = "image/jpeg" if name.endswith(".jpg") else "application/pdf"
    return Evidence(digest, name, media_type)
