"""The main journeys in a real browser, and the screenshots of the main pages (docs/screenshots/)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from api.app import create_api
from domain.acts import Evidence
from domain.assessment.patrol import Finding
from domain.vocabulary import Role, UnitKind
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.api.conftest import FAST_HASHER
from tests.assessment.rulebooks import rules_2023
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, SCREENSHOTS, require_chromium, serving
from tests.web.township import NOW, PASSWORD, Seeded, seed

# a tiny valid PNG: the rectification's photo
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201a5f6d6b40000000049454e44ae426082"
)


class Township:
    def __init__(self, base: str, seeded: Seeded, browser: Any) -> None:
        self.base = base
        self.seeded = seeded
        self.browser = browser

    def page(self, username: str, size: dict[str, int] = DESKTOP) -> Any:
        """A fresh browser context (its own cookies) signed in as ``username``."""
        context = self.browser.new_context(viewport=size, locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(f"{self.base}/web/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button.primary")
        page.wait_for_selector("form.who")
        return page


def shot(page: Any, name: str, full: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full)


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Township]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    settings = Settings(store="sqlite", data_dir=tmp_path_factory.mktemp("web-browser"))
    clock = SimulatedClock(datetime(2024, 4, 1, tzinfo=UTC))
    app = build_app(settings, clock)
    app.init_store("simulation", "示例镇", "demo", "admin")
    tables = build_side_tables(settings)
    api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
    seeded = seed(app, clock, api.state.context)
    assess_may(app, clock)
    with serving(api) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield Township(base, seeded, browser)
        browser.close()
    tables.close()
    app.close()


def assess_may(app: Any, clock: SimulatedClock) -> None:
    """Rules in force and one May patrol of 东沟村's cleaner, so May's cleaner bonus sheet has a line."""
    village = app.villages()[0].id
    inspector = app.enrol_person("周巡查", "", "setup").id
    cleaner = app.enrol_person("李娟", "", "setup").id
    app.take_role(inspector, Role.ENVIRONMENT_OFFICE, UnitKind.TOWNSHIP, app.township().id, date(2024, 1, 1), "setup")
    app.take_role(cleaner, Role.CLEANER, UnitKind.VILLAGE, village, date(2024, 1, 1), "setup", area="一组")
    app.adopt_rules(rules_2023(), "office")
    app.record_patrol(date(2024, 5, 10), village, inspector, [], "office", cleaner_id=cleaner)
    # The cleaner who signs in (陈亮 of 东沟村) and a namesake in 西岭村, each patrolled once in May,
    # recorded an hour after the rules (so the record half an hour after NOW has rules and no such patrol).
    clock.advance(hours=1)
    west, litter = app.villages()[1].id, Evidence("c" * 64, "白色垃圾.jpg", "image/jpeg")
    namesake = app.enrol_person("陈亮", "", "setup").id
    app.take_role(namesake, Role.CLEANER, UnitKind.VILLAGE, west, date(2024, 1, 1), "setup", area="西岭二组")
    app.record_patrol(date(2024, 5, 13), village, inspector, [Finding("litter", 2, (litter,))], "office",
                      cleaner_id=app.account("cleaner").person_id, area="东沟一组")
    app.record_patrol(date(2024, 5, 13), west, inspector, [Finding("bins", 3, (litter,))], "office",
                      cleaner_id=namesake, area="西岭二组")


def ranking_cell(page: Any, village: str, column: str) -> int:
    return int(page.locator(f'#ranking tr[data-village="{village}"] td.{column}').inner_text())


def test_a_problem_from_registration_to_closing(township: Township) -> None:
    office = township.page("office")
    shot(office, "todo-office")  # the first page after sign-in: what this clerk has to do
    office.click("nav.menu >> text=概览")
    closed_before = ranking_cell(office, "东沟村", "closed")
    shot(office, "overview")

    # the clerk registers and assigns
    office.click("nav.menu >> text=登记问题")
    office.select_option("select[name=source]", "township_patrol")
    office.select_option("select[name=category]", "plastic_litter")
    office.select_option("select[name=village_id]", label="东沟村")
    office.fill("input[name=place]", "文化广场东侧")
    office.fill("textarea[name=description]", "塑料袋、饮料瓶散落")
    office.click("button.primary")
    office.wait_for_selector("#done")
    problem_url = office.url.split("?")[0]
    problem_id = problem_url.rsplit("/", 1)[-1]
    assert office.inner_text("#stage") == "已登记"
    office.fill("#action-assign input[name=working_days]", "3")
    office.click("#action-assign button.primary")
    assert office.inner_text("#done") == "已交办" and office.inner_text("#stage") == "已交办"

    # a refusal of the domain, in words the clerk can act on
    office.click("#action-extend summary")
    office.fill("#action-extend input[name=due]", "2024-05-01")
    office.fill("#action-extend textarea[name=reason]", "连续降雨")
    office.fill("#action-extend input[name=approver]", "分管领导")
    office.click("#action-extend button.primary")
    assert "新的截止日期 2024-05-01 不晚于原截止日期" in office.inner_text("#refusal")

    # the village cadre, on a phone, reports the rectification with a photo
    cadre = township.page("cadre", PHONE)
    shot(cadre, "phone-todo")
    cadre.click("nav.menu >> text=概览")
    shot(cadre, "phone-overview")
    cadre.click("nav.menu >> text=问题台账")
    cadre.click(f'a[href$="/problems/{problem_id}"] >> nth=1')
    cadre.fill("#action-rectification textarea[name=description]", "已组织村民清理，垃圾已清运")
    cadre.set_input_files("#action-rectification input[name=evidence]",
                          files=[{"name": "整改后.png", "mimeType": "image/png", "buffer": PNG}])
    cadre.fill("#action-rectification input[name=labour_person_times]", "6")
    cadre.fill("#action-rectification input[name=tonnes_cleared]", "0.8")
    cadre.click("#action-rectification button.primary")
    assert cadre.inner_text("#done") == "已上报整改"
    shot(cadre, "phone-problem", full=True)

    # the office verifies and closes
    office.goto(problem_url)
    office.click("#action-verify button.primary")
    assert office.inner_text("#stage") == "验收通过"
    office.click("#action-close button.primary")
    assert office.inner_text("#stage") == "已销号"
    timeline = office.inner_text("#timeline")
    for step in ("问题登记", "交办", "整改上报", "验收通过", "销号", "张军（村干部）"):
        assert step in timeline
    assert "cadre" not in timeline  # the person's name, not the account's
    assert office.locator('#timeline img[alt="整改后.png"]').count() == 1  # the photo itself, as a thumbnail
    shot(office, "problem", full=True)

    # the ledger and the ranking show it
    office.goto(f"{township.base}/web/ledger?stage=closed")
    assert "文化广场东侧" in office.inner_text("#ledger")
    shot(office, "ledger")
    office.goto(f"{township.base}/web/overview")
    assert ranking_cell(office, "东沟村", "closed") == closed_before + 1
    office.context.close()
    cadre.context.close()


def test_an_inspector_looks_at_the_past_and_where_a_figure_comes_from(township: Township) -> None:
    inspector = township.page("inspector")
    assert "登记问题" not in inspector.inner_text("nav.menu")
    closed = township.seeded.moments["burning closed"] - timedelta(seconds=1)
    inspector.goto(f"{township.base}/web/ledger")
    inspector.fill("input[name=as_of]", closed.strftime("%Y-%m-%dT%H:%M:%S"))
    inspector.click("form.asof button")
    banner = inspector.inner_text("#past-banner")
    assert "历史视图" in banner and closed.strftime("%Y-%m-%d %H:%M:%S") in banner
    row = inspector.locator("#ledger tr", has_text="后山林地")
    assert row.locator("td.stage").inner_text() == "验收通过"
    shot(inspector, "ledger-as-of")

    inspector.goto(f"{township.base}/web/overdue?on=2024-05-20")
    shot(inspector, "overdue")
    total = int(inspector.inner_text("#overdue-total"))
    inspector.click("#overdue-total")
    summary = inspector.inner_text("#provenance-summary")
    assert re.search(rf"涉及 {total} 个问题", summary)
    positions = [int(p) for p in inspector.locator("#provenance tbody tr td:first-child").all_inner_texts()]
    assert positions == sorted(positions) and positions
    shot(inspector, "provenance")
    inspector.context.close()


def test_an_inspector_reads_the_summary_as_of_the_past_and_a_figures_events(township: Township) -> None:
    inspector = township.page("inspector")
    before = township.seeded.moments["burning closed"] - timedelta(hours=1)
    inspector.goto(f"{township.base}/web/summary?from=2024-04-01&to=2024-05-31")
    inspector.fill("input[name=as_of]", before.strftime("%Y-%m-%dT%H:%M:%S"))
    inspector.click("form.asof button")
    assert "历史视图" in inspector.inner_text("#past-banner")
    closed = inspector.locator('#summary-text a.fig[data-code="problems_closed"]')
    assert closed.inner_text() == "3"  # the burning was closed an hour later
    shot(inspector, "summary-as-of", full=True)
    closed.click()
    assert "这个数字从哪里来" in inspector.inner_text("h1")
    steps = inspector.locator('#provenance td[data-label="事项"]').all_inner_texts()
    assert steps.count("销号") == 3
    inspector.context.close()


def test_the_office_opens_a_pay_sheet(township: Township) -> None:
    office = township.page("office")
    office.click("nav.menu >> text=发放表")
    office.goto(f"{township.base}/web/pay-sheets?kind=cleaner_bonus&month=2024-05")
    assert "未编制" in office.inner_text("#sheet-status") and office.inner_text("#rule-version")
    assert "李娟" in office.inner_text("#pay-lines")
    shot(office, "pay-sheet")
    office.context.close()


def test_a_cleaner_reads_their_own_month_and_never_their_namesakes(township: Township) -> None:
    cleaner = township.page("cleaner", PHONE)
    assert cleaner.inner_text("nav.menu").split() == ["我的待办", "我的考核", "月评比", "发放表"]
    cleaner.click("nav.menu >> text=我的考核")
    cleaner.goto(f"{township.base}/web/cleaner?month=2024-05")
    assert cleaner.inner_text("#cleaner-name").startswith("陈亮")
    patrols = cleaner.inner_text("#patrols")
    assert "2024-05-13" in patrols and "东沟一组" in patrols and "白色垃圾 2 处 −10.00" in patrols
    assert "西岭" not in patrols and "垃圾桶满溢" not in patrols
    assert cleaner.inner_text("#rating-score") == "90.00" and "未结账" in cleaner.inner_text("#rating")
    assert "2024-05" in cleaner.inner_text("#bonus-lines")
    assert cleaner.locator("a.fig").count() == 0  # a figure's events are for township readers
    shot(cleaner, "cleaner-month")
    cleaner.fill("input[name=as_of]", (NOW + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S"))
    cleaner.click("form.asof button")
    assert "历史视图" in cleaner.inner_text("#past-banner") and "本月没有巡查记录" in cleaner.inner_text("#patrols")
    ratings = cleaner.goto(f"{township.base}/web/ratings?month=2024-05")
    assert ratings is not None and ratings.status == 200
    assert cleaner.locator("#ratings tbody tr").count() == 1 and "陈亮" in cleaner.inner_text("#ratings")
    refused = cleaner.goto(f"{township.base}/web/ledger")
    assert refused is not None and refused.status == 403
    cleaner.context.close()


def test_a_cadre_cannot_see_another_village(township: Township) -> None:
    cadre = township.page("cadre", PHONE)
    other = township.seeded.problems["piles"]  # 西岭村
    answer = cadre.goto(f"{township.base}/web/problems/{other}")
    assert answer is not None and answer.status == 404
    assert "找不到" in cadre.inner_text("main") and "二组晒场" not in cadre.content()
    missing = cadre.goto(f"{township.base}/web/problems/{uuid.uuid4()}")
    assert missing is not None and missing.status == 404
    assert "审计查询" not in cadre.inner_text("nav.menu")
    cadre.context.close()
