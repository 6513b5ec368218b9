"""工作量 and 改厕与污水站 from the browser: the office records, corrects and withdraws campaign work with reasons,
surveys a village's toilets and hands a sewage station to another custodian; bad input is refused in words with
nothing recorded; roles the API does not give these steps are refused; the record as it stood earlier is shown."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import Site, csrf_of
from tests.web.test_setup_journey import photo

MAY = "2024-05"


def recorded(site: Site) -> int:
    return site.app.recorder.max_notification_id() or 0


def work_list(site: Site) -> str:
    return f"/web/work?month={MAY}&village={site.seeded.villages['v01']}"


def record(site: Site, office: TestClient, files: list[Any] | None = None, **fields: str) -> Any:
    page = office.get(work_list(site)).text
    return office.post(work_list(site), files=files, data={
        "csrf_token": csrf_of(page), "indicator": "river_patrols", "quantity": "3",
        "village_id": str(site.seeded.villages["v01"]), "place": "东沟河", "note": "河长每周巡河",
        "occurred_at": "2024-05-18T09:00", **fields})


def row_of(html: str, record_id: str) -> str:
    return html.split(f'data-record="{record_id}"')[1].split("</tr>")[0]


def test_work_is_recorded_corrected_and_withdrawn_with_reasons_and_shown_as_it_stood(site: Site) -> None:
    office = site.signed_in("office")
    done = record(site, office, files=[("evidence", ("巡河.jpg", photo((20, 90, 160), False), "image/jpeg"))])
    assert done.status_code == 200 and "工作量已登记" in done.text, done.text[:2000]
    [record_id] = re.findall(r'data-record="([0-9a-f-]{36})"', done.text)
    row = row_of(done.text, record_id)
    assert "河长巡查" in row and "3 次" in row and "东沟河" in row and "王芳" in row and "有效" in row
    [shown] = re.findall(r'href="(/web/evidence/[0-9a-f]{64})">照片：巡河.jpg<', row)
    assert office.get(shown).content.startswith(b"\xff\xd8")  # the photo itself, as kept with the record
    assert "river_patrols" not in done.text.split("<main>")[1].split('name="indicator"')[0]  # words, not codes
    before_correction = site.clock.now() + timedelta(minutes=1)
    site.clock.advance(minutes=5)
    corrected = office.post(f"/web/work/{record_id}/correct?month={MAY}", data={
        "csrf_token": csrf_of(done.text), "expected_version": "1", "quantity": "4", "reason": "漏记一次周末巡河"})
    assert "工作量已更正" in corrected.text
    row = row_of(corrected.text, record_id)
    assert "4 次" in row and "（原 3）" in row and "漏记一次周末巡河" in row and "已更正" in row
    assert re.search(r'id="work-totals".*?河长巡查</td><td data-label="合计">4 次', corrected.text, re.S)
    earlier = office.get("/web/work", params={"month": MAY, "as_of": before_correction.isoformat()}).text
    assert "历史视图" in earlier and "3 次" in row_of(earlier, record_id) and "漏记" not in earlier
    assert 'id="record-work"' not in earlier and "/correct" not in earlier  # nothing is done in the past
    site.clock.advance(minutes=5)
    withdrawn = office.post(f"/web/work/{record_id}/withdraw?month={MAY}", data={
        "csrf_token": csrf_of(corrected.text), "expected_version": "2", "reason": "与县河长办重复统计"})
    assert "工作量已撤回" in withdrawn.text
    row = row_of(withdrawn.text, record_id)
    assert "已撤回" in row and "与县河长办重复统计" in row and "/correct" not in row
    assert "本月还没有登记工作量" in withdrawn.text.split('id="work-totals"')[1].split("</table>")[0]


def test_bad_work_is_refused_in_words_with_nothing_recorded_and_the_form_kept(site: Site) -> None:
    office = site.signed_in("office")
    before = recorded(site)
    for fields, words in (({"quantity": "三"}, "数量"), ({"quantity": "1.5"}, "必须是整数"),
                          ({"quantity": "0"}, "数量"), ({"occurred_at": "昨天"}, "发生时间"),
                          ({"indicator": "garbage_tonnes"}, "不是需要登记的工作量指标")):
        refused = record(site, office, **fields)
        assert refused.status_code == 422, (fields, refused.status_code)
        assert words in refused.text.split('id="refusal"')[1].split("</p>")[0], (fields, refused.text[:3000])
        assert 'value="河长每周巡河"' in refused.text  # what was typed stays
    kept = site.api.state.context.evidence.root
    files = sorted(kept.rglob("*"))
    refused = record(site, office, files=[("evidence", ("巡河.jpg", photo((1, 2, 3), False), "image/jpeg"))],
                     quantity="三")
    assert refused.status_code == 422 and recorded(site) == before
    assert sorted(kept.rglob("*")) == files  # the form is refused before its photo is kept
    done = record(site, office)
    [record_id] = re.findall(r'data-record="([0-9a-f-]{36})"', done.text)
    after = recorded(site)
    for step, fields, words in (("correct", {"quantity": "5", "reason": ""}, "原因"),
                                ("correct", {"quantity": "3", "reason": "核对"}, "与原数量相同"),
                                ("withdraw", {"reason": ""}, "原因")):
        refused = office.post(f"/web/work/{record_id}/{step}?month={MAY}", data={
            "csrf_token": csrf_of(done.text), "expected_version": "1", **fields})
        assert refused.status_code == 422 and words in refused.text, (step, fields, refused.text[:3000])
        assert f'<details open class="{step}-work">' in refused.text
    stale = office.post(f"/web/work/{record_id}/withdraw?month={MAY}", data={
        "csrf_token": csrf_of(done.text), "expected_version": "7", "reason": "重复"})
    assert stale.status_code == 409
    assert recorded(site) == after


def test_roles_the_api_does_not_give_the_work_steps_are_refused(site: Site) -> None:
    office = site.signed_in("office")
    done = record(site, office)
    [record_id] = re.findall(r'data-record="([0-9a-f-]{36})"', done.text)
    station = office.post("/web/work/sewage-stations", data={
        "csrf_token": csrf_of(done.text), "village_id": str(site.seeded.villages["v03"]), "name": "南湾污水站",
        "custodian_id": str(site.app.account("cadre").person_id), "care_posts": "1"})
    [station_id] = re.findall(r'/work/sewage-stations/([0-9a-f-]{36})/custodian', station.text)
    before = recorded(site)
    for username in ("inspector", "cadre", "cleaner"):
        client = site.signed_in(username)
        assert client.get("/web/work").status_code == 403
        assert client.get("/web/work/facilities").status_code == 403
        token = csrf_of(client.get("/web/").text)
        for path, fields in (
            ("/web/work", {"indicator": "river_patrols", "quantity": "1"}),
            (f"/web/work/{record_id}/correct", {"quantity": "2", "reason": "x"}),
            (f"/web/work/{record_id}/withdraw", {"reason": "x"}),
            ("/web/work/toilet-surveys", {"village_id": str(site.seeded.villages["v01"]), "households": "1",
                                          "renovated": "1", "pending": "0"}),
            ("/web/work/sewage-stations", {"village_id": str(site.seeded.villages["v01"]), "name": "站",
                                           "custodian_id": str(site.app.account("cadre").person_id),
                                           "care_posts": "1"}),
            (f"/web/work/sewage-stations/{station_id}/custodian", {"custodian_id": str(site.app.account(
                "cleaner").person_id), "reason": "x"}),
        ):
            refused = client.post(path, data={"csrf_token": token, **fields})
            assert refused.status_code == 403 and "无权" in refused.text, (username, path, refused.status_code)
        assert "工作量" not in client.get("/web/").text.split("</nav>")[0]
    assert recorded(site) == before


def test_a_villages_toilets_are_surveyed_then_resurveyed_with_a_reason(site: Site) -> None:
    office = site.signed_in("office")
    page = office.get("/web/work/facilities").text
    east = str(site.seeded.villages["v01"])
    fields = {"csrf_token": csrf_of(page), "village_id": east, "households": "10", "renovated": "6", "pending": "5"}
    before = recorded(site)
    for wrong, words in (({}, "应等于农户总数"), ({"households": "十"}, "农户总数"), ({"households": "²"}, "农户总数"),
                         ({"village_id": ""}, "请选择村")):
        refused = office.post("/web/work/toilet-surveys", data={**fields, **wrong})
        assert refused.status_code == 422 and words in refused.text, (wrong, refused.text[:3000])
    assert 'value="6"' in refused.text and recorded(site) == before
    done = office.post("/web/work/toilet-surveys", data={**fields, "pending": "4"})
    assert "改厕摸排已登记" in done.text
    row = done.text.split('data-village="东沟村"')[1].split("</tr>")[0]
    assert "10 户" in row and "6 户" in row and "4 户" in row
    again = {**fields, "households": "10", "renovated": "8", "pending": "2"}
    refused = office.post("/web/work/toilet-surveys", data=again)
    assert refused.status_code == 422 and "原因" in refused.text
    done = office.post("/web/work/toilet-surveys", data={**again, "reason": "五月复查"})
    row = done.text.split('data-village="东沟村"')[1].split("</tr>")[0]
    assert "8 户" in row and "2 户" in row and '<td data-label="摸排次数">2</td>' in row


def test_a_sewage_station_is_built_with_its_custodian_and_handed_to_another_with_a_reason(site: Site) -> None:
    office = site.signed_in("office")
    page = office.get("/web/work/facilities").text
    cadre, cleaner = site.app.account("cadre").person_id, site.app.account("cleaner").person_id
    fields = {"csrf_token": csrf_of(page), "village_id": str(site.seeded.villages["v03"]), "name": "南湾污水站",
              "custodian_id": "", "care_posts": "2"}
    before = recorded(site)
    for wrong, words in (({}, "请选择管护人"), ({"custodian_id": str(cadre), "name": ""}, "名称"),
                         ({"custodian_id": str(cadre), "care_posts": "两"}, "管护岗数")):
        refused = office.post("/web/work/sewage-stations", data={**fields, **wrong})
        assert refused.status_code == 422 and words in refused.text, (wrong, refused.text[:3000])
    assert recorded(site) == before
    built = office.post("/web/work/sewage-stations", data={**fields, "custodian_id": str(cadre)})
    assert "污水处理站已登记" in built.text
    row = built.text.split('data-station="南湾污水站"')[1].split("</tr>")[0]
    assert "张军" in row and "2 个" in row
    [station_id] = re.findall(r'/work/sewage-stations/([0-9a-f-]{36})/custodian', built.text)
    handed_at = site.clock.now()
    site.clock.advance(minutes=5)
    path = f"/web/work/sewage-stations/{station_id}/custodian"
    change = {"csrf_token": csrf_of(built.text), "expected_version": "1", "custodian_id": str(cleaner)}
    refused = office.post(path, data={**change, "reason": ""})
    assert refused.status_code == 422 and "原因" in refused.text and recorded(site) == before + 1
    assert '<details open class="change-custodian">' in refused.text
    changed = office.post(path, data={**change, "reason": "张军调任，交保洁员陈亮管护"})
    assert "管护人已变更" in changed.text
    row = changed.text.split('data-station="南湾污水站"')[1].split("</tr>")[0]
    assert '<span class="custodian">陈亮</span>' in row and "由张军变更为陈亮" in row
    earlier = office.get("/web/work/facilities",
                         params={"as_of": (handed_at + timedelta(minutes=1)).isoformat()}).text
    row = earlier.split('data-station="南湾污水站"')[1].split("</tr>")[0]
    assert '<span class="custodian">张军</span>' in row and "陈亮" not in row and "历史视图" in earlier
