"""The flags of a period: its own problems and patrols, its own rates, keys that name it, and photos reused from
any other period all the same."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.flags.facts import FlagPeriod, period_facts
from domain.flags.flag import FlagKind
from domain.flags.raising import raise_flags
from taizhang.documents.flags import flag_period
from tests.unit.flags.facts_builder import Log
from tests.unit.flags.test_rules import OFFICE, ordinary_year

YEAR_2023, YEAR_2024 = FlagPeriod.year(2023), FlagPeriod.year(2024)


def a_late_2023_and_a_photo_reused_in_2024() -> Log:
    log = Log()
    ordinary_year(log)  # from 2023-03-01, 240 days
    for n in range(6, 120, 12):
        log.problem(f"late{n}", "v9", n * 2 + 1)
        log.rectified(f"late{n}", "c9", OFFICE[n % 3], n * 2 + 2, late_days=21)
    log.problem("old", "v1", 100, photos=("river-bank",))
    log.problem("new", "v2", 400, photos=("river-bank",))  # 2024-04-04: last year's photo again
    return log


def kinds(flags: list) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in flags:
        found.setdefault(f.kind.value, []).append(f.key)
    return found


def test_a_years_flags_are_of_its_own_problems_with_keys_that_name_the_year() -> None:
    log = a_late_2023_and_a_photo_reused_in_2024()
    flags_2023 = kinds(raise_flags(period_facts(log.facts, YEAR_2023), date(2023, 12, 31)))
    flags_2024 = kinds(raise_flags(period_facts(log.facts, YEAR_2024), date(2024, 12, 31)))
    assert "late_entry:2023:person:c9" in flags_2023["late_entry"]
    assert "late_entry" not in flags_2024  # 2023's late steps are not 2024's
    assert all(key.split(":")[1] == "2023" for key in flags_2023["late_entry"])


def test_a_photo_cited_again_a_year_later_is_reused_in_both_years() -> None:
    log = a_late_2023_and_a_photo_reused_in_2024()
    for period, day in ((YEAR_2023, date(2023, 12, 31)), (YEAR_2024, date(2024, 12, 31))):
        [reused] = [f for f in raise_flags(period_facts(log.facts, period), day) if f.kind == FlagKind.REUSED_EVIDENCE]
        assert reused.key == "reused_evidence:river-bank"  # a photo's flag is the photo's, whichever period shows it
        assert "2 个不同问题引用" in reused.reason and reused.villages == ("v1", "v2")


def test_a_month_is_its_own_period() -> None:
    log = a_late_2023_and_a_photo_reused_in_2024()
    month = FlagPeriod(date(2023, 3, 1), date(2023, 3, 31))
    facts = period_facts(log.facts, month)
    assert {f.subject for f in facts.of("Problem.Registered")} == {*(f"p{n}" for n in range(16)), "late6"}
    assert month.label == "2023-03-01~2023-03-31" and FlagPeriod.from_label(month.label) == month
    assert YEAR_2023.label == "2023" and FlagPeriod.from_label("2023") == YEAR_2023


@pytest.mark.parametrize(("year", "first", "last", "expected"), [
    (None, None, None, None),
    (2023, None, None, FlagPeriod.year(2023)),
    (None, date(2023, 7, 1), None, FlagPeriod(date(2023, 7, 1), date(2023, 12, 31))),
    (None, None, date(2023, 3, 31), FlagPeriod(date(2023, 1, 1), date(2023, 3, 31))),
])
def test_every_way_in_reads_a_period_alike(year: int | None, first: date | None, last: date | None,
                                          expected: FlagPeriod | None) -> None:
    assert flag_period(year, first, last) == expected


@pytest.mark.parametrize(("year", "first", "last", "words"), [
    (2023, date(2023, 1, 1), None, "请只选一种"),
    (1899, None, None, "不在"),
    (None, date(2023, 5, 1), date(2023, 4, 1), "结束日早于开始日"),
])
def test_a_period_that_cannot_be_is_refused_in_words(year: int | None, first: date | None, last: date | None,
                                                     words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        flag_period(year, first, last)


def test_a_period_outside_the_years_the_record_can_hold_is_refused_and_no_key_names_one() -> None:
    with pytest.raises(InvalidInput, match="不在 2000—2100"):
        flag_period(None, date(2023, 1, 1), date(9999, 12, 31))
    with pytest.raises(InvalidInput, match="不在 2000—2100"):
        FlagPeriod(date(1, 1, 1), date(2023, 1, 1))
    fullwidth_2020 = "\uff12\uff10\uff12\uff10"
    assert FlagPeriod.from_label("9999") is None and FlagPeriod.from_label(fullwidth_2020) is None


def test_a_review_recorded_before_keys_named_their_period_is_of_the_year_it_was_recorded_in() -> None:
    log = a_late_2023_and_a_photo_reused_in_2024()
    # the key as it was before periods: "late_entry:person:c9", reviewed in 2023
    log.add("FlagReview.Reviewed", "review", "inspector", 250, flag_key="late_entry:person:c9",
            verdict="dismissed", reason="已核实为补录")
    [late] = [f for f in raise_flags(period_facts(log.facts, YEAR_2023), date(2023, 12, 31))
              if f.key == "late_entry:2023:person:c9"]
    assert late.status == "dismissed" and late.review is not None and late.review.reason == "已核实为补录"
