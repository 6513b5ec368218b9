"""One validation for every way in: the web's forms and the Excel import refuse what the API refuses.

The web took a place with control characters that the API refuses with 422; it now reads each form
into the API's own input document. Every text field of every step, and every number, is tried.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from domain.errors import InvalidInput
from taizhang.settings import Settings
from tests.web.conftest import Site, csrf_of

CONTROL = "村口\x01\x0b桥头"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The forms are read the same whatever the store: the embedded one is enough here."""
    return Settings(store="sqlite", data_dir=tmp_path)

# Each step's form with its text fields, and what else the step needs to get as far as the document.
STEPS = {
    "assign": ({"working_days": "5"}, ["note"]),
    "extend": ({"working_days": "9", "reason": "雨天", "approver": "镇长"}, ["reason", "approver"]),
    "rectification": ({"description": "已清理"}, ["description"]),
    "verify": ({"outcome": "send_back", "reason": "照片看不清"}, ["reason"]),
    "close": ({}, ["note"]),
    "reopen": ({"reason": "反弹", "working_days": "3"}, ["reason"]),
    "void": ({"kind": "mistake", "reason": "误登记"}, ["reason"]),
}


def post_step(browser: TestClient, problem: str, action: str, fields: dict[str, str]) -> tuple[int, str]:
    page = browser.get(f"/web/problems/{problem}").text
    answer = browser.post(f"/web/problems/{problem}/{action}", data={"csrf_token": csrf_of(page), **fields})
    return answer.status_code, answer.text


def test_registration_refuses_control_characters_as_the_api_does(site: Site) -> None:
    office = site.signed_in("office")
    page = office.get("/web/problems/new").text
    before = site.app.recorder.max_notification_id()
    answer = office.post("/web/problems", data={
        "csrf_token": csrf_of(page), "source": "township_patrol", "category": "informal_dump",
        "village_id": str(site.seeded.villages["v01"]), "place": CONTROL, "description": "堆放垃圾"})
    assert answer.status_code == 422 and "地点不能含控制字符" in answer.text
    too_long = office.post("/web/problems", data={
        "csrf_token": csrf_of(page), "source": "township_patrol", "category": "informal_dump",
        "village_id": str(site.seeded.villages["v01"]), "place": "村" * 201, "description": "堆放垃圾"})
    assert too_long.status_code == 422 and "地点最长 200 个字符" in too_long.text
    assert site.app.recorder.max_notification_id() == before


def test_every_step_refuses_control_characters_in_every_text_field(site: Site) -> None:
    browsers = {"office": site.signed_in("office"), "cadre": site.signed_in("cadre")}
    before = site.app.recorder.max_notification_id()
    for action, (needed, texts) in STEPS.items():
        problem = site.seeded.problems["walls" if action != "reopen" else "dump"]
        browser = browsers["cadre" if action == "rectification" else "office"]
        for name in texts:
            status, page = post_step(browser, str(problem), action, {**needed, name: CONTROL})
            assert status == 422 and "控制字符" in page, (action, name, status)
    assert site.app.recorder.max_notification_id() == before


def test_numbers_out_of_range_are_refused_in_words_not_with_a_server_error(site: Site) -> None:
    problem = str(site.seeded.problems["walls"])
    status, page = post_step(site.signed_in("office"), problem, "extend",
                             {"working_days": "1" + "0" * 30, "reason": "雨天", "approver": "镇长"})
    assert status == 422 and "工作日数不能大于 250" in page
    status, page = post_step(site.signed_in("cadre"), problem, "rectification",
                             {"description": "已清理", "labour_person_times": "9" * 30})
    assert status == 422 and "人工不能大于" in page


def ledger(place: str, labour: object = 3) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["来源", "类别", "村", "地点", "问题描述", "发现日期", "截止日期", "整改日期", "投入人次"])
    sheet.append(["镇巡查", "非正规垃圾堆放点", "东沟村", place, "堆放", "2024-04-01", "2024-04-10", "2024-04-05",
                  labour])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_excel_import_takes_the_same_document(site: Site) -> None:
    before = site.app.recorder.max_notification_id()
    with pytest.raises(InvalidInput, match="地点"):
        site.app.import_excel_ledger(ledger("村" * 201), "ledger.xlsx", "office")
    with pytest.raises(InvalidInput, match="投入人次"):
        site.app.import_excel_ledger(ledger("村口", 10**30), "ledger.xlsx", "office")
    assert site.app.recorder.max_notification_id() == before
    site.app.import_excel_ledger(ledger("村口"), "ledger.xlsx", "office")
    assert site.app.recorder.max_notification_id() > before
