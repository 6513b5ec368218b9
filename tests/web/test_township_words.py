"""Everything a person reads is in the township's words: every page of the demo as each role, and every Excel,
Word and CSV file, holds no code and no English word where Chinese belongs, and names people, not accounts.

The walk follows every link from the pages each role can open (one page of each kind: a problem's page,
a figure's events …) and opens every download it meets. What may stay in Latin letters is listed here,
each with why: identifiers a clerk copies (record numbers, digests, file names, rule versions, the
verification code), the names of the programs files open in, and an account's username where an
account is meant (the account pages and an account's activity).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_api
from taizhang.demo.accounts import DEMO_PASSWORD
from taizhang.settings import Settings
from tests.support.crawl import visible_text, walk

ROLES = {"liu.qiang": "administrator", "wang.fang": "office", "sun.guohua": "inspector",
         "pan.yingying": "cadre", "feng.zhi": "cleaner", "qunzhong": "reporter"}
SEEDS = [
    "/web/", "/web/overview", "/web/ledger", "/web/overdue", "/web/rankings?month=2023-03",
    "/web/ratings?month=2023-03", "/web/pay-sheets?kind=cleaner_bonus&month=2023-03",
    "/web/pay-sheets?kind=cadre_pay&month=2023-03", "/web/year-end?year=2023",
    "/web/summary?from=2023-01-01&to=2023-12-31", "/web/setup", "/web/setup/villages", "/web/setup/people",
    "/web/setup/accounts", "/web/setup/calendar", "/web/setup/roster", "/web/account", "/web/cleaner?month=2023-03",
    "/web/audit/checkpoints", "/web/verify", "/web/ledger.xlsx", "/web/rankings.xlsx?month=2023-03",
    "/web/pay-sheets.xlsx?kind=cleaner_bonus&month=2023-03", "/web/summary.docx?from=2023-01-01&to=2023-12-31",
    "/web/setup/roster.xlsx", "/web/patrols?day=2023-03-10", "/web/months?month=2023-03",
    "/web/bulletins?year=2023&quarter=1", "/web/bulletins/2023/1.docx", "/web/letters", "/web/reports",
    "/web/rules", "/web/imports/ledger", "/web/reports/new", "/web/flags", "/web/cases", "/web/work?month=2023-06",
    "/web/work/facilities",
]
ACCOUNT_PAGES = ("/web/setup/accounts", "/web/audit/activity")  # an account's username is meant here
CODE_PAGES = ("/web/setup/villages",)  # a village's code, typed on the command line and in imports, is meant here
TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.@+/-]*")
ALLOWED = re.compile(
    r"""(?x)
      [0-9a-f]{6,}(-[0-9a-f]{4,})*                      # record numbers and digests (or the start of one)
    | [0-9]+([-./:][0-9]+)*                              # numbers, dates and times
    | \S+\.(jpg|jpeg|png|gif|webp|pdf|xlsx|docx|mp4|mov)  # a file's name as uploaded
    | Excel|Word|PDF|TZ1|WGS-84|SHA-256|A4               # programs and standards a clerk knows by these names
    | taizhang/[0-9a-z_-]+                               # the log's name in a printout's verification code
    | v[0-9]+|[0-9]{4}-v[0-9]+                           # a rule version's number
    | [0-9A-Za-z_-]{20,}                                 # the encoded verification code printed under the QR
    | [0-9][0-9A-Z-]*[A-Z][0-9A-Z-]*                     # a payment voucher's number (2023-03-BJ)
    | xlsx|docx|csv|jpg|jpeg|png|gif|webp|pdf|mp4|mov    # a file's type, as a clerk sees it in the name (村容村貌.jpg)
    | YAML|JSON                                          # a rule document's formats: they have no Chinese name
    """
)


@pytest.fixture(scope="module")
def demo_site(demo_folder: Path) -> Iterator[TestClient]:
    with TestClient(create_api(Settings(store="sqlite", data_dir=demo_folder))) as client:
        yield client


def signed_in(site: TestClient, username: str) -> TestClient:
    site.cookies.clear()
    page = site.get("/web/login")
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)"', page.text))
    answer = site.post("/web/login", data={**fields, "username": username, "password": DEMO_PASSWORD})
    assert answer.status_code == 200 and "退出" in answer.text
    return site


def office_text(content: bytes, content_type: str) -> list[str]:
    """What a workbook's cells or a Word document's paragraphs say (not the markup around them)."""
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content))
        return [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str)] + [sheet.title for sheet in book.worksheets]
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return parts


def leaks(parts: list[str], meant: set[str]) -> list[str]:
    """Latin letters where Chinese belongs; ``meant``: the usernames or codes the page is about."""
    found = []
    for part in parts:
        if part.startswith("核验码："):
            continue  # the verification code: a machine's line, printed for typing it in
        for token in TOKEN.findall(part):
            if not re.search(r"[A-Za-z]", token) or ALLOWED.fullmatch(token) or token in meant:
                continue
            found.append(token)
    return found


def all_usernames(site: TestClient) -> set[str]:
    accounts = signed_in(site, "liu.qiang").get("/accounts", headers=bearer(site, "liu.qiang")).json()
    return {a["username"] for a in accounts}


def bearer(site: TestClient, username: str) -> dict[str, str]:
    token = site.post("/auth/token", data={"username": username, "password": DEMO_PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("username", list(ROLES))
def test_every_page_and_file_a_role_opens_is_in_the_townships_words(demo_site: TestClient, username: str) -> None:
    usernames = all_usernames(demo_site)
    codes = {v["code"] for v in demo_site.get("/villages", headers=bearer(demo_site, "liu.qiang")).json()}
    pages = walk(signed_in(demo_site, username), SEEDS, limit=140, per_kind=1)
    assert len(pages) >= 10
    said: dict[str, list[str]] = {}
    for address, (content_type, text) in pages.items():
        if content_type.startswith("text/html"):
            parts = visible_text(text)
        elif content_type.startswith("application/vnd.openxmlformats"):
            parts = office_text(demo_site.get(address).content, content_type)
        else:
            continue
        meant = (usernames if address.startswith(ACCOUNT_PAGES) else set()) | (
            codes if address.startswith(CODE_PAGES) else set())
        found = leaks(parts, meant)
        if found:
            said[address] = sorted(set(found))[:12]
    assert not said, f"codes or English where Chinese belongs, as {ROLES[username]}: {said}"


def test_the_audit_csv_is_in_the_townships_words(demo_site: TestClient) -> None:
    usernames = all_usernames(demo_site)
    problem = demo_site.get("/ledger", params={"page_size": 1}, headers=bearer(demo_site, "sun.guohua")).json()
    entity = problem["rows"][0]["problem_id"]
    answer = demo_site.get(f"/audit/entities/{entity}/history", params={"format": "csv"},
                           headers=bearer(demo_site, "sun.guohua"))
    rows = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["位置", "事项", "对象编号"] and len(rows) > 2
    header = rows[0]
    for row in rows[1:]:
        shown = dict(zip(header, row, strict=True))
        assert not leaks([v for k, v in shown.items() if k not in ("账号", "详情")], set()), shown
        assert shown["账号"] in usernames and shown["办理人"] not in usernames  # the person, with the account beside
