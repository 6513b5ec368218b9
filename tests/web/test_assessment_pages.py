"""Rankings, ratings, pay sheets and year-end: rule versions, status, adjustments, provenance, Excel, who sees what."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

from openpyxl import load_workbook

from tests.web.assessed import Assessed, assessed  # noqa: F401 (fixture)


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a class="fig" href="([^"]+)"', html)]


def test_a_closed_month_shows_frozen_rankings_with_the_rule_version_and_each_score_links_to_its_facts(
    assessed: Assessed,
) -> None:
    office = assessed.signed_in("office")
    page = office.get("/web/rankings?month=2023-03").text
    rules = assessed.app.rule_version_on(date(2023, 3, 1)).version_id
    assert "已结账" in page and f"评分规则版本 <code>{rules}</code>" in page
    assert 'data-village="东沟村"' in page and 'data-village="西岭村"' in page and "<svg" in page
    score = links(page.split('id="rankings"')[1])[0]
    events = office.get(score)
    assert events.status_code == 200 and "考核依据的记录" in events.text
    assert re.search(r'<td data-label="位置">\d+</td>', events.text)
    workbook = office.get("/web/rankings.xlsx?month=2023-03")
    assert workbook.status_code == 200
    assert any("东沟村" in str(c.value) for row in load_workbook(io.BytesIO(workbook.content)).active.iter_rows()
               for c in row if c.value)


def test_the_pay_sheet_shows_status_rule_version_and_the_adjustment_with_its_cause(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    march = office.get("/web/pay-sheets?kind=cleaner_bonus&month=2023-03").text
    rules = assessed.app.rule_version_on(date(2023, 3, 1)).version_id
    assert "已审批" in march and "李娟" in march and f'<code id="rule-version">{rules}</code>' in march
    april = office.get("/web/pay-sheets?kind=cleaner_bonus&month=2023-04").text
    assert "草稿" in april
    adjustment = april.split('class="adjustment"')[1].split("</tr>")[0]
    assert "补发2023-03差额" in adjustment and f"台账第{assessed.correction_position}号记录（巡查记录更正）" in adjustment
    assert links(adjustment)
    workbook = office.get("/web/pay-sheets.xlsx?kind=cleaner_bonus&month=2023-04")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_ratings_and_year_end_name_their_rule_versions(assessed: Assessed) -> None:
    inspector = assessed.signed_in("inspector")
    ratings = inspector.get("/web/ratings?month=2023-03").text
    assert "李娟" in ratings and "规则版本" in ratings and links(ratings)
    year = inspector.get("/web/year-end?year=2023")
    assert year.status_code == 200 and "年终考核" in year.text


def test_a_cadre_sees_only_their_village_row_and_no_pay_sheet_and_a_cleaner_sees_none(assessed: Assessed) -> None:
    cadre = assessed.signed_in("cadre")
    page = cadre.get("/web/rankings?month=2023-03").text
    assert 'data-village="东沟村"' in page and "西岭村" not in page and "<svg" not in page
    for path in ("/web/pay-sheets?month=2023-03", "/web/ratings?month=2023-03", "/web/year-end?year=2023",
                 "/web/rankings.xlsx?month=2023-03"):
        assert cadre.get(path).status_code == 403, path
    inspector_link = links(assessed.signed_in("inspector").get("/web/rankings?month=2023-03").text)[0]
    assert cadre.get(inspector_link).status_code == 403  # assessment provenance is township-level
    cleaner = assessed.signed_in("cleaner")
    for path in ("/web/rankings?month=2023-03", "/web/pay-sheets?month=2023-03"):
        assert cleaner.get(path).status_code == 403, path
