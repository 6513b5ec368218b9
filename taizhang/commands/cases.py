"""Accountability cases: opened on a trigger, 约谈, commitment, follow-up, closed or escalated."""

from __future__ import annotations

import uuid
from datetime import date

from domain.acts import Evidence
from domain.cases.case import AccountabilityCase, Escalation
from domain.cases.triggers import Trigger
from domain.errors import AlreadyExists
from taizhang.commands.base import Commands, Outcome


class CaseCommands(Commands):
    def open_case(self, trigger: Trigger, respondents: list[dict[str, str]], actor: str) -> Outcome:
        """Open the case of a trigger that fired, against those who held the responsible posts on its day."""
        if self.has_case(trigger.key):
            raise AlreadyExists(f"该触发条件已立案（{trigger.reason}）", f"a case is already open for {trigger.key}")
        village = uuid.UUID(trigger.village_id) if trigger.village_id else None
        case = AccountabilityCase.open(trigger.key, trigger.kind.value, village, trigger.day, trigger.reason,
                                       list(trigger.cites), respondents, self.act(actor))
        return self.record(case)

    def has_case(self, trigger_key: str) -> bool:
        return bool(self.recorder.select_events(AccountabilityCase.id_for(trigger_key), limit=1))

    def case(self, case_id: uuid.UUID) -> AccountabilityCase:
        return self.get(AccountabilityCase, case_id, "问责案件")

    def hold_interview(self, case_id: uuid.UUID, held_on: date, attendees: list[str], minutes: str,
                       evidence: list[Evidence], actor: str) -> Outcome:
        case = self.case(case_id)
        case.hold_interview(held_on, attendees, minutes, evidence, self.act(actor))
        return self.record(case)

    def make_commitment(self, case_id: uuid.UUID, what: str, due: date, actor: str) -> Outcome:
        case = self.case(case_id)
        case.commit(what, due, self.act(actor))
        return self.record(case)

    def check_follow_up(self, case_id: uuid.UUID, met: bool, note: str, actor: str) -> Outcome:
        case = self.case(case_id)
        case.check_follow_up(met, note, self.act(actor))
        return self.record(case)

    def close_case(self, case_id: uuid.UUID, note: str, actor: str) -> Outcome:
        case = self.case(case_id)
        case.close(note, self.act(actor))
        return self.record(case)

    def escalate_case(self, case_id: uuid.UUID, to: Escalation | str, reason: str, actor: str) -> Outcome:
        case = self.case(case_id)
        case.escalate(to, reason, self.act(actor))
        return self.record(case)
