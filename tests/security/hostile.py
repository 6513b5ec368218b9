"""A township whose record holds hostile text, recorded before the inputs refused it, served API and web.

Names, places and reasons begin like spreadsheet formulas and hold control characters; a public
reporter has registered a problem and a rewarded report about the village whose cadre signs in.
Events are immutable: whatever an earlier version let in must still be shown and exported safely.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_api
from domain.account import AccessRole
from domain.acts import Evidence
from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.local_time import CHINA
from domain.vocabulary import Category, Role, Source, UnitKind
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from taizhang.keystore import SQLiteKeyStore
from taizhang.settings import Settings
from tests.api.conftest import FAST_HASHER
from tests.assessment.rulebooks import rules_2023
from tests.assessment.township import found
from tests.conftest import STORES
from tests.stores import store_settings
from tests.web.conftest import csrf_of, settle

PASSWORD = "test-pass-2023"
FORMULA = '=HYPERLINK("http://x/?q=1","点此")'
CONTROL = "\x01\x0b"
TOWN = f"+东风{CONTROL}镇"
VILLAGE = f"{FORMULA}{CONTROL}村"
CLEANER = f"@李{CONTROL}娟"
SECRETARY = "-张书记"
PLACE = f"{FORMULA}{CONTROL}河堤"
REASON = f"=1+1{CONTROL}连续降雨"
REPORTER = "qunzhong"
MARCH = Month(2023, 3)
ACCOUNTS = {
    "admin": AccessRole.TOWNSHIP_ADMIN,
    "office": AccessRole.ENVIRONMENT_OFFICE,
    "inspector": AccessRole.INSPECTOR,
    "cadre": AccessRole.VILLAGE_CADRE,
    "cleaner": AccessRole.CLEANER,
    REPORTER: AccessRole.PUBLIC_REPORTER,
    "reporter.two": AccessRole.PUBLIC_REPORTER,
}


@dataclass
class Hostile:
    api: FastAPI
    app: Taizhang
    client: TestClient
    east: uuid.UUID
    reported_problem: uuid.UUID
    office_problem: uuid.UUID
    report: uuid.UUID
    headers: dict[str, dict[str, str]]

    def browser(self, username: str) -> TestClient:
        """A browser signed in to the web workspace as ``username``."""
        client = TestClient(self.api, follow_redirects=True)
        # The running server's event loop, not one of its own per request: one pool of worker threads, so one
        # read-store connection per thread rather than one per request (PostgreSQL allows a hundred).
        client.portal = self.client.portal
        page = client.get("/web/login")
        answer = client.post("/web/login", data={"username": username, "password": PASSWORD,
                                                  "csrf_token": csrf_of(page.text), "next": "/"})
        assert answer.status_code == 200 and "退出" in answer.text, answer.text[:300]
        return client


def at(clock: SimulatedClock, y: int, m: int, d: int) -> None:
    clock.set(datetime(y, m, d, 9, 0, tzinfo=CHINA))


def record_township(app: Taizhang, clock: SimulatedClock, desk: object) -> dict[str, uuid.UUID]:
    """March 2023 assessed and paid out; problems with hostile places; a reporter's problem and report."""
    at(clock, 2023, 3, 1)
    east = app.register_village(VILLAGE, "v01", "admin").id
    west = app.register_village("西岭村", "v02", "admin").id
    inspector = app.enrol_person("周巡查", "", "admin").id
    cleaner = app.enrol_person(CLEANER, "", "admin").id
    secretary = app.enrol_person(SECRETARY, "", "admin").id
    app.take_role(inspector, Role.ENVIRONMENT_OFFICE, UnitKind.TOWNSHIP, app.township().id, date(2023, 1, 1), "admin")
    app.take_role(cleaner, Role.CLEANER, UnitKind.VILLAGE, east, date(2023, 1, 1), "admin", area="一组")
    app.take_role(secretary, Role.VILLAGE_SECRETARY, UnitKind.VILLAGE, east, date(2023, 1, 1), "admin")
    app.adopt_rules(rules_2023(), "office")
    for username, role in ACCOUNTS.items():
        person = {"cadre": secretary, "cleaner": cleaner}.get(username)
        desk.open(username, PASSWORD, role, "setup", east if role == AccessRole.VILLAGE_CADRE else None,  # type: ignore[attr-defined]
                  person_id=person)
    photo = Evidence("b" * 64, "现场.jpg", "image/jpeg")
    at(clock, 2023, 3, 20)
    for day in (10, 17):
        app.record_patrol(date(2023, 3, day), east, inspector, [found("piles", 1)], "inspector", cleaner_id=cleaner)
    app.record_patrol(date(2023, 3, 18), west, inspector, [], "inspector")
    office_problem = app.register_problem(Source.TOWNSHIP_PATROL, Category.INFORMAL_DUMP, east, PLACE, PLACE,
                                          "office", evidence=[photo]).id
    app.assign_problem(office_problem, DeadlineRequest(working_days=5), "office")
    app.extend_deadline(office_problem, DeadlineRequest(working_days=10), REASON, "分管领导", "office")
    reported = app.register_problem(Source.PUBLIC_REPORT, Category.INFORMAL_DUMP, east, "村口", "夜间倾倒", REPORTER,
                                    evidence=[photo]).id
    app.assign_problem(reported, DeadlineRequest(working_days=5), "office")
    report = app.submit_public_report(east, "河堤东侧", "夜间倾倒建筑垃圾", [photo], REPORTER,
                                      reporter='{"name": "张三", "contact": "13800000000"}').id
    app.confirm_report(report, "office", "现场核实")
    app.link_report_to_problem(report, reported, "office")
    at(clock, 2023, 4, 3)
    app.close_month(MARCH, "office")
    for kind in SheetKind:
        app.draft_pay_sheet(kind, MARCH, "office")
    return {"east": east, "reported": reported, "office_problem": office_problem, "report": report}


@pytest.fixture(scope="module", params=STORES)
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """One township per store for a whole test module: the tests only read it."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    with store_settings(request.param, tmp_path) as settings:
        yield from serve_hostile(settings, tmp_path)


def serve_hostile(settings: Settings, tmp_path: Path) -> Iterator[Hostile]:
    clock = SimulatedClock(datetime(2023, 3, 1, 1, 0, tzinfo=UTC))
    app = build_app(settings, clock, SQLiteKeyStore(tmp_path / "personal-keys.sqlite"))
    app.init_store("simulation", TOWN, "hostile", "admin")
    settings = settings.model_copy(update={"evidence_dir": tmp_path / "evidence"})
    tables = build_side_tables(settings)
    api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
    ids = record_township(app, clock, api.state.context.desk)
    with TestClient(api) as client:
        settle(api, app)
        headers = {}
        for username in ACCOUNTS:
            token = client.post("/auth/token", data={"username": username, "password": PASSWORD}).json()
            headers[username] = {"Authorization": f"Bearer {token['access_token']}"}
        yield Hostile(api, app, client, ids["east"], ids["reported"], ids["office_problem"], ids["report"], headers)
    tables.close()
    app.close()
