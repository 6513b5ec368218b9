"""Who reported is kept from those who may not know it, on every way out of the record.

A public reporter's username once reached the village cadre through the web's provenance page. Here
each role walks every web page (following every link from the pages it can open, downloads too)
and calls every API query, with the reporter's problem, report and account as the parameters: a
cadre, a cleaner and another reporter never meet the reporter's username; the reporter's sealed name
and contact are met by no one but the office through ``/reports/{id}/identity``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import api_routes
from api.figures import token
from projections.provenance import problem_ref
from taizhang.access.reporters import REDACTED
from taizhang.history import export_history
from tests.security.hostile import REPORTER, Hostile

SEALED = ("张三", "13800000000")
KEPT_FROM = ("cadre", "cleaner", "reporter.two")
SEES = ("admin", "office", "inspector")
MAX_PAGES = 120
SKIPPED = ("/web/logout", "/web/static/", "/web/login")


def text_of(content: bytes, content_type: str) -> str:
    """What a person would read in an answer: a page's text, or the text inside a workbook or a document."""
    if content_type.startswith(("application/vnd.openxmlformats", "application/zip")):
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist()
                             if n.endswith(".xml"))
    return content.decode("utf-8", "replace")


def seeds(h: Hostile) -> list[str]:
    ref = token(problem_ref(str(h.reported_problem)))
    return [
        "/web/", "/web/ledger", "/web/overdue", "/web/summary?from=2023-01-01&to=2023-12-31",
        "/web/rankings?month=2023-03", "/web/ratings?month=2023-03", "/web/year-end?year=2023",
        "/web/pay-sheets?kind=cleaner_bonus&month=2023-03", "/web/pay-sheets?kind=cadre_pay&month=2023-03",
        "/web/cleaner?month=2023-03", f"/web/problems/{h.reported_problem}", f"/web/problems/{h.office_problem}",
        f"/web/audit?entity={h.reported_problem}", f"/web/audit?entity={h.report}",
        f"/web/audit/activity?username={REPORTER}", "/web/audit/checkpoints", f"/web/provenance?ref={ref}",
        "/web/ledger.xlsx", "/web/summary.docx?from=2023-01-01&to=2023-12-31",
    ]


def walk(browser: TestClient, start: list[str]) -> dict[str, str]:
    """Every page reachable from ``start`` by the links on the pages (up to a bound): address → what it says."""
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue and len(seen) < MAX_PAGES:
        address = queue.popleft()
        if address in seen or address.startswith(SKIPPED):
            continue
        answer = browser.get(address)
        assert answer.status_code < 500, (address, answer.status_code)
        seen[address] = text_of(answer.content, answer.headers.get("content-type", ""))
        for link in re.findall(r'href="([^"#]+)"', seen[address]):
            target = urljoin(str(answer.url), link.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.path.startswith("/web/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.mark.parametrize("username", KEPT_FROM + SEES)
def test_every_web_page_and_download_keeps_the_reporter_from_whoever_may_not_know(
    hostile: Hostile, username: str
) -> None:
    pages = walk(hostile.browser(username), seeds(hostile))
    assert len(pages) >= len(seeds(hostile))
    for address, shown in pages.items():
        assert not any(s in shown for s in SEALED), f"a sealed identity on {address} for {username}"
        if username in KEPT_FROM:
            assert REPORTER not in shown, f"{username} sees the reporter on {address}"
    everything = "\n".join(pages.values())
    if username == "cadre":  # the cadre sees the problem and its steps, the reporter's place kept
        assert REDACTED in pages[f"/web/problems/{hostile.reported_problem}"]
        assert REDACTED in everything and "村口" in everything
    if username in SEES:
        assert REPORTER in everything  # so the walk would have met the name had it been shown


def api_queries(h: Hostile) -> list[tuple[str, dict[str, Any]]]:
    """Every GET of the API with the reporter's records as its parameters, and the queries each needs."""
    values = {
        "problem_id": h.reported_problem, "report_id": h.report, "entity_id": h.reported_problem,
        "username": REPORTER, "village_id": h.east, "month": "2023-03", "kind": "cadre_pay", "year": "2023",
        "sha256": "b" * 64, "person_id": h.app.account("cleaner").person_id, "day": "2023-03-01",
        "code": "clean_villages", "quarter": "1", "case_id": "00000000-0000-4000-8000-000000000000",
    }
    queries: list[tuple[str, dict[str, Any]]] = []
    for entry in api_routes(h.api):
        if entry.method != "GET":
            continue
        path = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), entry.path)
        params: dict[str, Any] = {"from": "2023-01-01", "to": "2023-12-31"} if entry.name == "summary.get" else {}
        if entry.name == "provenance.get":
            params = {"ref": token(problem_ref(str(h.reported_problem)))}
        queries.append((path, params))
        if entry.name.startswith("audit."):
            queries.append((path, {**params, "format": "csv"}))
        if entry.name in ("pay_sheets.get", "rankings.get"):
            queries.append((path, {**params, "format": "xlsx"}))
    queries.append((f"/audit/entities/{h.report}/history", {}))
    return queries


@pytest.mark.parametrize("username", KEPT_FROM)
def test_every_api_answer_keeps_the_reporter_from_whoever_may_not_know(hostile: Hostile, username: str) -> None:
    answered = 0
    for path, params in api_queries(hostile):
        answer = hostile.client.get(path, params=params, headers=hostile.headers[username])
        assert answer.status_code < 500, (path, answer.status_code)
        shown = text_of(answer.content, answer.headers.get("content-type", ""))
        assert REPORTER not in shown and not any(s in shown for s in SEALED), (username, path, params)
        answered += answer.status_code == 200
    assert answered >= 3, "the walk met almost nothing: the test would prove nothing"


def test_the_office_sees_who_reported_and_the_identity_only_where_it_is_kept(hostile: Hostile) -> None:
    office = hostile.headers["office"]
    problem = hostile.client.get(f"/problems/{hostile.reported_problem}", headers=office).json()
    assert problem["timeline"][0]["actor"] == REPORTER
    identity = hostile.client.get(f"/reports/{hostile.report}/identity", headers=office).json()
    assert (identity["name"], identity["contact"]) == SEALED
    cadre = hostile.client.get(f"/problems/{hostile.reported_problem}", headers=hostile.headers["cadre"]).json()
    assert cadre["timeline"][0]["actor"] == REDACTED


def test_the_history_export_keeps_the_reporters_identity_sealed(hostile: Hostile, tmp_path: Any) -> None:
    """The whole history is the operator's backup of the record: accounts are in it, sealed identities stay sealed."""
    exported = tmp_path / "history.jsonl"
    export_history(hostile.app, exported)
    text = exported.read_text(encoding="utf-8")
    assert "identity_ciphertext" in text and not any(s in text for s in SEALED)


@pytest.mark.parametrize("username", ["office", "cadre"])
def test_the_web_opens_a_reporters_identity_only_on_purpose_and_only_for_the_office(
    hostile: Hostile, username: str
) -> None:
    browser = hostile.browser(username)
    page = browser.get(f"/web/reports/{hostile.report}")
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)"', page.text))
    opened = browser.post(f"/web/reports/{hostile.report}/identity", data=fields)
    if username == "office":
        assert 'id="open-identity"' in page.text and not any(s in page.text for s in SEALED)
        assert opened.status_code == 200 and all(s in opened.text for s in SEALED)
    else:
        assert opened.status_code in (403, 404) and not any(s in opened.text for s in SEALED)
