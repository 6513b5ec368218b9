"""The Excel ledger imported from a page (a bad row refuses the whole file, named in a table, nothing recorded; the
corrected file recorded), and a rule version previewed and adopted from its document with the month typed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tests.integration.test_excel_ledger_import import GOOD, OPEN, workbook
from tests.web.assessed import Assessed, assessed_township  # noqa: F401 - importing registers the fixture "assessed"
from tests.web.conftest import csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RULES_2024 = Path(__file__).resolve().parents[2] / "docs" / "examples" / "rules-2024.yaml"


def test_an_excel_ledger_with_a_bad_row_is_refused_whole_then_the_corrected_file_imported(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    assert 'id="to-import"' in office.get("/web/ledger").text
    page = office.get("/web/imports/ledger").text
    bad = (*OPEN[:2], "没有的村", *OPEN[3:])
    before = assessed.app.recorder.max_notification_id()
    refused = office.post("/web/imports/ledger", data={"csrf_token": csrf_of(page)},
                          files={"file": ("台账.xlsx", workbook(GOOD, bad), XLSX)})
    assert refused.status_code == 422 and "整份退回" in refused.text
    table = refused.text.split('id="row-errors"')[1].split("</table>")[0]
    assert "第 3 行" in table and "没有的村" in table and "第 2 行" not in table
    assert assessed.app.recorder.max_notification_id() == before
    imported = office.post("/web/imports/ledger", data={"csrf_token": csrf_of(page)},
                           files={"file": ("台账.xlsx", workbook(GOOD, OPEN), XLSX)})
    assert imported.status_code == 200 and "Excel 台账已导入" in imported.text and "河边" in imported.text
    assert assessed.signed_in("cadre").get("/web/imports/ledger").status_code == 403


def test_a_rule_version_is_previewed_then_adopted_from_its_document_with_the_month_typed(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    page = office.get("/web/rules").text
    assert "2023-01" in page
    document = RULES_2024.read_text(encoding="utf-8")
    before = assessed.app.recorder.max_notification_id()
    shown = office.post("/web/rules/preview", data={"csrf_token": csrf_of(page), "month": "2023-06"},
                        files={"file": ("rules-2024.yaml", document.encode(), "application/yaml")})
    assert shown.status_code == 200 and 'id="changes"' in shown.text and "自 2023-06-01 起生效" in shown.text
    assert "350" in shown.text.split('id="changes"')[1] and assessed.app.recorder.max_notification_id() == before
    closed = office.post("/web/rules", data={"csrf_token": csrf_of(page), "month": "2023-04", "document": document})
    assert closed.status_code in (409, 422) and "已结账" in closed.text and "deduction_items" in closed.text
    assert assessed.app.recorder.max_notification_id() == before
    adopted = office.post("/web/rules", data={"csrf_token": csrf_of(page), "month": "2023-06", "document": document})
    assert "规则版本已采用" in adopted.text and "2024-01" in adopted.text
    assert assessed.app.rule_version_on(date(2023, 6, 1)).version_id == "2024-01"


def test_a_rule_version_is_edited_on_the_form_from_the_one_on_record(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    page = office.get("/web/rules").text
    assert 'id="rule-form"' in page
    typed = r'<input (?:inputmode="decimal" )?name="((?:full|per|min|bonus)-[a-z_]+)"[^>]*value="([^"]*)"'
    fields = dict(re.findall(typed, page))
    assert len(fields) >= 8  # each item's points, each grade's score and bonus
    form = {**fields, "csrf_token": csrf_of(page), "base": "2023-01", "version_id": "2023-06", "title": "六月修订",
            "month": "2023-06", "bonus-excellent": "350"}
    before = assessed.app.recorder.max_notification_id()
    shown = office.post("/web/rules/preview", data=form)
    assert shown.status_code == 200 and "350" in shown.text.split('id="changes"')[1].split("</table>")[0]
    assert assessed.app.recorder.max_notification_id() == before and 'value="350"' in shown.text
    bad = office.post("/web/rules", data={**form, "per-litter": "很多"})
    assert bad.status_code == 422 and "应为数字" in bad.text and 'value="很多"' in bad.text
    assert assessed.app.recorder.max_notification_id() == before
    adopted = office.post("/web/rules", data=form)
    assert "规则版本已采用" in adopted.text
    assert assessed.app.rule_version_on(date(2023, 6, 1)).grades[0].cleaner_bonus == 350
