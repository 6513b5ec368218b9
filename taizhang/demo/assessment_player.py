"""Records the township's assessment acts: the office's through the application's commands, as its requests would.

Commands read the record (the rule book, closed months, the facts a closing freezes), so the player
saves whatever it holds before each one: the log stays in recorded order and every command sees the
year exactly as it stood at that moment on the simulated clock.

The two kinds recorded by the hundred, daily patrols and 门前五包 letters, are recorded like the
problem ledger: through the domain's own methods, after the same checks the commands make, and
saved in batches. Through the commands each would be a transaction of its own, and the demo's
load would take half a minute instead of seconds.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from domain.acts import Act, Evidence
from domain.assessment.letters import ResponsibilityLetter
from domain.assessment.patrol import DailyPatrol, Finding
from domain.assessment.values import Month
from domain.errors import RoleNotHeld
from domain.people import Person
from domain.vocabulary import Role, UnitKind
from taizhang.application import Taizhang
from taizhang.demo import assessment_acts as a
from taizhang.demo import plan as p
from taizhang.demo.rulebook import RULES_2023


def finding_photo(patrol_id: uuid.UUID, item: str, n: int) -> Evidence:
    """A simulated photo of a patrol finding, referenced by sha256 as a real upload would be."""
    digest = hashlib.sha256(f"demo:patrol:{patrol_id}:{item}:{n}".encode()).hexdigest()
    named = {i.code: i.name for i in RULES_2023.deduction_items}.get(item, item)  # a photo is named in words
    return Evidence(digest, f"巡查{named}照片{n}.jpg", "image/jpeg")


def report_photo(report_id: uuid.UUID, n: int) -> Evidence:
    digest = hashlib.sha256(f"demo:report:{report_id}:{n}".encode()).hexdigest()
    return Evidence(digest, f"举报照片{n}.jpg", "image/jpeg")


def findings_of(patrol_id: uuid.UUID, planned: tuple[tuple[str, int], ...]) -> list[Finding]:
    return [Finding(item, count, tuple(finding_photo(patrol_id, item, n) for n in range(1, min(count, 2) + 1)))
            for item, count in planned]


class AssessmentRecording:
    """The player's part that speaks to the application's assessment, pay and community commands."""

    app: Taizhang
    villages: dict[str, Any]
    problems: dict[uuid.UUID, Any]
    people: dict[uuid.UUID, Person]
    letters: dict[uuid.UUID, ResponsibilityLetter]
    flush: Callable[[], None]
    unit: Callable[[p.UnitRef], uuid.UUID]

    def assessment_handlers(self) -> dict[type, Callable[[Any, Act], Any]]:
        handlers: dict[type, Callable[[Any, Act], object]] = {
            a.AdoptRules: lambda w, act: self.app.adopt_rules(w.version, act.actor),
            a.CountHouseholds: lambda w, act: self.app.count_households(
                self.village_id(w.village_code), w.households, w.as_on, w.source, act.actor),
            a.CorrectPatrol: lambda w, act: self.app.correct_patrol(
                w.patrol_id, findings_of(w.patrol_id, w.findings), w.reason, act.actor),
            a.WithdrawPatrol: lambda w, act: self.app.withdraw_patrol(w.patrol_id, w.reason, act.actor),
            a.OpenProblemFromFinding: self.open_problem_from_finding,
            a.CloseMonth: lambda w, act: self.app.close_month(w.month, act.actor),
            # The plan opens no accountability case: its bulletins' red and black lists name none open.
            a.PublishBulletin: lambda w, act: self.app.publish_bulletin(w.year, w.quarter, act.actor, {}),
            a.DraftPaySheet: lambda w, act: self.app.draft_pay_sheet(w.kind, w.month, act.actor),
            a.ApprovePaySheet: lambda w, act: self.app.approve_pay_sheet(w.kind, w.month, act.actor),
            a.MarkPaySheetPaid: lambda w, act: self.app.mark_pay_sheet_paid(
                w.kind, w.month, w.reference, w.paid_on, act.actor),
            a.FreezeYearEnd: lambda w, act: self.app.freeze_year_end(w.year, act.actor),
            a.SubmitReport: lambda w, act: self.app.submit_public_report(
                self.village_id(w.village_code), w.place, w.description,
                [report_photo(w.report_id, n) for n in range(1, w.photos + 1)], act.actor,
                reporter=w.reporter, occurred_at=act.occurred_at, report_id=w.report_id),
            a.ConfirmReport: lambda w, act: self.app.confirm_report(w.report_id, act.actor, w.note),
            a.LinkReport: lambda w, act: self.app.link_report_to_problem(w.report_id, w.problem_id, act.actor),
            a.ApproveReward: lambda w, act: self.app.approve_report_reward(w.report_id, w.amount, act.actor),
            a.PayReward: lambda w, act: self.app.pay_report_reward(w.report_id, w.reference, act.actor),
            a.RejectReport: lambda w, act: self.app.reject_report(w.report_id, w.reason, act.actor),
        }
        in_batches: dict[type, Callable[[Any, Act], Any]] = {
            a.RecordPatrol: self.record_patrol,
            a.DraftLetter: self.draft_letter,
            a.SignLetter: self.sign_letter,
            a.RenewLetter: self.renew_letter,
            a.RevokeLetter: self.revoke_letter,
        }
        return {**{kind: self.through_the_application(handle) for kind, handle in handlers.items()}, **in_batches}

    def through_the_application(self, handle: Callable[[Any, Act], Any]) -> Callable[[Any, Act], None]:
        def command(what: Any, act: Act) -> None:
            self.flush()  # the command reads and appends to the log: everything recorded before it goes first
            handle(what, act)

        return command

    def village_id(self, code: str) -> uuid.UUID:
        return self.villages[code].id

    def record_patrol(self, what: a.RecordPatrol, act: Act) -> DailyPatrol:
        """As the application's ``record_patrol``: the month open, the cleaner's role held that day, its rules."""
        self.app.check_month_open(Month.of(what.day))
        village = self.villages[what.village_code]
        group_id = self.unit(p.UnitRef(UnitKind.GROUP, what.village_code, what.group))
        cleaner = self.people[what.cleaner_id]
        if not any(r.role == Role.CLEANER and r.unit_id in (village.id, group_id) for r in cleaner.roles_on(what.day)):
            raise RoleNotHeld(f"{cleaner.name} 在 {what.day.isoformat()} 不是 {village.name} 的保洁员",
                              f"{cleaner.name} was not a cleaner of {what.village_code} on {what.day.isoformat()}")
        rules = self.app.rule_version_on(what.day)
        return DailyPatrol.record(what.day, village.id, self.people[what.inspector_id].id,
                                  findings_of(what.patrol_id, what.findings), rules, act, group_id, cleaner.id,
                                  what.area, what.patrol_id)

    def draft_letter(self, what: a.DraftLetter, act: Act) -> ResponsibilityLetter:
        letter = ResponsibilityLetter.draft(what.kind, self.village_id(what.village_code), list(what.targets),
                                            what.period_start, what.period_end, act, what.household, what.letter_id)
        self.letters[letter.id] = letter
        return letter

    def sign_letter(self, what: a.SignLetter, act: Act) -> ResponsibilityLetter:
        letter = self.letters[what.letter_id]
        letter.sign(what.side, what.signatory, what.day, act)
        return letter

    def renew_letter(self, what: a.RenewLetter, act: Act) -> ResponsibilityLetter:
        letter = self.letters[what.letter_id]
        letter.renew(what.period_start, what.period_end, act)
        return letter

    def revoke_letter(self, what: a.RevokeLetter, act: Act) -> ResponsibilityLetter:
        letter = self.letters[what.letter_id]
        letter.revoke(what.day, what.reason, act)
        return letter

    def open_problem_from_finding(self, what: a.OpenProblemFromFinding, act: Act) -> None:
        """The problem is registered by the command; the player then follows it through the ledger like any other."""
        self.app.open_problem_from_finding(what.patrol_id, what.finding_number, what.category, what.place,
                                           what.description, act.actor, problem_id=what.problem_id)
        self.problems[what.problem_id] = self.app.repository.get(what.problem_id)
