"""The demo township: its figures, folded from the events, are the seed's; its past differs from its present."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.local_time import CHINA
from domain.organisation import Village
from domain.people import Person
from domain.problem import Problem
from domain.vocabulary import Category, Role, Source
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.demo.loader import DemoRefused, load_demo
from taizhang.demo.township import TOWNSHIP_CODE, TOWNSHIP_NAME
from taizhang.settings import Settings
from tests.demo.ledger_fold import fold, stored_events

NEW_YEAR = datetime(2023, 1, 1, tzinfo=CHINA)
FIRST_OF_JULY = datetime(2023, 7, 1, tzinfo=CHINA)
NEXT_NEW_YEAR = datetime(2024, 1, 1, tzinfo=CHINA)
YEAR_END_WORK_DONE = datetime(2024, 1, 15, tzinfo=CHINA)
SEALED = ("identity_key_id", "identity_ciphertext")


@pytest.fixture
def demo_events(settings: Settings) -> list:
    loaded = load_demo(settings)
    assert not loaded.reused
    app = build_app(settings)
    try:
        mark = app.store_mark()
        assert mark is not None and mark.is_simulation
        events = stored_events(app)
    finally:
        app.close()
    assert len(events) == loaded.events
    return events


def test_the_demo_year_adds_up_to_the_seeds_figures(demo_events: list) -> None:
    year = fold(demo_events)
    # The seed's own words: 反馈航拍点68个，完成整治68个；残垣断壁64处；废品收购站3处；劳动力3520人次；机械400台次.
    assert year.fed_back(Source.AERIAL_PHOTO) == 68
    assert year.closed(source=Source.AERIAL_PHOTO) == 68
    assert year.closed(category=Category.RUINED_WALLS) == 64
    assert year.closed(category=Category.SCRAP_STATION) == 3
    assert year.labour == 3520
    assert year.machinery == 400
    # Satellite and county points: plausible, some fed back late in the year still open.
    assert 0 < year.closed(source=Source.SATELLITE) <= year.fed_back(Source.SATELLITE)
    assert 0 < year.closed(source=Source.COUNTY_FEEDBACK) < year.fed_back(Source.COUNTY_FEEDBACK)
    assert set(year.source.values()) == set(Source)


def test_the_demo_is_recorded_through_2023_in_order(demo_events: list) -> None:
    times = [event.timestamp for event in demo_events]
    assert times == sorted(times)
    assert times[0] >= NEW_YEAR and times[-1] < YEAR_END_WORK_DONE
    # What the office records in January 2024 is the closing of 2023: December, its pay, Q4, the year-end.
    in_2024 = {type(e).__qualname__.split(".")[0] for e in demo_events if e.timestamp >= NEXT_NEW_YEAR}
    assert in_2024 == {"MonthClosing", "PaySheet", "QuarterBulletin", "YearEndRecord"}
    assert all(event.occurred_at <= event.timestamp for event in demo_events if hasattr(event, "occurred_at"))
    late = [e for e in demo_events if isinstance(e, Problem.Registered) and (e.timestamp - e.occurred_at).days >= 7]
    assert late, "the demo has late entries"
    kinds = {type(e) for e in demo_events}
    for step in (Problem.DeadlineExtended, Problem.RectificationRejected, Problem.Reopened, Problem.Voided):
        assert step in kinds


def test_the_first_half_as_of_1_july_differs_from_the_first_half_known_at_year_end(demo_events: list) -> None:
    as_of_july = fold(demo_events, recorded_before=FIRST_OF_JULY, occurred_from=NEW_YEAR, occurred_before=FIRST_OF_JULY)
    known_now = fold(demo_events, occurred_from=NEW_YEAR, occurred_before=FIRST_OF_JULY)
    assert as_of_july.registered() < known_now.registered()
    assert as_of_july.fed_back(Source.AERIAL_PHOTO) < known_now.fed_back(Source.AERIAL_PHOTO)
    assert as_of_july.labour < known_now.labour
    # Closings count in the period they happened (docs/FIGURES.md); the demo enters no closing late.
    assert as_of_july.closed() > 0 and known_now.closed() > 0


def test_a_cadre_moves_village_mid_year_and_the_record_knows_what_they_were_when(settings: Settings) -> None:
    load_demo(settings)
    app = build_app(settings)
    try:
        people = [app.repository.get(e.originator_id) for e in stored_events(app) if isinstance(e, Person.Enrolled)]
    finally:
        app.close()
    movers = [
        p for p in people if any(a.role == Role.VILLAGE_CADRE and a.end == date(2023, 6, 30) for a in p.assignments)
    ]
    assert len(movers) == 1
    (mover,) = movers
    (in_june,) = mover.roles_on(date(2023, 6, 30))
    (in_july,) = mover.roles_on(date(2023, 7, 1))
    assert in_june.unit_id == Village.id_for("shiqiao") and in_june.role == Role.VILLAGE_CADRE
    assert in_july.unit_id == Village.id_for("hongxing") and in_july.role == Role.VILLAGE_CADRE


def test_loading_again_reuses_the_demo(settings: Settings) -> None:
    first = load_demo(settings)
    again = load_demo(settings)
    assert again.reused and again.events == first.events


def test_the_same_seed_records_the_same_year(tmp_path: Path) -> None:
    """Event for event the same, but for the reporters' sealed identities: each is sealed under a fresh random key."""

    def recorded(folder: str) -> list[tuple]:
        settings = Settings(store="sqlite", data_dir=tmp_path / folder)
        load_demo(settings)
        app = build_app(settings)
        try:
            rows = app.recorder.select_notifications(start=1, limit=100_000)
        finally:
            app.close()
        return [(n.originator_id, n.originator_version, n.topic, json.loads(n.state)) for n in rows]

    first, second = recorded("a"), recorded("b")
    sealed = [(a[3].pop(SEALED[0]), a[3].pop(SEALED[1]), b[3].pop(SEALED[0]), b[3].pop(SEALED[1]))
              for a, b in zip(first, second, strict=True) if a[2].endswith("PublicReport.Submitted")]
    assert first == second
    assert len(sealed) == 4 and all(key_a != key_b and text_a != text_b for key_a, text_a, key_b, text_b in sealed)


def test_a_folder_holding_a_real_record_is_never_overwritten(tmp_path: Path) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path)
    app = build_app(settings)
    app.init_store("real", "真实镇", "real", "admin")
    app.close()
    with pytest.raises(DemoRefused):
        load_demo(settings)


def test_the_command_line_says_the_demo_is_a_simulation(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "模拟数据" in result.output
    assert (tmp_path / "taizhang.sqlite").exists()
    # Who is who: the township's accounts and the one published password.
    assert "demo-2023" in result.output
    for username, name in [
        ("liu.qiang", "刘强"),
        ("wang.fang", "王芳"),
        ("sun.guohua", "孙国华"),
        ("qunzhong", "群众举报人"),
    ]:
        assert any(line.split()[:2] == [username, name] for line in result.output.splitlines()), username


def test_a_demo_folder_loaded_before_the_demo_had_accounts_is_named_as_such(tmp_path: Path) -> None:
    settings = Settings(store="sqlite", data_dir=tmp_path)
    app = build_app(settings)
    app.init_store("simulation", TOWNSHIP_NAME, TOWNSHIP_CODE, "system:demo")
    app.close()
    result = CliRunner().invoke(cli, ["demo", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "没有这些演示账号" in result.output and "demo-2023" not in result.output
    assert "没有考核记录" in result.output
