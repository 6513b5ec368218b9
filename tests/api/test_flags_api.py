"""The inspector's red flags through the API: listed by name, expanded to their events, reviewed by the inspector."""

from __future__ import annotations

from tests.api.conftest import Township
from tests.api.helpers import PHOTO, RECTIFICATION, assigned, ok


def two_problems_with_one_photo(township: Township) -> int:
    c, as_ = township.client, township.as_
    position = 0
    for _ in range(2):
        pid = assigned(township)
        position = ok(c.post(f"/problems/{pid}/rectification", json=RECTIFICATION, headers=as_("cadre")))["position"]
    return position


def test_the_inspector_lists_a_reused_photo_by_name_and_reviews_it(township: Township) -> None:
    c, as_ = township.client, township.as_
    position = two_problems_with_one_photo(township)
    listed = ok(c.get("/flags", params={"wait_for_position": position}, headers=as_("inspector")))
    reused = [f for f in listed["flags"] if f["kind"] == "reused_evidence" and PHOTO["sha256"] in f["key"]]
    [flag] = reused
    assert flag["kind_label"] == "照片重复使用" and flag["status_label"] == "待核查"
    assert "cadre" in flag["people_refs"] and "张军" in flag["people"]
    detail = ok(c.get("/flags/detail", params={"key": flag["key"]}, headers=as_("inspector")))
    assert {e["event_type"] for e in detail["events"]} == {"Problem.Registered", "Problem.RectificationReported"}
    assert all(e["actor"] != "cadre" for e in detail["events"])  # names, not usernames

    body = {"flag_key": flag["key"], "verdict": "dismissed", "reason": "同一处点位的两次反馈，照片确为同一张"}
    ok(c.post("/flags/review", json=body, headers=as_("office")), 403)
    done = ok(c.post("/flags/review", json=body, headers=as_("inspector")))
    after = ok(c.get("/flags", params={"wait_for_position": done["position"], "status": "dismissed"},
                     headers=as_("inspector")))
    assert [f["key"] for f in after["flags"]] == [flag["key"]]
    assert after["flags"][0]["review"]["reason"] == body["reason"]
    before = ok(c.get("/flags", params={"as_of": detail["snapshot"]["recorded_at"], "status": "dismissed"},
                      headers=as_("inspector")))
    assert before["flags"] == []


def test_a_review_of_a_flag_that_is_not_raised_or_without_a_reason_is_refused(township: Township) -> None:
    c, as_ = township.client, township.as_
    two_problems_with_one_photo(township)
    unknown = c.post("/flags/review", json={"flag_key": "reused_evidence:nothing", "verdict": "confirmed",
                                            "reason": "核实"}, headers=as_("inspector"))
    assert unknown.status_code == 404 and "找不到疑点" in unknown.text
    assert c.post("/flags/review", json={"flag_key": "x", "verdict": "maybe", "reason": "核实"},
                  headers=as_("inspector")).status_code == 422
    unknown_kind = c.get("/flags", params={"kind": "nonsense"}, headers=as_("inspector"))
    assert unknown_kind.status_code == 422 and "未知的疑点类型" in unknown_kind.text


def test_the_flags_of_a_year_or_of_days_say_their_period_and_a_period_that_cannot_be_is_refused(
    township: Township,
) -> None:
    c, as_ = township.client, township.as_
    position = two_problems_with_one_photo(township)
    latest = ok(c.get("/flags", params={"wait_for_position": position}, headers=as_("inspector")))
    year = int(latest["period"]["label"])
    assert latest["period"]["words"] == f"{year}年" and latest["flags"]
    assert ok(c.get("/flags", params={"year": year}, headers=as_("inspector")))["flags"] == latest["flags"]
    earlier = ok(c.get("/flags", params={"year": year - 1}, headers=as_("inspector")))
    assert earlier["flags"] == [] and earlier["period"]["first"] == f"{year - 1}-01-01"
    days = ok(c.get("/flags", params={"period_from": f"{year}-01-01", "period_to": f"{year}-01-31"},
                    headers=as_("inspector")))
    assert days["period"]["label"] == f"{year}-01-01~{year}-01-31"
    both = c.get("/flags", params={"year": year, "period_from": f"{year}-01-01"}, headers=as_("inspector"))
    assert both.status_code == 422 and "请只选一种" in both.text
    backwards = c.get("/flags", params={"period_from": f"{year}-05-01", "period_to": f"{year}-04-01"},
                      headers=as_("inspector"))
    assert backwards.status_code == 422 and "结束日早于开始日" in backwards.text
    far = c.get("/flags/detail", params={"key": "late_entry:9999:person:cadre"}, headers=as_("inspector"))
    assert far.status_code == 404 and "找不到疑点" in far.text
