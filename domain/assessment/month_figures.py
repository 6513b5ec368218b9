"""A month's figures from the assessment facts: cleaners' ratings and villages' standings under the rules then."""

from __future__ import annotations

from dataclasses import dataclass

from domain.assessment.facts import AssessmentFacts
from domain.assessment.rules import RuleVersion
from domain.assessment.scoring import (
    CleanerRating,
    VillageStanding,
    monthly_ratings,
    village_month_facts,
    village_standings,
)
from domain.assessment.values import Month


@dataclass(frozen=True)
class MonthFigures:
    """A month's ratings and standings as computed from the record as of ``facts.position``."""

    month: Month
    rules: RuleVersion
    ratings: list[CleanerRating]
    standings: list[VillageStanding]
    facts: AssessmentFacts


def compute_month(facts: AssessmentFacts, month: Month) -> MonthFigures:
    rules = facts.rule_version_on(month.first_day)
    ratings = monthly_ratings(month, facts.patrols_in(month), rules)
    standings = village_standings(month, village_month_facts(facts, month), rules)
    return MonthFigures(month, rules, ratings, standings, facts)
