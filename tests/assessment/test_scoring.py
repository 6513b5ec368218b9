"""Patrol scores, monthly ratings and village standings, as pure functions of facts and a rule version."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal as D

import pytest

from domain.assessment.errors import UnknownDeductionItem
from domain.assessment.scoring import VillageMonthFacts, monthly_ratings, patrol_score, village_standings
from domain.assessment.values import Month
from tests.assessment.facts_builder import patrol, ref
from tests.assessment.rulebooks import rules_2023, rules_july_2023

MARCH = Month(2023, 3)
V = uuid.uuid4()


def test_each_item_loses_points_per_finding_and_stops_at_zero() -> None:
    score = patrol_score(patrol(date(2023, 3, 2), V, litter=2, piles=5), rules_2023())
    # litter 40 − 2×5 = 30; piles 30 − 5×10 floored at 0; bins untouched 30
    assert score.score == D("60.00")
    assert [i.score for i in score.items] == [D("30.00"), D("0.00"), D("30.00")]
    assert score.rule_version_id == "2023-01"


def test_a_finding_the_rules_do_not_know_is_refused() -> None:
    with pytest.raises(UnknownDeductionItem):
        patrol_score(patrol(date(2023, 3, 2), V, smell=1), rules_2023())


def test_the_same_patrol_scores_by_the_rules_of_its_time() -> None:
    p = patrol(date(2023, 3, 2), V, litter=2)
    assert patrol_score(p, rules_2023()).score == D("90.00")
    assert patrol_score(p, rules_july_2023()).score == D("80.00")


def test_a_cleaner_is_rated_on_the_mean_of_the_months_patrols() -> None:
    cleaner = uuid.uuid4()
    patrols = [
        patrol(date(2023, 3, 2), V, cleaner),  # 100
        patrol(date(2023, 3, 9), V, cleaner, piles=2),  # 80
        patrol(date(2023, 3, 16), V, cleaner, withdrawn=True, bins=3),  # not counted
        patrol(date(2023, 4, 1), V, cleaner, bins=3),  # another month
    ]
    [rating] = monthly_ratings(MARCH, patrols, rules_2023())
    assert rating.score == D("90.00") and rating.grade == "excellent" and rating.patrols == 2
    assert len(rating.refs) == 3  # the withdrawn patrol is cited, not scored
    [lowest] = monthly_ratings(MARCH, patrols, rules_2023(rating_method="lowest"))
    assert lowest.score == D("80.00") and lowest.grade == "good"


def test_a_cleaner_with_only_withdrawn_patrols_has_no_grade() -> None:
    cleaner = uuid.uuid4()
    [rating] = monthly_ratings(MARCH, [patrol(date(2023, 3, 2), V, cleaner, withdrawn=True)], rules_2023())
    assert rating.score is None and rating.grade == ""


def village(
    name: str,
    patrols: int,
    overdue: int = 0,
    reopened: int = 0,
    households: int | None = 100,
    signed: int = 50,
    close_days: tuple[int, ...] = (),
    reports: int = 0,
) -> VillageMonthFacts:
    vid = uuid.uuid4()
    return VillageMonthFacts(
        vid, name, name, tuple(patrol(date(2023, 3, 1 + i), vid) for i in range(patrols)),
        tuple(ref() for _ in range(overdue)), tuple(ref() for _ in range(reopened)),
        tuple((d, ref()) for d in close_days), tuple(ref() for _ in range(reports)), households, signed, (),
    )


def test_villages_are_scored_by_the_weights_and_ranked_with_ties_sharing_a_rank() -> None:
    east = village("东沟村", 3)  # 100 + 0.1×50 = 105
    west = village("西岭村", 3, overdue=1, reopened=1, close_days=(4, 6))  # 105 − 2 − 3 − 0.5×5 = 97.5
    north = village("北坡村", 2, signed=50)  # 105, tie with east
    standings = village_standings(MARCH, [west, east, north], rules_2023())
    by_name = {s.village_name: s for s in standings}
    assert by_name["东沟村"].score == D("105.00") and by_name["北坡村"].score == D("105.00")
    assert by_name["东沟村"].rank == by_name["北坡村"].rank == 1
    assert by_name["西岭村"].score == D("97.50") and by_name["西岭村"].rank == 3
    assert by_name["西岭村"].band == "达标" and by_name["东沟村"].cadre_coefficient == D("1.2")
    assert all(s.rule_version_id == "2023-01" for s in standings)


def test_a_village_below_the_minimum_cases_is_not_ranked() -> None:
    few = village("南湾村", 1)
    enough = village("东沟村", 2, overdue=3)
    standings = village_standings(MARCH, [few, enough], rules_2023())
    by_name = {s.village_name: s for s in standings}
    assert by_name["南湾村"].rank is None and by_name["南湾村"].band == "未排名"
    assert "少于参与排名所需的 2 次" in by_name["南湾村"].note
    assert by_name["东沟村"].rank == 1
    assert standings[-1].village_name == "南湾村"


def test_unknown_households_count_as_no_coverage_and_say_so() -> None:
    [standing] = village_standings(MARCH, [village("东沟村", 2, households=None)], rules_2023())
    assert standing.coverage_percent == D("0.00") and "户数未登记" in standing.note
