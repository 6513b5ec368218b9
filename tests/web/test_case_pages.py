"""An accountability case carried on the 问责 page: opened from its fired trigger, 约谈 with a photo of the signed
record, commitment, follow-up, and closed by another inspector than the one who opened it — each step the API's
route of the same name, refused in words with what was typed kept, and nothing recorded on refusal."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from domain.account import AccessRole
from tests.api.conftest import PASSWORD, PHOTO_BYTES, Township, township  # noqa: F401 - served with /web
from tests.api.helpers import ok
from tests.api.test_flags_api import two_problems_with_one_photo


def signed_in(api: object, username: str) -> TestClient:
    browser = TestClient(api, follow_redirects=True)  # type: ignore[arg-type]
    page = browser.get("/web/login")
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)"', page.text))
    answer = browser.post("/web/login", data={**fields, "username": username, "password": PASSWORD})
    assert answer.status_code == 200 and "退出" in answer.text, answer.text[:300]
    return browser


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]


def test_a_case_is_carried_from_its_trigger_to_closing_on_the_page(township: Township) -> None:  # noqa: F811
    c, as_ = township.client, township.as_
    position = two_problems_with_one_photo(township)
    flags = ok(c.get("/flags", params={"wait_for_position": position, "kind": "reused_evidence"},
                     headers=as_("inspector")))["flags"]
    ok(c.post("/flags/review", json={"flag_key": flags[0]["key"], "verdict": "confirmed", "reason": "照片为旧照"},
              headers=as_("inspector")))
    township.api.state.context.desk.open("inspector2", PASSWORD, AccessRole.INSPECTOR, "setup", None)
    inspector, other, office = (signed_in(township.api, u) for u in ("inspector", "inspector2", "office"))

    page = inspector.get("/web/cases").text
    assert page.count('id="red-black"') == 1 and re.search(r"<title>问责[^<]*</title>", page)
    assert "疑点经核实" in page and "张军" in page and 'class="open-case"' in page
    assert office.get("/web/cases").status_code == 403  # the inspector's desk, not the office's
    key = re.search(r'name="trigger_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert office.post("/web/cases", data={"csrf_token": token(page), "trigger_key": key}).status_code == 403
    opened = inspector.post("/web/cases", data={"csrf_token": token(page), "trigger_key": key})
    assert opened.status_code == 200 and "已立案" in opened.text
    case_id = re.search(r"case=([0-9a-f-]{36})", str(opened.url)).group(1)  # type: ignore[union-attr]

    before = township.app.recorder.max_notification_id()
    refused = inspector.post(f"/web/cases/{case_id}/interview",
                             data={"csrf_token": token(opened.text), "held_on": "2023-03-01", "attendees": "张军",
                                   "minutes": ""},
                             files={"evidence": ("签字记录.jpg", PHOTO_BYTES, "image/jpeg")})
    assert refused.status_code == 422 and 'id="refusal"' in refused.text and "张军</textarea>" in refused.text
    assert township.app.recorder.max_notification_id() == before  # nothing recorded, no photo kept

    steps = [("interview",
              {"held_on": "2023-03-01", "attendees": "张军、李书记", "minutes": "约谈村干部，说明照片来历"}, "已约谈"),
             ("commitment", {"what": "重新整改并上传现场照片", "due": "2023-03-20"}, "已承诺整改"),
             ("follow-up", {"met": "true", "note": "回访核查，现场已整改"}, "已回访核查")]
    page_now = opened.text
    signed_record = PHOTO_BYTES * 400  # a phone's photo of the signed record (~0.3 MB), over a plain form's limit
    for step, fields, stage in steps:
        files = {"evidence": ("签字记录.jpg", signed_record, "image/jpeg")} if step == "interview" else None
        done = inspector.post(f"/web/cases/{case_id}/{step}", data={"csrf_token": token(page_now), **fields},
                              files=files)
        assert done.status_code == 200 and stage in done.text, (step, done.text[:400])
        page_now = done.text
    by_opener = inspector.post(f"/web/cases/{case_id}/close", data={"csrf_token": token(page_now), "note": "结案"})
    assert by_opener.status_code in (409, 422) and 'id="refusal"' in by_opener.text
    followed_up_at = ok(c.get("/cases", headers=as_("inspector")))["snapshot"]["recorded_at"]
    closed = other.post(f"/web/cases/{case_id}/close",
                        data={"csrf_token": token(other.get("/web/cases").text), "note": "承诺已兑现，结案"})
    assert closed.status_code == 200 and "已结案" in closed.text
    assert len(re.findall(r'<span class="position">\d+</span>', closed.text)) == 5  # each step with its position
    [case] = ok(c.get("/cases", headers=as_("inspector")))["cases"]
    assert case["stage_label"] == "已结案" and case["respondents"][0]["name"] == "张军"

    # The cases read model answers as of a moment: before the closing, the case stood followed up, with no forms.
    [then] = ok(c.get("/cases", params={"as_of": followed_up_at}, headers=as_("inspector")))["cases"]
    assert then["stage"] == "followed_up" and then["positions"] == case["positions"][:4]
    past = inspector.get("/web/cases", params={"as_of": followed_up_at}).text
    assert re.findall(r'class="tag case-stage">([^<]+)<', past) == ["已回访核查"]
    assert 'class="case-step ' not in past and "case-step escalate" not in past  # no steps taken in the past
    detail = ok(c.get(f"/cases/{case_id}", headers=as_("inspector")))
    assert [e["event_type"] for e in detail["events"]] == [
        "AccountabilityCase.Opened", "AccountabilityCase.InterviewHeld", "AccountabilityCase.CommitmentMade",
        "AccountabilityCase.FollowUpChecked", "AccountabilityCase.Closed"]
    assert [s["position"] for s in detail["steps"]] == case["positions"]
    assert detail["steps"][-1]["actor"] == "inspector2"
