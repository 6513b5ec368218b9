"""日巡查 from the browser: recorded with a photo per item, refused with the typed form kept and nothing recorded,
a finding opened as a problem in one step, corrected and withdrawn with a reason; only the office's work."""

from __future__ import annotations

import re

from tests.web.assessed import Assessed, assessed_township  # noqa: F401 - importing registers the fixture "assessed"
from tests.web.conftest import csrf_of

JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


def form_for(assessed: Assessed, office, day: str = "2023-05-02") -> tuple[str, dict[str, str]]:
    page = office.get("/web/patrols/new", params={"day": day, "village_id": str(assessed.town.east)})
    assert page.status_code == 200, page.text[:300]
    assert "李娟" in page.text and 'capture="environment"' in page.text
    return page.text, {"csrf_token": csrf_of(page.text), "day": day, "village_id": str(assessed.town.east),
                       "group_id": "", "cleaner_id": str(assessed.town.cleaner),
                       "inspector_id": str(assessed.town.inspector)}


def head(assessed: Assessed) -> int:
    return assessed.app.recorder.max_notification_id() or 0


def test_the_office_records_a_patrol_with_a_photo_and_opens_a_problem_from_its_finding(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    page, fields = form_for(assessed, office)
    assert "五堆" in page or "piles" in page  # the items of the rules in force that day
    answer = office.post("/web/patrols", data={**fields, "item": "piles", "count-piles": "2",
                                               "note-piles": "路口两处柴堆"},
                         files={"photo-piles": ("现场.jpg", JPEG, "image/jpeg")})
    assert answer.status_code == 200 and "巡查已登记" in answer.text, answer.text[:500]
    assert "路口两处柴堆" in answer.text and "一组至三组" in answer.text  # the cleaner's own area
    patrol_id = re.search(r"/patrols/([0-9a-f-]{36})", str(answer.url)).group(1)
    day = office.get("/web/patrols?day=2023-05-02").text
    assert f"/web/patrols/{patrol_id}" in day and "李娟" in day and "× 2" in day
    form = answer.text.split('class="stack touch open-problem"')[1]
    opened = office.post(f"/web/patrols/{patrol_id}/findings/1/problem", data={
        "csrf_token": csrf_of(answer.text), "expected_version": "1", "category": "five_piles",
        "place": "东沟村一组路口", "description": re.search(r'name="description" value="([^"]+)"', form).group(1)})
    assert opened.status_code == 200 and "/web/problems/" in str(opened.url), opened.text[:500]
    assert "镇巡查" in opened.text
    again = office.get(f"/web/patrols/{patrol_id}").text
    assert "已登记为问题" in again and "open-problem" not in again


def test_a_ticked_item_without_a_photo_is_refused_with_the_form_kept_and_nothing_recorded(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    _, fields = form_for(assessed, office)
    before = head(assessed)
    answer = office.post("/web/patrols", data={**fields, "item": "piles", "count-piles": "3",
                                               "note-piles": "桥头一堆", "area": "桥头"})
    assert answer.status_code == 422 and "没有照片" in answer.text
    assert 'value="桥头一堆"' in answer.text and 'value="3"' in answer.text and 'value="桥头"' in answer.text
    assert head(assessed) == before
    late = office.post("/web/patrols", data={**fields, "day": "2023-04-10", "item": "piles"},
                       files={"photo-piles": ("现场.jpg", JPEG, "image/jpeg")})
    assert late.status_code == 409 and "已结账" in late.text and head(assessed) == before


def test_a_patrol_is_corrected_and_withdrawn_with_a_reason(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    _, fields = form_for(assessed, office)
    answer = office.post("/web/patrols", data={**fields, "item": "piles"},
                         files={"photo-piles": ("现场.jpg", JPEG, "image/jpeg")})
    patrol_id = re.search(r"/patrols/([0-9a-f-]{36})", str(answer.url)).group(1)
    token = csrf_of(answer.text)
    refused = office.post(f"/web/patrols/{patrol_id}/correct", data={"csrf_token": token, "expected_version": "1",
                                                                     "item": "piles", "count-piles": "4"})
    assert refused.status_code == 422 and "原因" in refused.text and 'value="4"' in refused.text
    corrected = office.post(f"/web/patrols/{patrol_id}/correct", data={
        "csrf_token": token, "expected_version": "1", "item": "piles", "count-piles": "4", "reason": "复核后为四处"})
    assert "巡查已更正" in corrected.text and "× 4" in corrected.text
    assert "/thumbnail" in corrected.text  # the photo taken first is kept
    withdrawn = office.post(f"/web/patrols/{patrol_id}/withdraw", data={
        "csrf_token": token, "expected_version": "2", "reason": "重复登记"})
    assert "巡查已撤销" in withdrawn.text and 'id="patrol-status"><span class="status bad">已撤销' in withdrawn.text


def test_only_the_office_records_patrols(assessed: Assessed) -> None:
    for who in ("cadre", "cleaner", "inspector"):
        client = assessed.signed_in(who)
        assert client.get("/web/patrols").status_code == 403
        assert "日巡查" not in client.get("/web/").text.split("</nav>")[0]
    assert "日巡查" in assessed.signed_in("office").get("/web/").text.split("</nav>")[0]


def test_a_phone_photo_larger_than_a_small_form_is_taken(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    _, fields = form_for(assessed, office)
    big = JPEG[:-2] + bytes(300 * 1024) + JPEG[-2:]  # a camera's photo is megabytes; a plain form's limit is 64 KiB
    answer = office.post("/web/patrols", data={**fields, "item": "piles"},
                         files={"photo-piles": ("现场.jpg", big, "image/jpeg")})
    assert answer.status_code == 200 and "巡查已登记" in answer.text
