"""The steps of an accountability case, as every way in takes them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from taizhang.documents.base import Day, Document, Explanation, Name, Printable
from taizhang.documents.problems import EvidenceIn

TriggerKey = Annotated[str, Field(min_length=1, max_length=300), Printable]


class CaseOpen(Document):
    trigger_key: TriggerKey


class InterviewIn(Document):
    """约谈: the day it was held, who attended, the minutes, and the signed record or photos."""

    held_on: Day
    attendees: list[Name] = Field(min_length=1, max_length=50)
    minutes: Explanation
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=20)


class CommitmentIn(Document):
    what: Explanation
    due: Day


class FollowUpIn(Document):
    met: bool
    note: Explanation


class CaseNote(Document):
    note: Explanation


class EscalationIn(Document):
    to: Literal["notice_criticism", "county"]
    reason: Explanation
