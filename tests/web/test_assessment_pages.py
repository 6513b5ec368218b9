"""Rankings, ratings, pay sheets and year-end: rule versions, status, adjustments, provenance, Excel, who sees what."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

from openpyxl import load_workbook

from domain.vocabulary import Role, UnitKind
from tests.assessment.township import found
from tests.web.assessed import Assessed, assessed_township  # noqa: F401 - importing registers the fixture "assessed"
from tests.web.conftest import settle


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
    assert (
        "补发2023-03差额" in adjustment and f"台账第{assessed.correction_position}号记录（巡查记录更正）" in adjustment
    )
    assert links(adjustment)
    workbook = office.get("/web/pay-sheets.xlsx?kind=cleaner_bonus&month=2023-04")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_ratings_and_year_end_name_their_rule_versions(assessed: Assessed) -> None:
    inspector = assessed.signed_in("inspector")
    ratings = inspector.get("/web/ratings?month=2023-03").text
    assert "李娟" in ratings and "规则版本" in ratings and links(ratings)
    year = inspector.get("/web/year-end?year=2023")
    assert year.status_code == 200 and "年终考核" in year.text


def test_a_cadre_sees_their_village_rows_and_a_cleaner_their_own_as_the_api_answers(assessed: Assessed) -> None:
    cadre = assessed.signed_in("cadre")
    page = cadre.get("/web/rankings?month=2023-03").text
    assert 'data-village="东沟村"' in page and "西岭村" not in page and "<svg" not in page
    sheet = cadre.get("/web/pay-sheets?kind=cleaner_bonus&month=2023-03")  # a bonus line names no village:
    assert sheet.status_code == 200 and "李娟" not in sheet.text and "没有发放行" in sheet.text  # none is the cadre's
    assert "下载 Excel" not in sheet.text
    for path in ("/web/ratings?month=2023-03", "/web/year-end?year=2023", "/web/rankings.xlsx?month=2023-03",
                 "/web/pay-sheets.xlsx?kind=cleaner_bonus&month=2023-03", "/web/cleaner?month=2023-03"):
        assert cadre.get(path).status_code == 403, path
    inspector_link = links(assessed.signed_in("inspector").get("/web/rankings?month=2023-03").text)[0]
    assert cadre.get(inspector_link).status_code == 403  # assessment provenance is township-level
    cleaner = assessed.signed_in("cleaner")
    for path in ("/web/rankings?month=2023-03", "/web/year-end?year=2023",
                 "/web/pay-sheets.xlsx?kind=cleaner_bonus&month=2023-03"):
        assert cleaner.get(path).status_code == 403, path
    assert cleaner.get(inspector_link).status_code == 403


def test_a_cleaner_sees_their_own_month_and_rows_and_never_a_namesakes(assessed: Assessed) -> None:
    app, t = assessed.app, assessed.town
    namesake = app.enrol_person("李娟", "", "admin").id
    app.take_role(namesake, Role.CLEANER, UnitKind.VILLAGE, t.west, date(2023, 1, 1), "admin", area="西岭全村")
    app.record_patrol(date(2023, 5, 1), t.west, t.inspector, [found("piles", 3)], "inspector", cleaner_id=namesake)
    app.record_patrol(date(2023, 5, 1), t.east, t.inspector, [found("piles", 1)], "inspector", cleaner_id=t.cleaner)
    settle(assessed.api, app)
    cleaner = assessed.signed_in("cleaner")
    menu = re.findall(r'<nav class="menu".*?</nav>', cleaner.get("/web/").text, re.S)[0]
    assert "我的考核" in menu and "月评比" in menu and "发放表" in menu and "问题台账" not in menu
    own = cleaner.get(f"/web/cleaner?month=2023-05&person={namesake}").text  # always their own
    patrols = own.split('id="patrols"')[1].split("</table>")[0]
    assert "李娟 · 2023 年 5 月考核" in own and "东沟村" in patrols and "西岭村" not in patrols
    assert "门前五堆 1 处 −10.00" in patrols and "90.00 / 100" in patrols and "3 处" not in patrols
    assert not links(own)  # a figure's events are for township readers
    ratings = cleaner.get("/web/ratings?month=2023-05").text
    assert ratings.count("<tr><td") == 1 and str(t.cleaner) in ratings and str(namesake) not in ratings
    sheet = cleaner.get("/web/pay-sheets?kind=cleaner_bonus&month=2023-04").text
    assert "补发2023-03差额" in sheet and "下载 Excel" not in sheet
    inspector = assessed.signed_in("inspector")
    theirs = inspector.get(f"/web/cleaner?month=2023-05&person={namesake}").text
    assert "西岭村" in theirs.split('id="patrols"')[1] and links(theirs)
    assert inspector.get("/web/cleaner?month=2023-05").status_code == 422
    march = cleaner.get("/web/cleaner?month=2023-03").text
    assert "已结账" in march and "补发" not in march.split('id="bonus-lines"')[1]
    past = cleaner.get("/web/cleaner?month=2023-05&as_of=2023-04-25T09:00").text
    assert 'id="past-banner"' in past and "本月没有巡查记录" in past
