"""The facts assessment rests on: one fold (``AssessmentFacts``) over the events of every kind it reads."""

from domain.assessment.facts.community import LetterFact, ReportFact
from domain.assessment.facts.fold import FOLDED_EVENTS, TOPICS, AssessmentFacts
from domain.assessment.facts.organisation import PersonFact, VillageFact
from domain.assessment.facts.patrols import PatrolFact
from domain.assessment.facts.periods import BulletinFact, ClosingFact, SheetFact
from domain.assessment.facts.problems import ProblemFact, ProblemStep

__all__ = [
    "FOLDED_EVENTS",
    "TOPICS",
    "AssessmentFacts",
    "BulletinFact",
    "ClosingFact",
    "LetterFact",
    "PatrolFact",
    "PersonFact",
    "ProblemFact",
    "ProblemStep",
    "ReportFact",
    "SheetFact",
    "VillageFact",
]
