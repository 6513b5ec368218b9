"""The workspace through HTTP as a browser sends it: sessions, CSRF, what each role sees, refusals, export, as-of."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from openpyxl import load_workbook

from tests.web.conftest import Site, csrf_of


def test_sign_in_keeps_the_token_in_an_httponly_lax_cookie_and_refuses_a_wrong_password(site: Site) -> None:
    client = site.browser()
    assert client.get("/web/ledger").url.path == "/web/login"
    page = client.get("/web/login")
    wrong = client.post("/web/login", data={"username": "office", "password": "nope-nope-nope",
                                            "csrf_token": csrf_of(page.text)})
    assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.text
    answer = client.post("/web/login", data={"username": "office", "password": "test-pass-2023",
                                             "csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"].lower()
    assert "taizhang_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_a_form_without_its_csrf_token_is_refused_and_records_nothing(site: Site) -> None:
    office = site.signed_in("office")
    problem = site.seeded.problems["walls"]
    before = site.app.problem(problem).version
    forged = office.post(f"/web/problems/{problem}/extend",
                         data={"working_days": "9", "reason": "雨天", "approver": "镇长"})
    assert forged.status_code == 403 and "页面已过期或表单无效" in forged.text
    stranger = site.signed_in("office2")  # a token valid for another browser's seed
    other_token = csrf_of(stranger.get(f"/web/problems/{problem}").text)
    crossed = office.post(f"/web/problems/{problem}/extend",
                          data={"csrf_token": other_token, "working_days": "9", "reason": "雨天", "approver": "镇长"})
    assert crossed.status_code == 403
    assert site.app.problem(problem).version == before


def test_the_menu_shows_each_role_only_its_pages(site: Site) -> None:
    menus = {}
    for username in ("office", "inspector", "cadre", "cleaner"):
        html = site.signed_in(username).get("/web/").text
        menus[username] = re.findall(r'<nav class="menu".*?</nav>', html, re.S)[0]
    assert all(label in menus["office"] for label in ("问题台账", "登记问题", "逾期督办"))
    assert "审计查询" not in menus["office"]  # an entity's history is the inspector's and the administrator's
    assert "审计查询" in menus["inspector"] and "登记问题" not in menus["inspector"]
    assert "问题台账" in menus["cadre"] and "审计查询" not in menus["cadre"] and "登记问题" not in menus["cadre"]
    assert re.findall(r">([^<]+)</a>", menus["cleaner"]) == ["我的待办", "我的考核", "月评比", "发放表"]
    assert site.signed_in("cleaner").get("/web/ledger").status_code == 403


def test_a_cadre_sees_only_their_village(site: Site) -> None:
    cadre = site.signed_in("cadre")
    other = site.seeded.problems["piles"]  # 西岭村
    answer = cadre.get(f"/web/problems/{other}")
    assert answer.status_code == 404 and "找不到" in answer.text and "二组晒场" not in answer.text
    ledger = cadre.get(f"/web/ledger?village={site.seeded.villages['v02']}").text
    assert "村口桥头" in ledger and "二组晒场" not in ledger and "河滩" not in ledger
    overview = cadre.get("/web/overview").text
    assert "西岭村" not in overview


def test_a_refusal_of_the_domain_is_shown_in_chinese_and_records_nothing(site: Site) -> None:
    office = site.signed_in("office")
    problem = site.seeded.problems["walls"]
    page = office.get(f"/web/problems/{problem}").text
    before = site.app.problem(problem).version
    answer = office.post(f"/web/problems/{problem}/extend", data={
        "csrf_token": csrf_of(page), "expected_version": str(before), "due": "2024-04-01", "reason": "雨天",
        "approver": "镇长"})
    assert answer.status_code in (409, 422)
    assert "未能办理：新的截止日期 2024-04-01 不晚于原截止日期" in answer.text
    assert site.app.problem(problem).version == before
    inspector = site.signed_in("inspector")
    refused = inspector.post(f"/web/problems/{problem}/close", data={"csrf_token": csrf_of(page)})
    assert refused.status_code == 403


def test_the_ledger_exports_the_filtered_rows_to_excel(site: Site) -> None:
    office = site.signed_in("office")
    answer = office.get("/web/ledger.xlsx?stage=closed&sort=registered_at")
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert "问题台账" in sheet["A1"].value and "阶段：已销号" in sheet["A2"].value
    header = {sheet.cell(row=3, column=c).value: c for c in range(1, sheet.max_column + 1)}
    places = [sheet.cell(row=r, column=header["地点"]).value for r in range(4, sheet.max_row + 1)]
    assert places == ["村口桥头", "二组晒场", "后山林地", "东河弯道"]
    assert {sheet.cell(row=r, column=header["阶段"]).value for r in range(4, sheet.max_row + 1)} == {"已销号"}


def test_the_past_is_shown_as_the_record_held_it_with_a_banner(site: Site) -> None:
    inspector = site.signed_in("inspector")
    closed = site.seeded.moments["burning closed"]
    before = (closed - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
    problem = site.seeded.problems["burning"]
    past = inspector.get(f"/web/problems/{problem}?as_of={before}").text
    assert "历史视图" in past and 'id="stage" class="stage">验收通过' in past
    now = inspector.get(f"/web/problems/{problem}").text
    assert "历史视图" not in now and 'id="stage" class="stage">已销号' in now
    ledger = inspector.get(f"/web/ledger?stage=closed&as_of={before}").text
    assert "历史视图" in ledger and "后山林地" not in ledger and "村口桥头" in ledger


def test_a_figure_opens_into_the_events_behind_it(site: Site) -> None:
    office = site.signed_in("office")
    overview = office.get("/web/overview").text
    link = re.search(r'<span class="label">在办问题</span><a class="fig [^"]*" href="/web(/provenance\?ref=[^"]+)"',
                     overview)
    assert link, "the open count links to its provenance"
    page = office.get(f"/web{link.group(1)}").text
    shown = re.search(r"涉及 <strong>(\d+)</strong> 个问题，共 <strong>(\d+)</strong> 条记录", page)
    assert shown and int(shown.group(1)) == 5
    assert int(shown.group(2)) == 10  # each open problem: registered and assigned
