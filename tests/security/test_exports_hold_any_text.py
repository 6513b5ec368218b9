"""Every export writes whatever text is on record, as text: no formula runs, no control character fails it.

Each export format (the ledger, pay sheet and rankings workbooks from the web and the API, the audit
CSV, the summary in Word) over a record whose names, places and reasons begin like formulas and hold
control characters recorded before the inputs refused them.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable

import pytest
from docx import Document
from openpyxl import load_workbook

from taizhang.exports.cells import FORMULA_START, csv_field, printable
from tests.security.hostile import CLEANER, PLACE, REASON, SECRETARY, TOWN, VILLAGE, Hostile

WORKBOOKS: dict[str, Callable[[Hostile], tuple[str, dict[str, str] | None]]] = {
    "web ledger": lambda h: ("/web/ledger.xlsx", None),
    "web rankings": lambda h: ("/web/rankings.xlsx?month=2023-03", None),
    "web cleaner bonus": lambda h: ("/web/pay-sheets.xlsx?kind=cleaner_bonus&month=2023-03", None),
    "web cadre pay": lambda h: ("/web/pay-sheets.xlsx?kind=cadre_pay&month=2023-03", None),
    "API rankings": lambda h: ("/rankings/2023-03?format=xlsx", h.headers["office"]),
    "API cleaner bonus": lambda h: ("/pay-sheets/cleaner_bonus/2023-03?format=xlsx", h.headers["office"]),
    "API cadre pay": lambda h: ("/pay-sheets/cadre_pay/2023-03?format=xlsx", h.headers["office"]),
}
# What each workbook must show, as text: the hostile names with their control characters pictured.
SHOWS = {
    "web ledger": [PLACE], "web rankings": [VILLAGE], "API rankings": [VILLAGE],
    "web cleaner bonus": [CLEANER, TOWN], "API cleaner bonus": [CLEANER],
    "web cadre pay": [SECRETARY, VILLAGE], "API cadre pay": [SECRETARY],
}


@pytest.mark.parametrize("export", list(WORKBOOKS))
def test_every_workbook_writes_recorded_text_as_text(hostile: Hostile, export: str) -> None:
    path, headers = WORKBOOKS[export](hostile)
    client = hostile.browser("office") if headers is None else hostile.client
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text[:300]
    cells = [c for ws in load_workbook(io.BytesIO(answer.content)).worksheets for r in ws.iter_rows() for c in r]
    texts = [c for c in cells if isinstance(c.value, str)]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a recorded text became a formula"
    for hostile_text in SHOWS[export]:
        shown = printable(hostile_text)
        assert any(shown in c.value for c in texts), f"{shown!r} is not in the {export} workbook"
    for cell in texts:
        if cell.value.startswith(FORMULA_START):
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


@pytest.mark.parametrize("view", ["entity", "activity"])
def test_the_audit_csv_quotes_formula_like_text(hostile: Hostile, view: str) -> None:
    path = (f"/audit/entities/{hostile.office_problem}/history" if view == "entity"
            else "/audit/people/office/activity")
    answer = hostile.client.get(path, params={"format": "csv"}, headers=hostile.headers["inspector"])
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    fields = [value for row in rows for value in row.values() if value]
    assert not [f for f in fields if f.startswith(FORMULA_START)], "a field a spreadsheet would run as a formula"
    assert "'" + printable(REASON) in [row["原因"] for row in rows]
    assert any("=HYPERLINK" in f for f in fields)  # inside the details (JSON), where it cannot run


def test_a_csv_field_is_quoted_only_when_it_would_run() -> None:
    assert csv_field("=SUM(A1)") == "'=SUM(A1)" and csv_field("@x") == "'@x" and csv_field("\tx") == "'\tx"
    assert csv_field("正常文字") == "正常文字" and csv_field(-5) == -5 and csv_field("a\x01b") == "a␁b"


@pytest.mark.parametrize("where", ["api", "web"])
def test_the_summary_in_word_holds_the_recorded_names(hostile: Hostile, where: str) -> None:
    query = {"from": "2023-01-01", "to": "2023-12-31"}
    if where == "api":
        answer = hostile.client.get("/summary", params={**query, "format": "docx"}, headers=hostile.headers["office"])
    else:
        answer = hostile.browser("office").get("/web/summary.docx", params=query)
    assert answer.status_code == 200, answer.text[:300]
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.content)).paragraphs)
    assert printable(TOWN) in text


def test_the_ledger_page_and_workbook_answer_for_every_reader(hostile: Hostile) -> None:
    """The row that once made the ledger workbook fail for good is shown and exported to each who may see it."""
    for username in ("office", "inspector", "cadre", "admin"):
        browser = hostile.browser(username)
        assert browser.get("/web/ledger").status_code == 200
        assert browser.get("/web/ledger.xlsx").status_code == 200
    assert uuid.UUID(str(hostile.office_problem))
