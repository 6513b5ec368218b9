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
import io
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from api.app import create_api
from domain.account import AccessRole
from domain.assessment.values import Month
from domain.local_time import CHINA
from domain.vocabulary import Category, Source
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.api.conftest import FAST_HASHER
from tests.assessment.township import Township, found, patrol, township
from tests.integration.test_excel_ledger_import import GOOD, OPEN, workbook
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, SCREENSHOTS, require_chromium, serving
from tests.web.test_setup_journey import photo
from tests.web.township import PASSWORD

ACCOUNTS = {  # username: access role, the name shown, and the person the account names
    "zhou.xuncha": (AccessRole.ENVIRONMENT_OFFICE, "周巡查", "inspector"),  # the patrol inspector
    "office": (AccessRole.ENVIRONMENT_OFFICE, "环境办 王芳", None),
    "finance": (AccessRole.ENVIRONMENT_OFFICE, "财政所 陈会计", None),
    "leader": (AccessRole.TOWNSHIP_ADMIN, "王建国", "contact"),  # the leader in charge approves pay
    "cadre": (AccessRole.VILLAGE_CADRE, "张书记", "secretary"),
    "qunzhong": (AccessRole.PUBLIC_REPORTER, "群众举报人", None),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Year:
    def __init__(self, base: str, browser: Any, town: Township, app: Any, clock: SimulatedClock,
                 march_patrol: uuid.UUID) -> None:
        self.base, self.browser, self.town, self.app = base, browser, town, app
        self.clock, self.march_patrol = clock, march_patrol

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
    for username, (role, name, person) in ACCOUNTS.items():
        village = t.east if role == AccessRole.VILLAGE_CADRE else None
        api.state.context.desk.open(username, PASSWORD, role, "setup", village, name,
                                    getattr(t, person) if person else None)
    year_patrol = patrol(app, t, date(2023, 3, 10), None, True, found("piles", 1)).id
    clock.set(datetime(2023, 4, 3, 9, 0, tzinfo=CHINA))
    app.close_month(Month(2023, 1), "office")
    app.close_month(Month(2023, 2), "office")
    with serving(api) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield Year(base, browser, t, app, clock, year_patrol)
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
    # The bulletin carries its red and black list, under its digest; the list downloads for posting.
    assert "四、红黑榜" in content.decode("utf-8") and "四、红黑榜" in office.inner_text("#bulletin-text")
    assert office.locator("#publish-red-black").count() == 0
    assert "载于本通报第四部分" in office.inner_text("#red-black-downloads")
    with office.expect_download() as word_download:
        office.click("#red-black-word")
    assert word_download.value.suggested_filename == "红黑榜-2023年第1季度.docx"
    from docx import Document

    word = Document(str(word_download.value.path()))
    assert word.paragraphs[0].text == "示例镇全域无垃圾治理2023年第一季度红黑榜"
    lists = year.app.posted_red_black(2023, 1).lists
    after_red = [p.text for p in word.paragraphs].index("一、红榜") + 1
    shown_red = ([row.cells[1].text for row in word.tables[0].rows[1:]] if lists.red
                 else [word.paragraphs[after_red].text])
    assert shown_red == ([s.name for s in lists.red] or ["无"])
    with office.expect_download() as excel_download:
        office.click("#red-black-excel")
    from openpyxl import load_workbook

    assert excel_download.value.suggested_filename == "红黑榜-2023年第1季度.xlsx"
    sheet = load_workbook(io.BytesIO(Path(excel_download.value.path()).read_bytes()))["红黑榜"]
    rows = [(r[0].value, r[2].value) for r in sheet.iter_rows(min_row=4) if r[0].value in ("红榜", "黑榜")]
    assert rows == [("红榜", s.name) for s in lists.red] + [("黑榜", s.name) for s in lists.black]
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
    office.goto(cadre.url)
    shot(office, "letter")
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


def test_the_office_records_and_corrects_work_surveys_toilets_and_hands_a_station_to_another_custodian(
    year: Year,
) -> None:
    office = year.page("office")
    office.click("nav.menu >> text=工作量")
    office.goto(f"{year.base}/web/work?month=2023-04&village={year.town.east}")
    office.select_option("#record-work select[name=indicator]", label="河长巡查（次）")
    office.fill("#record-work input[name=quantity]", "1.5")
    office.fill("#record-work input[name=place]", "东沟河")
    office.fill("#record-work input[name=occurred_at]", "2023-04-02T10:00")
    office.click("#record-work button")
    assert "必须是整数" in office.inner_text("#refusal")
    assert office.input_value("#record-work input[name=place]") == "东沟河"  # what was typed stays
    office.fill("#record-work input[name=quantity]", "3")
    river = {"name": "巡河.jpg", "mimeType": "image/jpeg", "buffer": photo((30, 120, 200), False)}
    office.set_input_files("#record-work input[name=evidence]", files=[river])
    office.click("#record-work button")
    assert office.inner_text("#done") == "工作量已登记。"
    row = office.locator("#work-records tr[data-record]").filter(has_text="东沟河")
    assert "3 次" in row.inner_text() and "环境办 王芳" in row.inner_text() and "照片：巡河.jpg" in row.inner_text()
    row.locator("details.correct-work summary").click()
    row.locator("details.correct-work input[name=quantity]").fill("4")
    row.locator("details.correct-work input[name=reason]").fill("漏记一次周末巡河")
    row.locator("details.correct-work button").click()
    assert office.inner_text("#done").startswith("工作量已更正")
    row = office.locator("#work-records tr[data-record]").filter(has_text="东沟河")
    assert "4 次" in row.inner_text() and "（原 3）：漏记一次周末巡河" in row.inner_text()
    office.click("nav.menu >> text=改厕与污水站")
    office.select_option("#survey-toilets select[name=village_id]", label="东沟村")
    for name, value in (("households", "40"), ("renovated", "25"), ("pending", "15")):
        office.fill(f"#survey-toilets input[name={name}]", value)
    office.click("#survey-toilets button")
    assert office.inner_text("#done") == "改厕摸排已登记。"
    assert "25 户" in office.inner_text('#toilet-surveys tr[data-village="东沟村"]')
    office.select_option("#build-station select[name=village_id]", label="东沟村")
    office.fill("#build-station input[name=name]", "东沟村一体化污水处理站")
    office.select_option("#build-station select[name=custodian_id]", label="张书记")
    office.fill("#build-station input[name=care_posts]", "2")
    office.click("#build-station button")
    station = office.locator('#sewage-stations tr[data-station="东沟村一体化污水处理站"]')
    assert office.inner_text("#done") == "污水处理站已登记。" and "张书记" in station.inner_text()
    station.locator("details.change-custodian summary").click()
    station.locator("select[name=custodian_id]").select_option(label="李娟")
    station.locator("input[name=reason]").fill("张书记调任，交保洁员李娟管护")
    station.locator("details.change-custodian button").click()
    assert office.inner_text("#done").startswith("管护人已变更")
    assert station.locator(".custodian").inner_text() == "李娟" and "由张书记变更为李娟" in station.inner_text()


def test_a_public_report_is_checked_linked_rewarded_and_paid_its_reporter_unseen_by_the_cadre(year: Year) -> None:
    problem = year.app.register_problem(Source.PUBLIC_REPORT, Category.INFORMAL_DUMP, year.town.east, "河堤东侧",
                                        "夜间倾倒的建筑垃圾", "office").id
    reporter = year.page("qunzhong", PHONE)
    reporter.click("nav.menu >> text=群众举报")
    reporter.click("#submit-report")
    reporter.select_option("#report-form select[name=village_id]", label="东沟村")
    reporter.fill("#report-form input[name=place]", "河堤东侧")
    reporter.fill("#report-form textarea[name=description]", "夜间有人倾倒建筑垃圾")
    reporter.set_input_files("#report-form input[name=evidence] >> nth=0",
                             files=[{"name": "夜间.jpg", "mimeType": "image/jpeg",
                                     "buffer": photo((40, 40, 60), False)}])
    reporter.fill("#report-form input[name=reporter_name]", "张三")
    reporter.fill("#report-form input[name=reporter_contact]", "13800000000")
    shot(reporter, "phone-report-new")
    reporter.click("#report-form button.primary")
    assert reporter.inner_text("#done") == "举报已提交。"
    office = year.page("office")
    office.click("text=核实群众举报：东沟村")
    report_url = office.url.split("?")[0]
    assert "张三" not in office.content()  # opened on purpose, to pay the reward, not with every view
    office.click("#open-identity")
    assert "张三" in office.inner_text("#identity")
    cadre = year.page("cadre", PHONE)
    cadre.goto(report_url)
    assert "张三" not in cadre.content() and "13800000000" not in cadre.content()
    assert "已隐去" in cadre.inner_text("#submitted-by")
    shot(cadre, "phone-report-cadre")
    office.fill("#confirm-report input[name=note]", "现场核实属实")
    office.click("#confirm-report button")
    office.select_option("#link-report select[name=problem_id]", str(problem))
    office.click("#link-report button")
    assert office.inner_text("#done") == "已关联问题。"
    office.fill("#approve-reward input[name=amount]", "50")
    office.click("#approve-reward button")
    assert "核查" in office.inner_text("#refusal")  # whoever checked it may not reward it
    leader = year.page("leader")
    leader.goto(report_url)
    leader.fill("#approve-reward input[name=amount]", "50")
    leader.click("#approve-reward button")
    assert leader.inner_text("#done") == "奖励已批准。"
    office.goto(report_url)
    office.fill("#pay-reward input[name=reference]", "镇财政 2023-031")
    office.click("#pay-reward button")
    assert office.inner_text("#done") == "奖励已发放。" and office.inner_text("#report-stage") == "奖励已发放"
    shot(office, "report")
    cadre.goto(report_url)
    assert "张三" not in cadre.content()


def test_a_late_correction_shows_on_the_next_months_sheet_pointing_at_the_correction(year: Year) -> None:
    inspector = year.page("zhou.xuncha", PHONE)
    inspector.goto(f"{year.base}/web/patrols/{year.march_patrol}")
    inspector.click("#correct summary")
    inspector.fill("#correct input[name=count-piles]", "3")  # its photo is kept
    inspector.fill("#correct input[name=reason]", "县督查组复核：柴堆三处，原记一处")
    inspector.click("#correct button.primary")
    assert inspector.inner_text("#done") == "巡查已更正。"
    year.clock.set(datetime(2023, 5, 4, 9, 0, tzinfo=CHINA))  # April is over
    # a simulated record's pages open on its last recorded step (``web.render.now``): one is recorded in May
    year.app.register_problem(Source.TOWNSHIP_PATROL, Category.PLASTIC_LITTER, year.town.west, "村口", "塑料袋",
                              "office")
    office = year.page("office")
    office.click("text=月度结账：2023 年 4 月已结束，尚未结账")
    office.click("#close-month button")
    finance = year.page("finance")
    finance.goto(f"{year.base}/web/pay-sheets?kind=cleaner_bonus&month=2023-04")
    finance.click("#draft-sheet button")
    adjustment = finance.locator("#pay-lines tr.adjustment")
    assert "补发" in adjustment.inner_text() or "扣回" in adjustment.inner_text()
    shot(finance, "pay-sheet-adjustment")
    adjustment.locator("a.cause").click()
    assert "巡查记录更正" in finance.content() or "更正日巡查" in finance.content()


PAGES = [  # each new page, by the account whose work it is
    ("zhou.xuncha", "/web/patrols/new?village_id={east}", "patrol-new"),
    ("office", "/web/months?month=2023-04", "months"),
    ("finance", "/web/pay-sheets?kind=cadre_pay&month=2023-04", "pay-sheet-draft"),
    ("cadre", "/web/letters", "letters-cadre"),
    ("office", "/web/reports", "reports"),
    ("office", "/web/reports/new", "report-new"),
    ("office", "/web/rules", "rules"),
    ("office", "/web/imports/ledger", "ledger-import"),
    ("leader", "/web/year-end?year=2023", "year-end"),
]


def test_each_new_page_at_phone_and_desktop_size(year: Year) -> None:
    for username, path, name in PAGES:
        for size, prefix in ((DESKTOP, ""), (PHONE, "phone-")):
            page = year.page(username, size)
            page.goto(f"{year.base}{path.format(east=year.town.east)}")
            assert page.locator("main h1").count() == 1, path
            shot(page, f"{prefix}{name}")
            page.context.close()
