"""The office's year from the browser: a month closed seeing what it freezes, the quarter's bulletin published and
downloaded as published, a pay sheet drafted, refused to its drafter's approval, approved by another account, paid
(never dated before its approval), and its workbook as of a moment before the payment."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

from openpyxl import load_workbook

from domain.assessment.values import Month
from domain.local_time import CHINA
from tests.web.assessed import Assessed, assessed_township  # noqa: F401 - importing registers the fixture "assessed"
from tests.web.conftest import csrf_of


def head(assessed: Assessed) -> int:
    return assessed.app.recorder.max_notification_id() or 0


def test_the_office_closes_two_months_and_publishes_the_quarters_bulletin(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    page = office.get("/web/months?month=2023-02")
    assert "结账将冻结以下内容" in page.text and "东沟村" in page.text and "确认结账" in page.text
    assert "待结账的月份" in office.get("/web/").text
    for month in ("2023-01", "2023-02"):
        token = csrf_of(office.get(f"/web/months?month={month}").text)
        closed = office.post(f"/web/months/{month}/close", data={"csrf_token": token})
        assert closed.status_code == 200 and "已结账：本月评比与排名已冻结" in closed.text
        closing = assessed.app.month_closing(Month.parse(month))
        assert closing is not None and closing.digest in closed.text
    before = head(assessed)
    again = office.post("/web/months/2023-02/close", data={"csrf_token": token})
    assert again.status_code == 409 and "已结账" in again.text and head(assessed) == before
    early = office.post("/web/months/2023-05/close", data={"csrf_token": token})
    assert early.status_code == 409 and "还没有结束" in early.text and head(assessed) == before
    bulletin = office.get("/web/bulletins?year=2023&quarter=1")
    assert "发布通报" in bulletin.text and "待发布的季度通报" in office.get("/web/").text
    published = office.post("/web/bulletins/2023/1", data={"csrf_token": csrf_of(bulletin.text)})
    assert "通报已发布" in published.text and "与发布时一致" in published.text
    text = office.get("/web/bulletins/2023/1.txt")
    assert hashlib.sha256(text.content).hexdigest() == assessed.app.bulletin(2023, 1).text_sha256
    assert office.get("/web/bulletins/2023/1.docx").content[:2] == b"PK"
    # The 红黑榜 is the bulletin's fourth part: nothing to publish beside it, and a second list is refused.
    assert "四、红黑榜" in text.content.decode("utf-8") and 'id="publish-red-black"' not in published.text
    assert 'id="red-black-downloads"' in published.text
    before = head(assessed)
    beside = office.post("/web/bulletins/2023/1/red-black", data={"csrf_token": csrf_of(published.text)})
    assert beside.status_code == 409 and "已载有红黑榜" in beside.text and head(assessed) == before
    word = office.get("/web/red-black.docx?year=2023&quarter=1")
    excel = office.get("/web/red-black.xlsx?year=2023&quarter=1")
    assert word.status_code == excel.status_code == 200 and word.content[:2] == excel.content[:2] == b"PK"
    assert assessed.signed_in("inspector").get("/web/bulletins?year=2023&quarter=1").status_code == 200
    assert assessed.signed_in("cadre").get("/web/months").status_code == 403


def test_a_pay_sheet_is_drafted_approved_by_another_account_and_paid_after_its_approval(assessed: Assessed) -> None:
    office, office2 = assessed.signed_in("office"), assessed.signed_in("office2")
    address = "/web/pay-sheets?kind=cadre_pay&month=2023-04"
    page = office.get(address)
    assert "编制发放表" in page.text and "待编制的发放表" in office.get("/web/").text
    drafted = office.post("/web/pay-sheets/cadre_pay/2023-04/draft", data={"csrf_token": csrf_of(page.text)})
    assert "发放表已编制" in drafted.text and "草稿" in drafted.text
    before = head(assessed)
    own = office.post("/web/pay-sheets/cadre_pay/2023-04/approve",
                      data={"csrf_token": csrf_of(drafted.text), "expected_version": "1"})
    assert own.status_code == 409 and "制表人不能审批自己编制的发放表" in own.text and head(assessed) == before
    approved = office2.post("/web/pay-sheets/cadre_pay/2023-04/approve",
                            data={"csrf_token": csrf_of(office2.get(address).text), "expected_version": "1"})
    assert "发放表已审批" in approved.text and "审批：" in approved.text
    clock = assessed.clock
    assert clock is not None
    clock.set(clock.now() + timedelta(minutes=10))
    moment = (clock.now() - timedelta(minutes=5)).astimezone(CHINA)
    token = csrf_of(office.get(address).text)
    early = office.post("/web/pay-sheets/cadre_pay/2023-04/paid", data={
        "csrf_token": token, "expected_version": "2", "reference": "农商银行代发批次 0504", "paid_on": "2023-04-30"})
    assert early.status_code == 422 and "早于审批日期" in early.text and 'value="农商银行代发批次 0504"' in early.text
    assert head(assessed) == before + 1
    paid = office.post("/web/pay-sheets/cadre_pay/2023-04/paid", data={
        "csrf_token": token, "expected_version": "2", "reference": "农商银行代发批次 0504", "paid_on": "2023-05-02"})
    assert "已登记发放" in paid.text and "已发放" in paid.text

    def cells(query: str) -> str:
        answer = office.get(f"/web/pay-sheets.xlsx?kind=cadre_pay&month=2023-04{query}")
        book = load_workbook(io.BytesIO(answer.content))
        return " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value)

    assert "0504" in cells("")
    assert "0504" not in cells(f"&as_of={moment.strftime('%Y-%m-%dT%H:%M:%S')}")


def test_an_adjustment_line_links_to_the_correction_that_caused_it(assessed: Assessed) -> None:
    page = assessed.signed_in("office").get("/web/pay-sheets?kind=cleaner_bonus&month=2023-04").text
    adjustment = page.split('class="adjustment"')[1].split("</tr>")[0]
    assert 'class="cause"' in adjustment and "巡查记录更正" in adjustment


def test_the_year_end_is_refused_freezing_while_months_are_open(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    page = office.get("/web/year-end?year=2023")
    assert 'id="freeze-year-end"' in page.text
    before = head(assessed)
    refused = office.post("/web/year-end/2023/freeze", data={"csrf_token": csrf_of(page.text)})
    assert refused.status_code == 409 and "个月未结账" in refused.text and head(assessed) == before
    assert 'id="freeze-year-end"' not in assessed.signed_in("inspector").get("/web/year-end?year=2023").text
