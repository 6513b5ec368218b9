"""The quarterly bulletin published through the API carries its red and black list (红黑榜), with the cases open then;
the list downloads as text, Word and Excel for posting; a second list beside it is refused."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime

from docx import Document
from openpyxl import load_workbook

from domain.assessment.values import Month
from taizhang.clock import SimulatedClock
from tests.api.conftest import Township, sign_in
from tests.api.helpers import ok
from tests.assessment.rulebooks import rules_2023
from tests.assessment.township import found


def closed_quarter(township: Township, clock: SimulatedClock) -> None:
    """东沟村 patrolled clean, 西岭村 with two bins short, twice a month: 东沟村 first, 西岭村 second."""
    app = township.app
    app.adopt_rules(rules_2023(), "setup")
    inspector = app.enrol_person("周巡查", "", "setup").id
    clock.set(datetime(2023, 3, 25, 2, tzinfo=UTC))
    for month in (1, 2, 3):
        for day in (6, 13):
            app.record_patrol(date(2023, month, day), township.village, inspector, [], "office")
            app.record_patrol(date(2023, month, day), township.other_village, inspector, [found("bins", 2)], "office")
    clock.set(datetime(2023, 4, 3, 2, tzinfo=UTC))
    for month in (1, 2, 3):
        app.close_month(Month(2023, month), "office")


def test_the_bulletin_published_through_the_api_carries_its_list_and_posts_it(
    township: Township, clock: SimulatedClock
) -> None:
    c = township.client
    closed_quarter(township, clock)
    signed = {name: sign_in(c, name) for name in ("office", "inspector", "cadre")}  # the clock moved on a month

    def as_(username: str) -> dict[str, str]:
        return signed[username]

    published = ok(c.post("/bulletins/2023/1", headers=as_("office")), 201)
    text = c.get("/bulletins/2023/1", headers=as_("inspector"))
    assert text.headers["x-text-sha256"] == published["text_sha256"]
    assert hashlib.sha256(text.content).hexdigest() == published["text_sha256"]
    assert "四、红黑榜" in text.text and "  1. 东沟村 平均名次 1.00（排名月份 3 个）" in text.text

    listed = c.get("/bulletins/2023/1/red-black", headers=as_("inspector"))
    assert listed.status_code == 200 and listed.text.startswith("示例镇全域无垃圾治理2023年第一季度红黑榜\n")
    word = c.get("/bulletins/2023/1/red-black", params={"format": "docx"}, headers=as_("inspector"))
    assert word.status_code == 200 and 'filename="red-black-2023-1.docx"' in word.headers["content-disposition"]
    document = Document(io.BytesIO(word.content))
    assert [[cell.text for cell in row.cells] for row in document.tables[0].rows][1:] == [
        ["1", "东沟村", "1.00", "3"], ["2", "西岭村", "2.00", "3"]]
    assert len(document.inline_shapes) == 1  # the verification code (QR) printed under the list
    excel = c.get("/bulletins/2023/1/red-black", params={"format": "xlsx"}, headers=as_("office"))
    sheet = load_workbook(io.BytesIO(excel.content))["红黑榜"]
    assert [(r[0].value, r[2].value) for r in sheet.iter_rows(min_row=4, max_row=5)] == [
        ("红榜", "东沟村"), ("红榜", "西岭村")]

    assert ok(c.post("/bulletins/2023/1/red-black", headers=as_("office")), 409)["code"] == "already_exists"
    assert c.get("/bulletins/2023/2/red-black", headers=as_("inspector")).status_code == 404
    assert c.get("/bulletins/2023/1/red-black", params={"format": "pdf"}, headers=as_("inspector")).status_code == 422
    assert c.get("/bulletins/2023/1/red-black", headers=as_("cadre")).status_code == 403
