"""What can happen in the township's assessment: the acts a clerk, an inspector or a leader records.

Each is recorded by the player through the application's own command (docs/ASSESSMENT.md), not by
the domain directly: the guards on closed months, self-approval and the rule book are the product's.
Ids are chosen by the plan so that the same seed records the same year.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.assessment.letters import LetterKind
from domain.assessment.paysheet import SheetKind
from domain.assessment.rules import RuleVersion
from domain.assessment.values import Month
from domain.vocabulary import Category


@dataclass(frozen=True)
class AdoptRules:
    version: RuleVersion


@dataclass(frozen=True)
class CountHouseholds:
    village_code: str
    households: int
    as_on: date
    source: str


# --- responsibility letters ---------------------------------------------------------------------


@dataclass(frozen=True)
class DraftLetter:
    letter_id: uuid.UUID
    kind: LetterKind
    village_code: str
    targets: tuple[str, ...]
    period_start: date
    period_end: date
    household: str = ""


@dataclass(frozen=True)
class SignLetter:
    letter_id: uuid.UUID
    side: str  # "first" (甲方: the township, or the village for a household letter) or "second" (乙方)
    signatory: str
    day: date


@dataclass(frozen=True)
class RenewLetter:
    letter_id: uuid.UUID
    period_start: date
    period_end: date


@dataclass(frozen=True)
class RevokeLetter:
    letter_id: uuid.UUID
    day: date
    reason: str


# --- daily patrols ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordPatrol:
    """A patrol of one group's cleaner area; ``findings`` are (deduction item, count), photos are simulated."""

    patrol_id: uuid.UUID
    day: date
    village_code: str
    group: str
    inspector_id: uuid.UUID
    cleaner_id: uuid.UUID
    area: str
    findings: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class CorrectPatrol:
    patrol_id: uuid.UUID
    findings: tuple[tuple[str, int], ...]
    reason: str


@dataclass(frozen=True)
class WithdrawPatrol:
    patrol_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class OpenProblemFromFinding:
    patrol_id: uuid.UUID
    finding_number: int
    problem_id: uuid.UUID
    category: Category
    place: str
    description: str


# --- periods, bulletins and pay ------------------------------------------------------------------


@dataclass(frozen=True)
class CloseMonth:
    month: Month


@dataclass(frozen=True)
class PublishBulletin:
    year: int
    quarter: int


@dataclass(frozen=True)
class DraftPaySheet:
    kind: SheetKind
    month: Month


@dataclass(frozen=True)
class ApprovePaySheet:
    kind: SheetKind
    month: Month


@dataclass(frozen=True)
class MarkPaySheetPaid:
    kind: SheetKind
    month: Month
    reference: str
    paid_on: date


@dataclass(frozen=True)
class FreezeYearEnd:
    year: int


# --- rewarded public reports ------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitReport:
    """A report received on the office's hotline; the reporter's name and phone are sealed (rewards need them)."""

    report_id: uuid.UUID
    village_code: str
    place: str
    description: str
    photos: int
    reporter: str


@dataclass(frozen=True)
class ConfirmReport:
    report_id: uuid.UUID
    note: str


@dataclass(frozen=True)
class LinkReport:
    report_id: uuid.UUID
    problem_id: uuid.UUID


@dataclass(frozen=True)
class ApproveReward:
    report_id: uuid.UUID
    amount: Decimal


@dataclass(frozen=True)
class PayReward:
    report_id: uuid.UUID
    reference: str


@dataclass(frozen=True)
class RejectReport:
    report_id: uuid.UUID
    reason: str
