"""A township with assessed months: March closed and paid on an approved sheet, a late correction adjusted in April."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_api
from domain.account import AccessRole
from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.local_time import CHINA
from taizhang.application import Taizhang
from taizhang.bootstrap import build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.api.conftest import FAST_HASHER
from tests.assessment.township import Township, found, patrol, township
from tests.web.conftest import csrf_of, settle
from tests.web.township import PASSWORD

MARCH, APRIL = Month(2023, 3), Month(2023, 4)
ACCOUNTS = {"office": AccessRole.ENVIRONMENT_OFFICE, "office2": AccessRole.ENVIRONMENT_OFFICE,
            "inspector": AccessRole.INSPECTOR,
            "cadre": AccessRole.VILLAGE_CADRE, "cleaner": AccessRole.CLEANER}


@dataclass
class Assessed:
    api: FastAPI
    app: Taizhang
    town: Township
    correction_position: int
    clock: SimulatedClock | None = None

    def signed_in(self, username: str) -> TestClient:
        client = TestClient(self.api, follow_redirects=True)
        page = client.get("/web/login")
        answer = client.post("/web/login", data={"username": username, "password": PASSWORD,
                                                  "csrf_token": csrf_of(page.text), "next": "/"})
        assert answer.status_code == 200 and "退出" in answer.text
        return client


def at(clock: SimulatedClock, y: int, m: int, d: int) -> None:
    clock.set(datetime(y, m, d, 9, 0, tzinfo=CHINA))


@pytest.fixture(name="assessed")
def assessed_township(settings: Settings, app: Taizhang, clock: SimulatedClock) -> Iterator[Assessed]:
    tables = build_side_tables(settings)
    api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
    desk = api.state.context.desk
    t = township(app)
    for username, role in ACCOUNTS.items():
        village = t.east if role == AccessRole.VILLAGE_CADRE else None
        person = {"cadre": t.secretary, "cleaner": t.cleaner}.get(username)  # the cleaner is 李娟
        desk.open(username, PASSWORD, role, "setup", village, person_id=person)
    at(clock, 2023, 3, 20)
    march_patrol = patrol(app, t, date(2023, 3, 10), None, True, found("piles", 2)).id
    patrol(app, t, date(2023, 3, 17), None, True, found("piles", 2))
    patrol(app, t, date(2023, 3, 18), t.west, False)
    at(clock, 2023, 4, 2)
    app.close_month(MARCH, "office")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "clerk")
    app.approve_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "director")
    at(clock, 2023, 4, 20)
    patrol(app, t, date(2023, 4, 10))
    correction = app.correct_patrol(march_patrol, [], "复核照片，五堆不在其责任区", "office")
    at(clock, 2023, 5, 2)
    app.close_month(APRIL, "office")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, APRIL, "clerk")
    with TestClient(api):
        settle(api, app)
        yield Assessed(api, app, t, correction.position, clock)
    tables.close()
