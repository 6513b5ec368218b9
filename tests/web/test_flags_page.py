"""The inspector's 疑点 page on the demo year: filtered, each flag opened to its events by name, reviewed with a reason
(refused without one, nothing recorded), and as of a moment before the review it is still open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_api
from taizhang.demo.accounts import DEMO_PASSWORD
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("flags-demo")
    load_demo(Settings(store="sqlite", data_dir=folder))
    with TestClient(create_api(Settings(store="sqlite", data_dir=folder)), follow_redirects=True) as client:
        yield client


def signed_in(site: TestClient, username: str) -> TestClient:
    site.cookies.clear()
    page = site.get("/web/login")
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)"', page.text))
    answer = site.post("/web/login", data={**fields, "username": username, "password": DEMO_PASSWORD})
    assert answer.status_code == 200 and "退出" in answer.text
    return site


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert found
    return found.group(1)


def test_the_inspector_filters_opens_and_reviews_a_flag(demo_site: TestClient) -> None:
    inspector = signed_in(demo_site, "sun.guohua")
    page = inspector.get("/web/flags").text
    assert "照片重复使用" in page and "固定搭档验收" in page and "巡查从不扣分" in page
    pair = inspector.get("/web/flags?kind=reciprocal_pair").text
    assert pair.count('<details class="card flag"') == 1 and "验收通过" in pair  # its events, in words
    assert "wang.fang" not in re.sub(r'value="[^"]*"', "", pair)  # people by name, not account
    key = re.search(r'name="flag_key" value="([^"]+)"', pair)
    assert key is not None

    refused = inspector.post("/web/flags/review", data={"csrf_token": csrf(pair), "flag_key": key.group(1),
                                                         "verdict": "dismissed", "reason": ""})
    assert refused.status_code == 422 and 'id="refusal"' in refused.text
    moment = inspector.get("/web/flags").text
    recorded = inspector.post("/web/flags/review", data={"csrf_token": csrf(moment), "flag_key": key.group(1),
                                                          "verdict": "dismissed", "reason": "两人同片区值班，已核实"})
    assert recorded.status_code == 200
    dismissed = inspector.get("/web/flags?status=dismissed").text
    assert dismissed.count('<details class="card flag"') == 1 and "两人同片区值班，已核实" in dismissed
    past = inspector.get("/web/flags?status=dismissed&as_of=2024-06-01T00:00:00%2B08:00").text
    assert "没有符合条件的疑点" in past and "历史视图" in past


def test_the_office_may_not_open_the_page_or_review(demo_site: TestClient) -> None:
    office = signed_in(demo_site, "wang.fang")
    assert office.get("/web/flags").status_code == 403


def test_the_inspector_sees_the_triggers_fired_with_who_held_the_posts(demo_site: TestClient) -> None:
    inspector = signed_in(demo_site, "sun.guohua")
    page = inspector.get("/web/cases").text
    assert "季度内多月处于后进档次" in page and "（村支部书记）" in page and "（分管领导）" in page
    assert "还没有问责案件" in page
    assert signed_in(demo_site, "wang.fang").get("/web/cases").status_code == 403


def test_an_opened_case_shows_its_steps_in_words_and_names(demo_site: TestClient) -> None:
    from taizhang import cases_desk

    context = demo_site.app.state.context  # type: ignore[attr-defined]
    app, store = context.application, context.read_store
    context.projector.wait_for(app.recorder.max_notification_id())
    trigger = next(t for t in cases_desk.fired(app, store) if t.key.startswith("back_band:"))
    case = cases_desk.open_case(app, store, trigger.key, "sun.guohua").id
    app.hold_interview(case, app.clock.now().date(), ["潘晓"], "约谈村支部书记", [], "sun.guohua")
    context.projector.wait_for(app.recorder.max_notification_id())
    page = signed_in(demo_site, "sun.guohua").get("/web/cases").text
    assert "问责立案 · 孙国华" in page and "约谈 · 孙国华" in page and "已约谈" in page
    assert "sun.guohua" not in page


def test_each_bulletins_red_and_black_list_is_shown_and_downloads_as_word_and_excel(demo_site: TestClient) -> None:
    import io

    from docx import Document
    from openpyxl import load_workbook

    inspector = signed_in(demo_site, "sun.guohua")
    page = inspector.get("/web/cases").text
    assert "红黑榜（4 期）" in page and "2023年第2季度红黑榜（载于季度通报）" in page and "（一）红榜" in page
    word = inspector.get("/web/red-black.docx?year=2023&quarter=2")
    assert word.status_code == 200 and "%E7%BA%A2%E9%BB%91%E6%A6%9C" in word.headers["content-disposition"]
    document = Document(io.BytesIO(word.content))
    assert document.paragraphs[0].text == "东坪镇全域无垃圾治理2023年第二季度红黑榜"
    assert [c.text for c in document.tables[0].rows[0].cells] == ["名次", "村", "平均名次", "排名月份（个）"]
    excel = inspector.get("/web/red-black.xlsx?year=2023&quarter=2")
    sheet = load_workbook(io.BytesIO(excel.content))["红黑榜"]
    boards = [row[0].value for row in sheet.iter_rows(min_row=4) if row[0].value in ("红榜", "黑榜")]
    assert boards == ["红榜"] * 3 + ["黑榜"] * 3  # the rule book's three and three
    assert inspector.get("/web/red-black.docx?year=2024&quarter=1").status_code == 404
    assert inspector.get("/web/red-black.xlsx?year=2024&quarter=1").status_code == 404
    assert inspector.get("/web/red-black.docx?year=x&quarter=1").status_code == 422


def test_the_page_shows_the_flags_of_a_year_or_of_days_and_says_which(demo_site: TestClient) -> None:
    inspector = signed_in(demo_site, "sun.guohua")
    assert "2023年登记的问题和巡查：共" in inspector.get("/web/flags").text
    assert "2022年登记的问题和巡查：共 0 条疑点" in inspector.get("/web/flags?year=2022").text
    september = inspector.get("/web/flags?from=2023-09-01&to=2023-09-30").text
    assert "2023-09-01 至 2023-09-30登记的问题和巡查" in september
    wrong = inspector.get("/web/flags?year=明年")
    assert wrong.status_code in (400, 422) and "不是年份" in wrong.text
    for far in ("to=9999-12-31", "from=0001-01-01&to=2023-01-01"):
        refused = inspector.get(f"/web/flags?{far}")
        assert refused.status_code in (400, 422) and "不在 2000—2100" in refused.text, far
