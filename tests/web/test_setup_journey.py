"""A new record set up and run in the browser alone, from `taizhang init` on an empty store.

The administrator sets up two villages with groups, four people with their posts, their accounts and
the holiday notice the calendar lacks; then each person signs in with their own account and finds
their task on their to-do list: the clerk registers a problem with a photo (its place taken from the
photo) and assigns it, the village's secretary reports the rectification with a photo from a phone,
the clerk verifies it seeing the photos before and after side by side, and closes it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from api.app import create_api
from taizhang.cli.root import cli
from taizhang.settings import Settings
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, SCREENSHOTS, require_chromium, serving

ADMIN_PASSWORD = "Dongfeng-admin-2026!"
PASSWORD = "Dongfeng-staff-2026!"
PEOPLE = {  # name, phone, post, where, account, access role
    "王芳": ("13900000001", "environment_office", "township", "wang.fang", "environment_office"),
    "陈静": ("13900000002", "environment_office", "township", "chen.jing", "environment_office"),
    "潘英英": ("13900000003", "village_secretary", "东沟村", "pan.yingying", "village_cadre"),
    "李娟": ("13900000004", "cleaner", "东沟村/一组", "li.juan", "cleaner"),
}
GROUPS = {"东沟村": ("v01", ["一组", "二组"]), "西岭村": ("v02", ["一组"])}


def photo(colour: tuple[int, int, int], gps: bool) -> bytes:
    """A real JPEG; with ``gps``, one whose EXIF says it was taken at 30.5 N, 104.07 E."""
    from PIL import Image

    picture = Image.new("RGB", (640, 480), colour)
    exif = picture.getexif()
    if gps:
        position = exif.get_ifd(0x8825)
        position[1], position[2], position[3], position[4] = "N", (30.0, 30.0, 0.0), "E", (104.0, 4.0, 12.0)
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif)
    return out.getvalue()


class Desk:
    def __init__(self, base: str, browser: Any) -> None:
        self.base, self.browser = base, browser

    def page(self, username: str, password: str = PASSWORD, size: dict[str, int] = DESKTOP) -> Any:
        context = self.browser.new_context(viewport=size, locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"{self.base}/web/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button.primary")
        page.wait_for_selector("form.who")
        return page


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("new-record")
    made = CliRunner().invoke(cli, ["init", "--township", "东风镇", "--code", "dfz", "--admin", "boss",
                                    "--data", str(folder)], env={"TAIZHANG_ADMIN_PASSWORD": ADMIN_PASSWORD})
    assert made.exit_code == 0, made.output
    api = create_api(Settings(store="sqlite", data_dir=folder))
    with serving(api) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield Desk(base, browser)
        browser.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def set_up(admin: Any, base: str) -> None:
    assert "建账尚未完成" in admin.inner_text("#setup-card")
    admin.click("#setup-card a.button")
    shot(admin, "setup-walk-through")
    admin.click("#step-villages a")
    for name, (code, groups) in GROUPS.items():
        admin.fill("#register-village input[name=name]", name)
        admin.fill("#register-village input[name=code]", code)
        admin.click("#register-village button")
        for group in groups:
            admin.fill(f"#village-{code} form.inline-form >> nth=0 >> input[name=name]", group)
            admin.click(f"#village-{code} form.inline-form >> nth=0 >> button")
    assert admin.inner_text("#village-v01").count("组") >= 2
    shot(admin, "setup-villages")
    for name, (phone, post, where, _, _) in PEOPLE.items():
        admin.goto(f"{base}/web/setup/people")
        admin.fill("#enrol-person input[name=name]", name)
        admin.fill("#enrol-person input[name=phone]", phone)
        admin.click("#enrol-person button")
        admin.select_option("#take-role select[name=role]", post)
        village, _, group = where.partition("/")
        unit = "东风镇（乡镇）" if where == "township" else f"{village}{group}"
        admin.select_option("#take-role select[name=unit]", label=unit)
        admin.fill("#take-role input[name=start]", "2026-01-01")
        if post == "cleaner":
            admin.fill("#take-role input[name=area]", "一组主路两侧")
        admin.click("#take-role button")
        assert "在任" in admin.inner_text("#posts")
    shot(admin, "setup-person")
    admin.goto(f"{base}/web/setup/accounts")
    for name, (_, _, where, username, role) in PEOPLE.items():
        admin.select_option("#open-account select[name=person_id]", label=f"{name}（{PEOPLE[name][0]}）")
        admin.fill("#open-account input[name=username]", username)
        admin.select_option("#open-account select[name=access_role]", role)
        if role == "village_cadre":
            admin.select_option("#open-account select[name=village_id]", label=where)
        admin.fill("#open-account input[name=password]", PASSWORD)
        admin.click("#open-account button")
        assert admin.locator("[role=status]").count() == 1, admin.inner_text("main")
    shot(admin, "setup-accounts")
    admin.goto(f"{base}/web/setup")
    if "setup-done" not in admin.content():  # next year's holiday notice, if the calendar library lacks it
        admin.goto(f"{base}/web/setup/calendar")
        year = admin.input_value("#record-notice input[name=year]")
        admin.fill("#record-notice input[name=title]", f"国务院办公厅关于{year}年部分节假日安排的通知")
        admin.fill("#record-notice textarea[name=holidays]", f"{year}-01-01\n{year}-10-01..{year}-10-07")
        admin.click("#record-notice button")
        admin.goto(f"{base}/web/setup")
    assert admin.locator("#setup-done").count() == 1, admin.inner_text("#setup-steps")


def test_a_new_record_is_set_up_and_a_problem_closed_in_the_browser_alone(desk: Desk) -> None:
    admin = desk.page("boss", ADMIN_PASSWORD)
    set_up(admin, desk.base)
    admin.goto(f"{desk.base}/web/")
    assert admin.locator("#setup-card").count() == 0  # the walk-through is no longer offered
    admin.context.close()
    on_phone = desk.page("boss", ADMIN_PASSWORD, size=PHONE)
    for name, path in (("setup-walk-through", "/setup"), ("setup-villages", "/setup/villages"),
                       ("setup-people", "/setup/people"), ("setup-accounts", "/setup/accounts"),
                       ("setup-roster", "/setup/roster"), ("setup-calendar", "/setup/calendar")):
        on_phone.goto(f"{desk.base}/web{path}")
        assert on_phone.locator("h1").count() == 1, path
        shot(on_phone, f"phone-{name}")
    on_phone.context.close()

    clerk = desk.page("wang.fang")
    clerk.click("nav.menu >> text=登记问题")
    clerk.select_option("select[name=source]", "township_patrol")
    clerk.select_option("select[name=category]", "plastic_litter")
    clerk.select_option("select[name=village_id]", label="东沟村")
    clerk.fill("input[name=place]", "村口桥头")
    clerk.fill("textarea[name=description]", "塑料袋散落")
    clerk.set_input_files("input[name=evidence][multiple]",
                          files=[{"name": "发现.jpg", "mimeType": "image/jpeg", "buffer": photo((160, 60, 40), True)}])
    clerk.click("button.primary")
    clerk.wait_for_selector("#done")
    assert clerk.inner_text("#location").startswith("30.500000,104.070000")  # from the photo's EXIF
    problem = clerk.url.split("?")[0].rsplit("/", 1)[-1]
    clerk.fill("#action-assign input[name=working_days]", "5")
    clerk.click("#action-assign button.primary")
    assert clerk.inner_text("#stage") == "已交办"

    cadre = desk.page("pan.yingying", size=PHONE)
    assert "东沟村 村口桥头" in cadre.inner_text("#todo-rectify")
    assert "1" in cadre.inner_text("#nav-todo-count")
    shot(cadre, "phone-todo-cadre")
    on_desk = desk.page("pan.yingying")
    assert "东沟村 村口桥头" in on_desk.inner_text("#todo-rectify")
    shot(on_desk, "todo-cadre")
    on_desk.context.close()
    cadre.click(f'#todo-rectify a[href$="/problems/{problem}"]')
    cadre.fill("#action-rectification textarea[name=description]", "已清理，垃圾已清运")
    taken = {"name": "整改后.jpg", "mimeType": "image/jpeg", "buffer": photo((60, 140, 70), False)}
    cadre.set_input_files("#action-rectification input[name=evidence][capture]", files=[taken])
    cadre.click("#action-rectification button.primary")
    assert cadre.inner_text("#stage") == "已报整改"
    cadre.context.close()

    clerk.goto(f"{desk.base}/web/")
    clerk.click(f'#todo-verify a[href$="/problems/{problem}"]')
    for side in ("before", "after"):
        loaded = clerk.eval_on_selector(f"#{side} img", "img => img.complete && img.naturalWidth")
        assert loaded and loaded <= 360, f"the {side} thumbnail did not load"
    shot(clerk, "before-after")
    phone = desk.page("chen.jing", size=PHONE)
    phone.goto(f"{desk.base}/web/problems/{problem}")
    shot(phone, "phone-before-after")
    phone.context.close()
    clerk.click("#action-verify button.primary")
    assert clerk.inner_text("#stage") == "验收通过"
    clerk.goto(f"{desk.base}/web/")
    clerk.click(f'#todo-close a[href$="/problems/{problem}"]')
    clerk.click("#action-close button.primary")
    assert clerk.inner_text("#stage") == "已销号"
    shot(clerk, "todo-office-done")
    clerk.context.close()
