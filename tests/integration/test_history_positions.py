"""An imported history keeps every event's log position, gaps included, so frozen records still point at the same cut.

PostgreSQL uses up a sequence number for every insert it refuses, so a real store's positions have
gaps. Month closings and pay sheets record the position they were frozen at; a copy that renumbered
its events would regenerate them from a different cut of the record.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.history import export_history, import_history
from taizhang.settings import Settings
from tests.assessment.township import found, patrol, township
from tests.stores import store_settings

MARCH, APRIL = Month(2023, 3), Month(2023, 4)


def burn_positions(settings: Settings, count: int) -> None:
    """Use up sequence numbers as refused inserts do (a conflict, a full disk) on a PostgreSQL store."""
    table = f'"{settings.postgres_schema}"."taizhang_events"'
    with psycopg.connect(settings.postgres_dsn, autocommit=True) as conn:
        for _ in range(count):
            conn.execute("SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))", (table,))


def log(app: Taizhang) -> list[tuple]:
    rows, start = [], 1
    while page := app.recorder.select_notifications(start, 500):
        rows += [(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state)) for n in page]
        start = page[-1].id + 1
    return rows


def assessed_source(settings: Settings) -> Taizhang:
    clock = SimulatedClock(datetime(2023, 3, 1, 1, tzinfo=UTC))
    app = build_app(settings, clock)
    app.init_store("simulation", "示例镇", "demo", "admin")
    t = township(app)
    clock.set(datetime(2023, 3, 20, 2, tzinfo=UTC))
    patrol(app, t, date(2023, 3, 10))
    burn_positions(settings, 5)
    patrol(app, t, date(2023, 3, 17), None, True, found("piles", 2))
    clock.set(datetime(2023, 4, 2, 2, tzinfo=UTC))
    app.close_month(MARCH, "office")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "office")
    app.approve_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "finance")
    burn_positions(settings, 3)
    clock.set(datetime(2023, 4, 20, 2, tzinfo=UTC))
    patrol(app, t, date(2023, 4, 12), None, True, found("litter", 3))
    clock.set(datetime(2023, 5, 3, 2, tzinfo=UTC))
    app.close_month(APRIL, "office")
    return app


@pytest.mark.parametrize("target", ["sqlite", "postgres"])
def test_an_imported_history_keeps_positions_and_regenerates_its_frozen_records(target: str, tmp_path: Path) -> None:
    exported = tmp_path / "history.jsonl"
    with store_settings("postgres", tmp_path / "source") as source_settings:
        source = assessed_source(source_settings)
        try:
            original = log(source)
            export_history(source, exported)
        finally:
            source.close()
    positions = [row[0] for row in original]
    assert positions != list(range(1, len(positions) + 1)), "the source must have gaps for this test to mean anything"

    with store_settings(target, tmp_path / "copy") as copy_settings:
        copy = build_app(copy_settings)
        try:
            outcome = import_history(copy, exported, "sun.guohua")
            copied = log(copy)
            assert copied[: len(original)] == original  # position, aggregate, version, topic and bytes
            assert outcome.position == positions[-1] + 1 == copied[-1][0]  # the import's own record follows
            for month in (MARCH, APRIL):
                closing = copy.month_closing(month)
                again = copy.month_figures(month, closing.as_of_position)
                assert [r.as_record() for r in again.ratings] == closing.ratings
                assert [s.as_record() for s in again.standings] == closing.rankings
            sheet = copy.pay_sheet(SheetKind.CLEANER_BONUS, MARCH)
            assert copy.regenerate_pay_sheet(SheetKind.CLEANER_BONUS, MARCH) == sheet.lines
            # New records are numbered after everything imported (PostgreSQL's sequence moved past it).
            after = copy.register_village("南山村", "v09", "admin")
            assert after.position == outcome.position + 1
        finally:
            copy.close()
