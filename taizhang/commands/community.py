"""Responsibility letters, household counts, and rewarded public reports with crypto-shredded identities."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from eventsourcing.application import AggregateNotFoundError

from domain.acts import Evidence
from domain.assessment.errors import KeyStoreMissing
from domain.assessment.letters import HouseholdCensus, LetterKind, ResponsibilityLetter
from domain.assessment.reports import PublicReport
from domain.assessment.scoring import coverage_percent
from domain.organisation import Village
from domain.problem import Problem
from taizhang.commands.assessment import AssessmentCommands
from taizhang.commands.base import Outcome
from taizhang.keystore import PersonalKeyStore, seal, unseal


class CommunityCommands(AssessmentCommands):
    key_store: PersonalKeyStore | None = None

    # --- households and letters ------------------------------------------------------------

    def count_households(self, village_id: uuid.UUID, households: int, as_on: date, source: str, actor: str) -> Outcome:
        """Record a village's household count on a date (the denominator of 门前五包 coverage)."""
        self.get(Village, village_id, "村")
        act = self.act(actor)
        try:
            census: HouseholdCensus = self.repository.get(HouseholdCensus.id_for(village_id))
        except AggregateNotFoundError:
            census = HouseholdCensus.start(village_id, act)
        census.count(households, as_on, source, act)
        return self.record(census)

    def draft_letter(
        self,
        kind: LetterKind,
        village_id: uuid.UUID,
        targets: list[str],
        period_start: date,
        period_end: date,
        actor: str,
        household: str = "",
        letter_id: uuid.UUID | None = None,
    ) -> Outcome:
        self.get(Village, village_id, "村")
        letter = ResponsibilityLetter.draft(
            kind, village_id, targets, period_start, period_end, self.act(actor), household, letter_id
        )
        return self.record(letter)

    def sign_letter(
        self,
        letter_id: uuid.UUID,
        side: str,
        signatory: str,
        day: date,
        actor: str,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(ResponsibilityLetter, letter_id, "责任书", expected_version) as letter:
            letter.sign(side, signatory, day, self.act(actor))
        return self.record(letter)

    def renew_letter(
        self,
        letter_id: uuid.UUID,
        period_start: date,
        period_end: date,
        actor: str,
        targets: list[str] | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        with self.changing(ResponsibilityLetter, letter_id, "责任书", expected_version) as letter:
            letter.renew(period_start, period_end, self.act(actor), targets)
        return self.record(letter)

    def revoke_letter(
        self, letter_id: uuid.UUID, day: date, reason: str, actor: str, expected_version: int | None = None
    ) -> Outcome:
        with self.changing(ResponsibilityLetter, letter_id, "责任书", expected_version) as letter:
            letter.revoke(day, reason, self.act(actor))
        return self.record(letter)

    def letter(self, letter_id: uuid.UUID) -> ResponsibilityLetter:
        return self.get(ResponsibilityLetter, letter_id, "责任书")

    def letters_coverage(
        self, village_id: uuid.UUID, day: date, position: int | None = None
    ) -> tuple[int, int | None, Decimal]:
        """(households with a 门前五包 letter in force, households on record, percent) on ``day``."""
        facts = self.facts_as_of(position)
        signed = {
            letter.household
            for letter in facts.letters.values()
            if letter.village_id == village_id and letter.kind == LetterKind.FIVE_GUARANTEES and letter.in_force_on(day)
        }
        households = facts.households_on(village_id, day)
        return len(signed), households, coverage_percent(len(signed), households)

    # --- rewarded public reports -----------------------------------------------------------

    def require_key_store(self) -> PersonalKeyStore:
        if self.key_store is None:
            raise KeyStoreMissing(
                "未配置个人密钥库，不能保存举报人身份；请检查部署配置", "no personal key store is configured"
            )
        return self.key_store

    def submit_public_report(
        self,
        village_id: uuid.UUID,
        place: str,
        description: str,
        evidence: list[Evidence],
        actor: str,
        reporter: str | None = None,
        occurred_at: datetime | None = None,
        report_id: uuid.UUID | None = None,
    ) -> Outcome:
        """Receive a report; the reporter's name and contact are sealed under a personal key, never stored plain."""
        self.get(Village, village_id, "村")
        identity = seal(self.require_key_store(), reporter) if reporter and reporter.strip() else None
        report = PublicReport.submit(
            village_id, place, description, evidence, self.act(actor, occurred_at), identity, report_id
        )
        return self.record(report)

    def confirm_report(self, report_id: uuid.UUID, actor: str, note: str = "") -> Outcome:
        with self.changing(PublicReport, report_id, "举报") as report:
            report.confirm(self.act(actor), note)
        return self.record(report)

    def link_report_to_problem(self, report_id: uuid.UUID, problem_id: uuid.UUID, actor: str) -> Outcome:
        self.get(Problem, problem_id, "问题")
        with self.changing(PublicReport, report_id, "举报") as report:
            report.link_problem(problem_id, self.act(actor))
        return self.record(report)

    def approve_report_reward(self, report_id: uuid.UUID, amount: Decimal, actor: str) -> Outcome:
        with self.changing(PublicReport, report_id, "举报") as report:
            report.approve_reward(amount, self.act(actor))
        return self.record(report)

    def pay_report_reward(self, report_id: uuid.UUID, reference: str, actor: str) -> Outcome:
        with self.changing(PublicReport, report_id, "举报") as report:
            report.pay_reward(reference, self.act(actor))
        return self.record(report)

    def reject_report(self, report_id: uuid.UUID, reason: str, actor: str) -> Outcome:
        with self.changing(PublicReport, report_id, "举报") as report:
            report.reject(reason, self.act(actor))
        return self.record(report)

    def public_report(self, report_id: uuid.UUID) -> PublicReport:
        return self.get(PublicReport, report_id, "举报")

    def reporter_identity(self, report_id: uuid.UUID) -> str | None:
        report = self.public_report(report_id)
        if report.identity is None:
            return None
        return unseal(self.require_key_store(), report.identity)

    def forget_reporter(self, report_id: uuid.UUID, reason: str, actor: str) -> Outcome:
        """Record the shredding, then destroy the key: the identity becomes unreadable everywhere."""
        store = self.require_key_store()
        with self.changing(PublicReport, report_id, "举报") as report:
            key_id = report.forget_identity(reason, self.act(actor))
        outcome = self.record(report)
        store.destroy(key_id)
        return outcome
