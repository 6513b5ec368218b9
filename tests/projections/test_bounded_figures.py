"""The survey and overdue figures read through their indexes give what their definitions give.

Each definition is written here as the one plain query it was before (a window over every survey; the
versions in force at a day's end by one OR over all versions), and both are asked about many days and
positions of a history with surveys, resurveys, late entries and problems overdue, on both stores.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.indicators import BY_CODE
from domain.local_time import CHINA
from projections.db import time_text
from projections.figures import _campaign_table, _latest_survey, overdue_at_end_of
from projections.queries import end_of_day_text, overdue_clause
from projections.runner import Projector
from projections.snapshot import Period, Snapshot, snapshot
from taizhang.bootstrap import build_app, build_read_store
from taizhang.clock import SimulatedClock
from tests.conftest import STORES
from tests.stores import store_settings
from tests.support.history import HistoryMaker

SURVEY_CODES = (
    "toilet_villages_surveyed",
    "toilet_households",
    "toilet_households_renovated",
    "toilet_households_pending",
)


@pytest.fixture(scope="module", params=STORES)
def history(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    with store_settings(request.param, tmp_path_factory.mktemp("bounded")) as settings:
        app = build_app(settings, SimulatedClock(datetime(2023, 1, 2, tzinfo=UTC)))
        app.init_store("simulation", "示例镇", "demo", "bench")
        maker = HistoryMaker(app, seed=3, villages=6, campaign=True)
        maker.survey_chance = 0.2
        maker.make(6000)
        store = build_read_store(settings)
        projector = Projector(app, store)
        projector.setup()
        projector.catch_up()
        try:
            yield store, app.recorder.max_notification_id(), maker.now.astimezone(CHINA).date()
        finally:
            projector.stop()
            store.close()
            app.close()


def survey_by_definition(tx, snap: Snapshot, table: str, code: str, period: Period) -> tuple[Decimal, list[int]]:
    stored = "toilet_households" if code == "toilet_villages_surveyed" else code
    rows = tx.all(
        f"""SELECT milli, valid_from_pos FROM (
            SELECT milli, valid_from_pos, ROW_NUMBER() OVER (
                PARTITION BY village_id ORDER BY occurred_at DESC, valid_from_pos DESC) AS latest
            FROM {table} WHERE indicator = ? AND valid_from_pos <= ? AND (valid_to_pos IS NULL OR valid_to_pos > ?)
            AND occurred_at < ?) surveys
        WHERE latest = 1 ORDER BY valid_from_pos""",
        [stored, snap.position, snap.position, time_text(period.end)],
    )
    value = Decimal(len(rows)) if code == "toilet_villages_surveyed" else Decimal(sum(int(m) for m, _ in rows)) / 1000
    return value, [int(p) for _, p in rows]


def overdue_by_definition(tx, snap: Snapshot, day: date) -> list[str]:
    end, p = end_of_day_text(day), snap.position
    due, due_params = overdue_clause(day)
    rows = tx.all(
        f"SELECT problem_id FROM {snap.ledger_table} WHERE valid_from_pos <= ? AND last_occurred_at < ? "
        f"AND (occurred_to IS NULL OR occurred_to >= ? OR valid_to_pos > ?) AND {due}",
        [p, end, end, p, *due_params],
    )
    return sorted(r[0] for r in rows)


def samples(last_position: int, last_day: date) -> list[tuple[int | None, date]]:
    positions = [None, last_position // 5, last_position // 2, last_position - 300]
    days = [last_day - timedelta(days=d) for d in (0, 1, 7, 20, 45, 90)]
    return [(p, d) for p in positions for d in days]


def test_each_villages_latest_survey_is_the_definitions(history: tuple) -> None:
    store, last_position, last_day = history
    surveyed = 0
    with store.reading() as tx:
        for position, day in samples(last_position, last_day):
            snap = snapshot(tx, position)
            table = _campaign_table(tx, snapshot(tx, None))
            period = Period.days(day - timedelta(days=30), day)
            for code in SURVEY_CODES:
                found = _latest_survey(tx, snap, table, BY_CODE[code], period)
                assert (found.value, found.positions) == survey_by_definition(tx, snap, table, code, period), (
                    code,
                    position,
                    day,
                )
                surveyed += len(found.positions)
    assert surveyed > 100  # the history does have surveys and resurveys to choose among


def test_overdue_at_the_end_of_a_day_is_the_definitions(history: tuple) -> None:
    store, last_position, last_day = history
    overdue = 0
    with store.reading() as tx:
        for position, day in samples(last_position, last_day):
            snap = snapshot(tx, position)
            found = sorted(overdue_at_end_of(tx, snap, day, [], []))
            assert found == overdue_by_definition(tx, snap, day), (position, day)
            overdue += len(found)
    assert overdue > 50
