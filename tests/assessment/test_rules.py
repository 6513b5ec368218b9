"""The rule book: versions in force by date, never retroactive, every rule checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.acts import Act
from domain.assessment.errors import RulesRetroactive, RuleVersionMissing, UnknownDeductionItem
from domain.assessment.rules import RankingBand, RuleBook
from domain.errors import AlreadyExists, InvalidInput
from tests.assessment.rulebooks import rules_2023, rules_july_2023

NOW = datetime(2023, 12, 1, tzinfo=UTC)
ACT = Act("office", NOW, NOW)


def book_with(*versions) -> RuleBook:
    book = RuleBook.open(ACT)
    for v in versions:
        book.adopt(v, ACT)
    return book


def test_the_version_in_force_is_picked_by_date() -> None:
    book = book_with(rules_2023(), rules_july_2023())
    assert book.rule_version_on(date(2023, 6, 30)).version_id == "2023-01"
    assert book.rule_version_on(date(2023, 7, 1)).version_id == "2023-07"
    with pytest.raises(RuleVersionMissing):
        book.rule_version_on(date(2022, 12, 31))


def test_a_version_is_never_edited_nor_made_earlier_than_the_latest() -> None:
    book = book_with(rules_july_2023())
    with pytest.raises(AlreadyExists):
        book.adopt(rules_july_2023(), ACT)
    with pytest.raises(RulesRetroactive):
        book.adopt(rules_2023(version_id="2023-01b"), ACT)


def test_a_version_may_not_reach_into_a_closed_month() -> None:
    book = book_with(rules_2023())
    with pytest.raises(RulesRetroactive) as refusal:
        book.adopt(rules_july_2023(), ACT, first_open_day=date(2023, 8, 1))
    assert "2023-08-01" in refusal.value.zh


def test_a_same_day_version_supersedes_the_earlier_one() -> None:
    book = book_with(rules_july_2023())
    book.adopt(replace(rules_july_2023(), version_id="2023-07b"), ACT)
    assert book.rule_version_on(date(2023, 7, 15)).version_id == "2023-07b"


@pytest.mark.parametrize(
    "changes",
    [
        {"effective_from": date(2023, 1, 15)},
        {"title": " "},
        {"deduction_items": ()},
        {"rating_method": "median"},
        {"grades": tuple(reversed(rules_2023().grades))},
        {"minimum_cases": -1},
        {"bands": (RankingBand("x", 2, None, Decimal(1), Decimal(1)),)},
        {"cadre_base_pay": {"cleaner": Decimal(1)}},
    ],
)
def test_malformed_rules_are_refused(changes) -> None:
    with pytest.raises(InvalidInput):
        rules_2023(**changes)


def test_bands_grades_and_items() -> None:
    rules = rules_2023()
    assert rules.grade_for(Decimal("89.99")).code == "good"
    assert rules.band_for(1).name == "先进" and rules.band_for(7).name == "达标"
    assert rules.band_for(None).name == "未排名"
    with pytest.raises(UnknownDeductionItem):
        rules.item("nonsense")
