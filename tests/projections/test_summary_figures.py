"""The summary's figures from the read models equal an independent fold of the demo's events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest

from domain.local_time import CHINA
from domain.vocabulary import Source
from projections.runner import Projector
from taizhang.bootstrap import build_app, build_read_store
from taizhang.demo.loader import load_demo
from taizhang.summary.figures import summary_facts
from taizhang.summary.render import render_markdown
from tests.conftest import STORES
from tests.demo.ledger_fold import fold, stored_events
from tests.demo.work_fold import fold_work
from tests.stores import store_settings

NEW_YEAR = datetime(2023, 1, 1, tzinfo=CHINA)
FIRST_OF_JULY = datetime(2023, 7, 1, tzinfo=CHINA)
NEXT_NEW_YEAR = datetime(2024, 1, 1, tzinfo=CHINA)
SEED = {
    "clean_villages_targeted": 8, "ruined_walls_cleared": 64, "five_piles_households": 230, "scrap_stations_closed": 3,
    "toilet_villages_surveyed": 24, "sanitary_toilets_built": 1740, "public_toilets_built": 18,
    "aerial_points_fed_back": 68, "aerial_points_rectified": 68, "labour_person_times": 3520,
    "machinery_unit_times": 400, "sewage_stations": 2,
}


@pytest.fixture(scope="module", params=STORES)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    with store_settings(request.param, tmp_path_factory.mktemp("demo")) as settings:
        load_demo(settings)
        app = build_app(settings)
        store = build_read_store(settings)
        projector = Projector(app, store)
        projector.setup()
        projector.catch_up()
        try:
            yield store, stored_events(app)
        finally:
            store.close()
            app.close()


def test_the_year_reproduces_the_seeds_figures_with_no_placeholder_left(demo: tuple) -> None:
    store, _ = demo
    facts = summary_facts(store, "东坪镇", date(2023, 1, 1), date(2023, 12, 31))
    for code, expected in SEED.items():
        assert facts.figures[code].value == expected, code
    assert all(f.value > 0 for c, f in facts.figures.items() if c != "problems_overdue"), [
        c for c, f in facts.figures.items() if f.value == 0
    ]
    assert len(facts.names["clean_village_names"]) == 8 and len(facts.names["sewage_station_villages"]) == 2
    text = render_markdown(facts)
    assert "XXX" not in text and "{{" not in text
    assert "修建无害化卫生厕所1740座，公厕18座" in text
    assert "反馈航拍点68个，完成整治68个" in text


def figures_by_fold(events: list, recorded_before: datetime | None) -> dict[str, Decimal]:
    ledger = fold(events, recorded_before=recorded_before, occurred_from=NEW_YEAR, occurred_before=FIRST_OF_JULY)
    work = fold_work(events, recorded_before=recorded_before, occurred_from=NEW_YEAR, occurred_before=FIRST_OF_JULY)
    return {
        "sanitary_toilets_built": work.total("sanitary_toilets_built"),
        "five_piles_households": work.total("five_piles_households"),
        "residual_film_exchanged_kg": work.total("residual_film_exchanged_kg"),
        "labour_person_times": Decimal(ledger.labour),
        "aerial_points_fed_back": Decimal(ledger.fed_back(source=Source.AERIAL_PHOTO)),
    }


def test_the_first_half_as_of_1_july_is_what_the_record_held_then(demo: tuple) -> None:
    store, events = demo
    then = summary_facts(store, "东坪镇", date(2023, 1, 1), date(2023, 6, 30), as_of=FIRST_OF_JULY, with_events=False)
    now = summary_facts(store, "东坪镇", date(2023, 1, 1), date(2023, 6, 30), with_events=False)
    for code, expected in figures_by_fold(events, FIRST_OF_JULY).items():
        assert then.figures[code].value == expected, code
    for code, expected in figures_by_fold(events, None).items():
        assert now.figures[code].value == expected, code
    assert then.figures["sanitary_toilets_built"].value != now.figures["sanitary_toilets_built"].value
    assert "2023年上半年" in render_markdown(then) and "本总结依据台账第" in render_markdown(then)


def test_a_figure_expands_to_its_contributing_records(demo: tuple) -> None:
    store, _ = demo
    facts = summary_facts(store, "东坪镇", date(2023, 1, 1), date(2023, 12, 31))
    toilets = facts.figures["sanitary_toilets_built"].provenance[0]
    assert toilets["records"] == len(toilets["events"]) > 10
    assert {e["event_type"] for e in toilets["events"]} <= {"WorkRecord.Recorded", "WorkRecord.Corrected"}
    aerial = facts.figures["aerial_points_rectified"].provenance[0]
    assert aerial["records"] == 68
    assert sum(e["event_type"] == "Problem.Closed" for e in aerial["events"]) >= 68
