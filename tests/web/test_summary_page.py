"""The summary page: the filled text, each figure a link to its events, as of a past moment, and Word."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from docx import Document

from tests.web.conftest import Site

PERIOD = "from=2024-04-01&to=2024-05-31"


def figure_link(html: str, code: str) -> tuple[str, str]:
    found = re.search(rf'<a class="fig" data-code="{code}" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert found, f"no link for {code}"
    return unescape(found.group(1)), found.group(2)


def test_the_summary_links_each_figure_to_the_events_behind_it(site: Site) -> None:
    inspector = site.signed_in("inspector")
    page = inspector.get(f"/web/summary?{PERIOD}")
    assert page.status_code == 200
    assert "全域无垃圾治理工作总结" in page.text and "<h2>" in page.text
    href, text = figure_link(page.text, "problems_registered")
    assert text == "9"  # every problem of the seed was registered in the period
    events = inspector.get(href)
    assert events.status_code == 200 and "问题登记" in events.text
    rows = re.findall(r'<td data-label="位置">', events.text)
    registered = len(re.findall(r'<td data-label="事项">问题登记</td>', events.text))
    assert registered == 9 and len(rows) >= 9


def test_as_of_a_past_moment_the_summary_counts_what_was_recorded_then(site: Site) -> None:
    inspector = site.signed_in("inspector")
    before_sewage = (site.seeded.moments["burning closed"] - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    page = inspector.get(f"/web/summary?{PERIOD}&as_of={before_sewage}")
    assert 'id="past-banner"' in page.text
    href, closed = figure_link(page.text, "problems_closed")
    assert closed == "3"  # dump, piles and river were closed by then; burning an hour later
    assert figure_link(inspector.get(f"/web/summary?{PERIOD}").text, "problems_closed")[1] == "4"
    events = inspector.get(href).text
    assert len(re.findall(r'<td data-label="事项">销号</td>', events)) == 3


def test_the_summary_downloads_as_a_word_document_with_the_same_figures(site: Site) -> None:
    inspector = site.signed_in("inspector")
    answer = inspector.get(f"/web/summary.docx?{PERIOD}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.content)).paragraphs)
    assert "全域无垃圾治理工作总结" in text and "全镇登记各类问题9个" in text


def test_the_township_template_beside_the_data_is_used(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = site.api.state.context
    monkeypatch.setattr(context, "settings", context.settings.model_copy(update={"data_dir": tmp_path}))
    own = tmp_path / "summary-template.md"
    own.write_text("# {{township}}简报\n\n登记问题{{problems_registered}}个。\n", encoding="utf-8")
    page = site.signed_in("office").get(f"/web/summary?{PERIOD}").text
    assert "简报</h1>" in page and "登记问题" in page and "一、工作开展情况" not in page


def test_cadres_and_cleaners_do_not_see_the_summary(site: Site) -> None:
    for username in ("cadre", "cleaner"):
        client = site.signed_in(username)
        assert client.get(f"/web/summary?{PERIOD}").status_code == 403
        assert client.get(f"/web/summary.docx?{PERIOD}").status_code == 403
        assert "工作总结" not in re.findall(r'<nav class="menu".*?</nav>', client.get("/web/").text, re.S)[0]
