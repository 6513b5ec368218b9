"""责任书 from the browser: the office counts households, a village cadre drafts a 门前五包 letter (refused without
its household, the form kept), both sides sign with dates and the village's coverage counts it."""

from __future__ import annotations

import re

from tests.web.assessed import Assessed, assessed_township  # noqa: F401 - importing registers the fixture "assessed"
from tests.web.conftest import csrf_of


def test_a_household_letter_is_drafted_signed_by_both_sides_and_counted_in_coverage(assessed: Assessed) -> None:
    office, cadre = assessed.signed_in("office"), assessed.signed_in("cadre")
    east = str(assessed.town.east)
    page = office.get("/web/letters").text
    counted = office.post(f"/web/villages/{east}/households", data={
        "csrf_token": csrf_of(page), "households": "20", "as_on": "2023-01-01", "source": "2022 年户籍统计"})
    assert "户数已登记" in counted.text
    mine = cadre.get("/web/letters").text
    assert "西岭村" not in mine.split('id="coverage"')[1].split("</table>")[0]  # their own village only
    assert "目标责任书" not in mine and "count-households" not in mine
    fields = {"csrf_token": csrf_of(mine), "village_id": east, "kind": "five_guarantees",
              "targets": "门前无垃圾\n门前无杂物", "period_start": "2023-01-01", "period_end": "2023-12-31"}
    before = assessed.app.recorder.max_notification_id()
    refused = cadre.post("/web/letters", data=fields)
    assert refused.status_code == 422 and "农户" in refused.text and "门前无杂物" in refused.text
    assert assessed.app.recorder.max_notification_id() == before
    drafted = cadre.post("/web/letters", data={**fields, "household": "一组 王大山"})
    assert "责任书已起草" in drafted.text
    letter = re.search(r"/letters/([0-9a-f-]{36})", str(drafted.url)).group(1)
    assert f"/web/letters/{letter}" in cadre.get("/web/").text  # to be signed: on the cadre's to-do list
    first = cadre.post(f"/web/letters/{letter}/sign", data={
        "csrf_token": csrf_of(drafted.text), "expected_version": "1", "side": "first", "signatory": "张书记",
        "day": "2023-01-05"})
    second = cadre.post(f"/web/letters/{letter}/sign", data={
        "csrf_token": csrf_of(first.text), "expected_version": "2", "side": "second", "signatory": "王大山",
        "day": "2023-01-06"})
    assert "今日有效" in second.text and "（2023-01-06）" in second.text
    coverage = office.get("/web/letters").text.split('data-village="东沟村"')[1].split("</tr>")[0]
    assert "5.00%" in coverage
    assert cadre.post(f"/web/villages/{east}/households", data={
        "csrf_token": csrf_of(mine), "households": "1", "as_on": "2023-01-01", "source": "x"}).status_code == 403
    assert assessed.signed_in("cleaner").get("/web/letters").status_code == 403


def test_a_signed_letter_is_renewed_and_revoked_with_a_reason(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    page = office.get(f"/web/letters?village={assessed.town.west}").text
    drafted = office.post("/web/letters", data={
        "csrf_token": csrf_of(page), "village_id": str(assessed.town.west), "kind": "target",
        "targets": "垃圾不落地", "period_start": "2023-01-01", "period_end": "2023-06-30"})
    letter = re.search(r"/letters/([0-9a-f-]{36})", str(drafted.url)).group(1)
    token = csrf_of(drafted.text)
    early = office.post(f"/web/letters/{letter}/renew", data={
        "csrf_token": token, "period_start": "2023-07-01", "period_end": "2023-12-31"})
    assert early.status_code == 409 and "尚未双方签字" in early.text and 'value="2023-07-01"' in early.text
    for version, (side, name) in enumerate((("first", "镇长"), ("second", "村书记")), start=1):
        office.post(f"/web/letters/{letter}/sign", data={"csrf_token": token, "expected_version": str(version),
                                                         "side": side, "signatory": name, "day": "2023-01-05"})
    renewed = office.post(f"/web/letters/{letter}/renew", data={
        "csrf_token": token, "expected_version": "3", "period_start": "2023-07-01", "period_end": "2023-12-31"})
    assert "已续签" in renewed.text and "2023-07-01 至 2023-12-31" in renewed.text and "垃圾不落地" in renewed.text
    refused = office.post(f"/web/letters/{letter}/revoke", data={"csrf_token": token, "day": "2023-05-01",
                                                                 "reason": ""})
    assert refused.status_code == 422 and "原因" in refused.text
    revoked = office.post(f"/web/letters/{letter}/revoke", data={"csrf_token": token, "day": "2023-05-01",
                                                                 "reason": "村两委换届，重新签订"})
    assert "已于 2023-05-01 撤销" in revoked.text and 'id="sign-letter"' not in revoked.text
