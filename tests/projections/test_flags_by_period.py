"""A period's red flags read through the indexes equal the rules run over the period as the whole record defines
it (``period_facts``): for a year, a month and a quarter, at three positions, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain.flags.facts import FlagPeriod, period_facts
from domain.flags.raising import raise_flags
from domain.local_time import CHINA
from projections.flag_facts import FlagFactsModel, read_facts
from projections.flags import FlagQueries
from projections.rebuild import rebuild
from projections.runner import Projector
from projections.tracking import active_tracks
from taizhang.bootstrap import build_app, build_read_store
from taizhang.demo.loader import load_demo
from tests.stores import store_settings

DEMO_YEAR_END = date(2023, 12, 31)
PERIODS = (FlagPeriod.year(2023), FlagPeriod(date(2023, 9, 1), date(2023, 9, 30)),
           FlagPeriod(date(2023, 4, 1), date(2023, 6, 30)))


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Projector]:
    with store_settings(request.param, tmp_path_factory.mktemp(request.param)) as settings:
        load_demo(settings)
        app = build_app(settings)
        projector = Projector(app, build_read_store(settings))
        try:
            projector.setup()
            projector.catch_up()
            yield projector
        finally:
            projector.store.close()
            app.close()


def test_a_periods_flags_through_the_indexes_equal_its_definition_over_the_whole_record(demo: Projector) -> None:
    queries = FlagQueries(demo.store)
    with demo.store.reading() as tx:
        track = active_tracks(tx)[FlagFactsModel.name]
        record = read_facts(tx, track.generation, track.position)
    head = track.position
    seen = 0
    for as_of in (head // 3, 2 * head // 3, None):
        for period in PERIODS:
            flags, snap = queries.flags(as_of, today=DEMO_YEAR_END, period=period)
            day = DEMO_YEAR_END if as_of is None else snap.recorded_at.astimezone(CHINA).date()
            upto = [f for f in record if f.position <= snap.position]
            assert flags == raise_flags(period_facts(upto, period), day), (as_of, period)
            seen += len(flags)
    assert seen >= 20  # the planted year raises flags in every period asked: the comparison is not of nothing


def test_the_latest_year_of_the_record_is_the_period_unless_asked(demo: Projector) -> None:
    queries = FlagQueries(demo.store)
    assert queries.period(today=date(2026, 12, 6)) == FlagPeriod.year(2023)
    assert queries.flags(today=DEMO_YEAR_END)[0] == queries.flags(today=DEMO_YEAR_END, period=FlagPeriod.year(2023))[0]
    assert queries.flags(today=DEMO_YEAR_END, period=FlagPeriod.year(2022))[0] == []


def test_a_flags_model_behind_the_moment_asked_answers_where_it_read(demo: Projector) -> None:
    head = demo.head()
    behind = head // 2
    rebuild(demo, FlagFactsModel.name, side_by_side=False, stop=behind)  # the flags' model alone, half way
    try:
        _, snap = FlagQueries(demo.store).flags(today=DEMO_YEAR_END, period=FlagPeriod.year(2023))
        assert snap.position == behind < head
    finally:
        rebuild(demo, FlagFactsModel.name, side_by_side=False)
    assert FlagQueries(demo.store).flags(today=DEMO_YEAR_END)[1].position == head
