"""Accountability cases through the API: a confirmed red flag fires a trigger; the inspector opens the case against
the people it names, records the 约谈, the commitment and its follow-up; the opener may not close it, and escalates."""

from __future__ import annotations

from tests.api.conftest import Township
from tests.api.helpers import ok
from tests.api.test_flags_api import two_problems_with_one_photo


def test_a_confirmed_flag_becomes_a_case_carried_to_escalation(township: Township) -> None:
    c, as_ = township.client, township.as_
    position = two_problems_with_one_photo(township)
    flags = ok(c.get("/flags", params={"wait_for_position": position, "kind": "reused_evidence"},
                     headers=as_("inspector")))["flags"]
    key = flags[0]["key"]
    assert ok(c.get("/cases/triggers", headers=as_("inspector")))["triggers"] == []
    done = ok(c.post("/flags/review", json={"flag_key": key, "verdict": "confirmed", "reason": "现场核实，照片为旧照"},
                     headers=as_("inspector")))
    [trigger] = ok(c.get("/cases/triggers", params={"wait_for_position": done["position"]},
                         headers=as_("inspector")))["triggers"]
    assert trigger["kind_label"] == "疑点经核实" and [r["name"] for r in trigger["respondents"]] == ["张军"]

    assert c.post("/cases", json={"trigger_key": trigger["key"]}, headers=as_("office")).status_code == 403
    case_id = ok(c.post("/cases", json={"trigger_key": trigger["key"]}, headers=as_("inspector")), 201)["id"]
    again = c.post("/cases", json={"trigger_key": trigger["key"]}, headers=as_("inspector"))
    assert again.status_code == 404  # no longer among the triggers without a case
    steps = [
        ("interview", {"held_on": "2023-03-01", "attendees": ["张军"], "minutes": "约谈村干部，说明照片来历"}),
        ("commitment", {"what": "重新整改并上传现场照片", "due": "2023-03-20"}),
        ("follow-up", {"met": False, "note": "回访发现现场仍未整改"}),
    ]
    for step, body in steps:
        ok(c.post(f"/cases/{case_id}/{step}", json=body, headers=as_("inspector")))
    refused = c.post(f"/cases/{case_id}/close", json={"note": "结案"}, headers=as_("inspector"))
    assert refused.status_code in (409, 422) and "升级处理" in refused.text
    escalated = ok(c.post(f"/cases/{case_id}/escalate", json={"to": "notice_criticism", "reason": "承诺未兑现"},
                          headers=as_("inspector")))
    # The list is a read model: it answers once it has reached the escalation's position.
    [case] = ok(c.get("/cases", params={"wait_for_position": escalated["position"]}, headers=as_("inspector")))["cases"]
    assert case["stage_label"] == "已升级处理" and case["escalations"] == ["notice_criticism"]
    assert case["respondents"][0]["name"] == "张军"
