"""The demo year's campaign work, folded from the recorded events: the seed's figures, a figure for every
work indicator, and a first half that the record knew differently on 1 July than at year end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from domain.indicators import BY_CODE, WORK_CODES
from domain.local_time import CHINA
from domain.vocabulary import Category, Source
from taizhang.bootstrap import build_app
from taizhang.demo.loader import load_demo
from tests.conftest import STORES
from tests.demo.ledger_fold import fold, stored_events
from tests.demo.work_fold import fold_work
from tests.stores import store_settings

NEW_YEAR = datetime(2023, 1, 1, tzinfo=CHINA)
FIRST_OF_JULY = datetime(2023, 7, 1, tzinfo=CHINA)
NEXT_NEW_YEAR = datetime(2024, 1, 1, tzinfo=CHINA)


@pytest.fixture(scope="module", params=STORES)
def demo_events(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list]:
    """The demo is loaded once a store for this module: its tests only read the events."""
    with store_settings(request.param, tmp_path_factory.mktemp("demo")) as settings:
        load_demo(settings)
        app = build_app(settings)
        try:
            yield stored_events(app)
        finally:
            app.close()


def test_the_years_work_reproduces_the_seeds_figures(demo_events: list) -> None:
    year = fold_work(demo_events, occurred_from=NEW_YEAR, occurred_before=NEXT_NEW_YEAR)
    # 以创XXX、XXX、等8个“清洁村庄”: one record a village, so the summary can name them.
    targeted = year.counted("clean_villages_targeted")
    assert year.total("clean_villages_targeted") == 8 and len(targeted) == 8
    assert len(set(year.village_names_of("clean_villages_targeted"))) == 8
    achieved = set(year.village_names_of("clean_villages_achieved"))
    assert 0 < len(achieved) <= 8 and achieved <= set(year.village_names_of("clean_villages_targeted"))
    assert year.total("five_piles_households") == 230  # 门前屋后“五堆”230多户
    # 对全镇24个村的农户总数、已改和待改数进行了摸底调查
    assert len(year.surveys) == 24 and year.resurveyed
    assert all(households == renovated + pending for households, renovated, pending in year.surveys.values())
    assert year.survey_total(2) > 0 and year.survey_total(1) > 0
    # 全镇共修建无害化卫生厕所1740座，公厕18座: after a correction and a withdrawal, some entered late.
    toilets = [e for e in year.entries.values() if e.indicator == "sanitary_toilets_built"]
    assert year.total("sanitary_toilets_built") == 1740
    assert any(e.corrected for e in toilets) and any(e.withdrawn for e in toilets) and any(e.late for e in toilets)
    assert len({e.village_id for e in toilets}) > 12
    assert all(e.village_id and e.evidence for e in toilets)
    assert year.total("public_toilets_built") == 18
    # 在XXX、XXX村建立污水处理站2个: each in the care of a named person who holds the custodian role on it.
    assert len(year.stations) == 2
    assert len({s["village_id"] for s in year.stations.values()}) == 2
    for station_id, station in year.stations.items():
        assert station["custodian_id"] in year.people
        assert year.custodians[station_id] == station["custodian_id"]
        assert station["care_posts"] > 0


def test_every_work_indicator_has_a_figure_for_2023(demo_events: list) -> None:
    year = fold_work(demo_events, occurred_from=NEW_YEAR, occurred_before=NEXT_NEW_YEAR)
    missing = sorted(code for code in WORK_CODES if year.total(code) <= 0)
    assert not missing, f"no 2023 figure for {missing}"
    for code in WORK_CODES:
        if BY_CODE[code].integral:
            assert year.total(code) == year.total(code).to_integral_value(), code
    # 兑换残膜XX万千克: tens of thousands of kilograms, so the summary's 万千克 reads as a plausible number.
    assert 10_000 <= year.total("residual_film_exchanged_kg") < 1_000_000


def test_the_ledger_gives_the_figures_it_decides(demo_events: list) -> None:
    year = fold(demo_events, occurred_from=NEW_YEAR, occurred_before=NEXT_NEW_YEAR)
    assert year.buildings_demolished > 0  # 拆除违章建筑XXX处
    assert year.closed(category=Category.FIVE_PILES) > 0  # 清理“五堆”XX余处
    assert year.tonnes > 100  # 合计各类垃圾约XXX多吨
    found = year.fed_back(Source.RIVER_CHIEF_PATROL)  # 共发现问题XX处
    assert 0 < year.closed(source=Source.RIVER_CHIEF_PATROL) <= found


def test_the_first_half_of_work_as_of_1_july_differs_from_what_the_year_end_knows(demo_events: list) -> None:
    as_of_july = fold_work(demo_events, recorded_before=FIRST_OF_JULY, occurred_from=NEW_YEAR,
                           occurred_before=FIRST_OF_JULY)
    known_now = fold_work(demo_events, occurred_from=NEW_YEAR, occurred_before=FIRST_OF_JULY)
    # June acceptance sheets entered in July, and a May figure cut after the county's July spot check.
    assert as_of_july.total("sanitary_toilets_built") != known_now.total("sanitary_toilets_built")
    assert set(as_of_july.entries) < set(known_now.entries)
    changed_later = [rid for rid, entry in known_now.entries.items()
                     if rid in as_of_july.entries and entry.quantity != as_of_july.entries[rid].quantity]
    assert changed_later, "a first-half record was corrected after 1 July"
    assert any(e.corrected for e in as_of_july.entries.values()), "and one was corrected within the first half"
    assert any(e.withdrawn for e in as_of_july.entries.values()), "and one withdrawn within the first half"
    assert as_of_july.total("five_piles_households") != known_now.total("five_piles_households")
