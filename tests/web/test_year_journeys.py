"""The assessment year in a real browser, each step by the account whose work it is.

The patrol inspector, on a phone, records two patrols with photos from the camera input and opens a problem
from a finding; the office clerk closes March from the to-do list and publishes the first quarter's bulletin,
downloading it exactly as published; finance drafts March's sheet, is refused approving it, the leader
approves it and finance marks it paid; a village cadre drafts a household letter, both sides sign and
coverage counts it; an Excel ledger with one bad row is refused with the row named, then the corrected file
imported. Screenshots of each page at phone and desktop size go to docs/screenshots/ (``make screenshots``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from api.app import create_api
from domain.account import AccessRole
from domain.assessment.values import Month
from domain.local_time import CHINA
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.api.conftest import FAST_HASHER
from tests.assessment.township import Township, found, patrol, township
from tests.integration.test_excel_ledger_import import GOOD, OPEN, workbook
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, SCREENSHOTS, require_chromium, serving
from tests.web.test_setup_journey import photo
from tests.web.township import PASSWORD

ACCOUNTS = {  # username: access role, and the person the account names
    "zhou.xuncha": (AccessRole.ENVIRONMENT_OFFICE, "inspector"),  # the patrol inspector, 周巡查
    "office": (AccessRole.ENVIRONMENT_OFFICE, None),
    "finance": (AccessRole.ENVIRONMENT_OFFICE, None),
    "leader": (AccessRole.TOWNSHIP_ADMIN, "contact"),
    "cadre": (AccessRole.VILLAGE_CADRE, "secretary"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Year:
    def __init__(self, base: str, browser: Any, town: Township, app: Any) -> None:
        self.base, self.browser, self.town, self.app = base, browser, town, app

    def page(self, username: str, size: dict[str, int] = DESKTOP) -> Any:
        context = self.browser.new_context(viewport=size, locale="zh-CN", timezone_id="Asia/Shanghai",
                                           accept_downloads=True)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"{self.base}/web/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button.primary")
        page.wait_for_selector("form.who")
        return page


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Year]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    settings = Settings(store="sqlite", data_dir=tmp_path_factory.mktemp("year"))
    clock = SimulatedClock(datetime(2023, 3, 20, 9, 0, tzinfo=CHINA))
    app = build_app(settings, clock)
    app.init_store("simulation", "示例镇", "demo", "admin")
    tables = build_side_tables(settings)
    api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
    t = township(app)
    app.add_group(t.east, "一组", "admin")
    for username, (role, person) in ACCOUNTS.items():
        api.state.context.desk.open(username, PASSWORD, role, "setup", t.east if role == AccessRole.VILLAGE_CADRE
                                    else None, person_id=getattr(t, person) if person else None)
    patrol(app, t, date(2023, 3, 10), None, True, found("piles", 1))
    clock.set(datetime(2023, 4, 3, 9, 0, tzinfo=CHINA))
    app.close_month(Month(2023, 1), "office")
    app.close_month(Month(2023, 2), "office")
    with serving(api) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield Year(base, browser, t, app)
        browser.close()
    tables.close()
    app.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def record_patrol(inspector: Any, who: str, item: str, count: str, note: str, colour: tuple[int, int, int]) -> None:
    inspector.click("nav.menu >> text=日巡查")
    inspector.click("#record-patrol")
    inspector.select_option("#choose-place select[name=village_id]", label="东沟村")
    inspector.click("#choose-place button")
    inspector.select_option("#cleaner", label="李娟（一组至三组）")
    assert inspector.input_value("#inspector") == who  # the account's own person, chosen already
    inspector.check(f"#item-{item} input[name=item]")
    inspector.fill(f"#item-{item} input[name=count-{item}]", count)
    inspector.set_input_files(f"#item-{item} input[type=file]",
                              files=[{"name": f"{item}.jpg", "mimeType": "image/jpeg", "buffer": photo(colour, False)}])
    inspector.fill(f"#item-{item} input[name=note-{item}]", note)
    inspector.click("#patrol-form button.primary")
    assert inspector.inner_text("#done") == "巡查已登记。"


def test_the_patrol_inspector_records_two_patrols_on_a_phone_and_opens_a_problem_from_a_finding(year: Year) -> None:
    inspector = year.page("zhou.xuncha", PHONE)
    inspector.click("nav.menu >> text=日巡查")
    inspector.click("#record-patrol")
    inspector.select_option("#choose-place select[name=village_id]", label="东沟村")
    inspector.click("#choose-place button")
    # a ticked item without its photo: refused in words, what was typed kept
    inspector.check("#item-litter input[name=item]")
    inspector.fill("#item-litter input[name=count-litter]", "3")
    inspector.fill("#item-litter input[name=note-litter]", "村口塑料袋")
    inspector.click("#patrol-form button.primary")
    assert "没有照片" in inspector.inner_text("#refusal")
    assert inspector.input_value("#item-litter input[name=note-litter]") == "村口塑料袋"
    assert inspector.is_checked("#item-litter input[name=item]")
    shot(inspector, "phone-patrol-refused")
    box = inspector.locator("#patrol-form button.primary").bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 300  # a thumb's target on a phone

    who = str(year.town.inspector)
    record_patrol(inspector, who, "litter", "2", "村口塑料袋两处", (200, 200, 200))
    shot(inspector, "phone-patrol")
    assert "/thumbnail" in inspector.content()
    record_patrol(inspector, who, "piles", "1", "柴堆占道", (120, 90, 60))
    inspector.click("#finding-1 form.open-problem button.primary")
    assert inspector.inner_text("#stage") == "已登记" and "镇巡查" in inspector.content()
    inspector.click("nav.menu >> text=日巡查")
    assert inspector.locator("#patrols tbody tr").count() == 2
    shot(inspector, "phone-patrols")
    desk = year.page("zhou.xuncha")
    desk.goto(f"{year.base}/web/patrols")
    shot(desk, "patrols")
    desk.click("#patrols tbody tr >> nth=0 >> a")
    shot(desk, "patrol")


def test_the_office_closes_the_month_and_publishes_the_quarters_bulletin(year: Year) -> None:
    office = year.page("office")
    office.click("text=月度结账：2023 年 3 月已结束，尚未结账")
    assert "结账将冻结以下内容" in office.inner_text("#to-freeze")
    shot(office, "month-close")
    office.click("#close-month button")
    assert "已结账" in office.inner_text("#done") and len(office.inner_text("#digest")) == 64
    shot(office, "month-closed")
    office.goto(f"{year.base}/web/")
    office.click("text=发布季度通报：2023 年第 1 季度三个月均已结账")
    office.click("#publish-bulletin button")
    assert office.inner_text("#done") == "通报已发布。" and "一致" in office.inner_text("#holds")
    shot(office, "bulletin")
    with office.expect_download() as download:
        office.click("#download-text")
    content = Path(download.value.path()).read_bytes()
    published = year.app.bulletin(2023, 1)
    assert published is not None and hashlib.sha256(content).hexdigest() == published.text_sha256
    phone = year.page("office", PHONE)
    phone.goto(f"{year.base}/web/bulletins?year=2023&quarter=1")
    shot(phone, "phone-bulletin")


def test_finance_drafts_is_refused_approving_the_leader_approves_and_finance_marks_it_paid(year: Year) -> None:
    finance = year.page("finance")
    finance.click("text=编制发放表：2023-03 保洁员考核奖励发放表")
    finance.click("#draft-sheet button")
    assert finance.inner_text("#done") == "发放表已编制。"
    finance.click("#approve-sheet button")
    assert "制表人不能审批自己编制的发放表" in finance.inner_text("#refusal")
    shot(finance, "pay-sheet-refused")
    leader = year.page("leader", PHONE)
    leader.click("text=审批发放表：2023-03 保洁员考核奖励发放表")
    leader.click("#approve-sheet button")
    assert leader.inner_text("#done") == "发放表已审批。"
    shot(leader, "phone-pay-sheet-approved")
    finance.goto(f"{year.base}/web/")
    finance.click("text=登记发放：2023-03 保洁员考核奖励发放表")
    finance.fill("#pay-sheet input[name=reference]", "农商银行代发批次 2023-03-BJ")
    finance.fill("#pay-sheet input[name=paid_on]", "2023-04-02")
    finance.click("#pay-sheet button")
    assert "早于审批日期" in finance.inner_text("#refusal")
    assert finance.input_value("#pay-sheet input[name=reference]") == "农商银行代发批次 2023-03-BJ"
    finance.fill("#pay-sheet input[name=paid_on]", "2023-04-03")
    finance.click("#pay-sheet button")
    assert finance.inner_text("#done") == "已登记发放。" and "已发放" in finance.inner_text("#sheet-status")
    shot(finance, "pay-sheet-paid")


def test_a_cadre_drafts_a_household_letter_both_sides_sign_and_coverage_counts_it(year: Year) -> None:
    office = year.page("office")
    office.click("nav.menu >> text=责任书")
    row = 'tr[data-village="东沟村"]'
    office.fill(f"{row} input[name=households]", "40")
    office.fill(f"{row} input[name=source]", "2022 年户籍统计")
    office.click(f"{row} button")
    cadre = year.page("cadre", PHONE)
    cadre.click("nav.menu >> text=责任书")
    cadre.fill("#draft-letter input[name=household]", "一组 王大山")
    cadre.fill("#draft-letter textarea[name=targets]", "门前无垃圾\n门前无杂物堆放")
    cadre.fill("#draft-letter input[name=period_start]", "2023-01-01")
    cadre.fill("#draft-letter input[name=period_end]", "2023-12-31")
    cadre.click("#draft-letter button")
    for side, name in (("first", "张书记"), ("second", "王大山")):
        cadre.select_option("#sign-letter select[name=side]", side)
        cadre.fill("#sign-letter input[name=signatory]", name)
        cadre.fill("#sign-letter input[name=day]", "2023-04-03")
        cadre.click("#sign-letter button")
    assert "今日有效" in cadre.inner_text("#letter-status")
    shot(cadre, "phone-letter")
    office.goto(f"{year.base}/web/letters")
    assert "2.50%" in office.inner_text(row)
    shot(office, "letters")


def test_an_excel_ledger_with_a_bad_row_is_refused_then_the_corrected_file_imported(year: Year) -> None:
    office = year.page("office")
    office.click("nav.menu >> text=问题台账")
    office.click("#to-import")
    bad = (*OPEN[:2], "没有的村", *OPEN[3:])
    office.set_input_files("#import-ledger input[name=file]",
                           files=[{"name": "台账.xlsx", "mimeType": XLSX, "buffer": workbook(GOOD, bad)}])
    office.click("#import-ledger button")
    assert "第 3 行" in office.inner_text("#row-errors") and "整份退回" in office.inner_text("#refusal")
    shot(office, "ledger-import-refused")
    office.set_input_files("#import-ledger input[name=file]",
                           files=[{"name": "台账.xlsx", "mimeType": XLSX, "buffer": workbook(GOOD, OPEN)}])
    office.click("#import-ledger button")
    assert "已导入" in office.inner_text("#done")
