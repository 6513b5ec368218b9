"""The whole problem lifecycle through HTTP, with the actor always taken from the sign-in."""

from __future__ import annotations

import uuid

from tests.api.conftest import Township
from tests.api.helpers import PHOTO, RECTIFICATION, assigned, ok, register


def test_a_problem_is_registered_assigned_rectified_verified_closed_and_reopened(township: Township) -> None:
    c, as_ = township.client, township.as_
    pid = assigned(township)
    ok(
        c.post(
            f"/problems/{pid}/extend",
            json={"deadline": {"due": "2023-03-20"}, "reason": "连续降雨", "approver": "王镇长"},
            headers=as_("office"),
        )
    )
    ok(c.post(f"/problems/{pid}/rectification", json=RECTIFICATION, headers=as_("cadre")))
    ok(
        c.post(
            f"/problems/{pid}/verification",
            json={"outcome": "send_back", "reason": "照片看不清"},
            headers=as_("office"),
        )
    )
    ok(c.post(f"/problems/{pid}/rectification", json=RECTIFICATION, headers=as_("cadre")))
    ok(c.post(f"/problems/{pid}/verification", json={"outcome": "pass", "note": "复核合格"}, headers=as_("office2")))
    closed = ok(c.post(f"/problems/{pid}/close", json={"note": "对账销号"}, headers=as_("office")))
    assert closed["version"] == 8 and closed["position"] > 0
    ok(
        c.post(
            f"/problems/{pid}/reopen",
            json={"reason": "复查反弹", "deadline": {"working_days": 3}},
            headers=as_("office"),
        )
    )

    answer = c.get(f"/problems/{pid}", headers=as_("inspector"))
    problem = ok(answer)
    assert answer.headers["ETag"] == '"9"'
    assert problem["stage"] == "reopened" and problem["reopen_count"] == 1 and problem["sent_back_count"] == 1
    steps = [(s["type"], s["actor"]) for s in problem["timeline"]]
    assert steps == [
        ("Registered", "office"),
        ("Assigned", "office"),
        ("DeadlineExtended", "office"),
        ("RectificationReported", "cadre"),
        ("RectificationRejected", "office"),
        ("RectificationReported", "cadre"),
        ("RectificationPassed", "office2"),
        ("Closed", "office"),
        ("Reopened", "office"),
    ]
    assert problem["timeline"][2]["details"]["approver"] == "王镇长"
    assert problem["timeline"][3]["details"]["resources"]["labour_person_times"] == 6


def test_the_reporter_of_a_rectification_may_not_verify_it(township: Township) -> None:
    pid = assigned(township)
    ok(township.client.post(f"/problems/{pid}/rectification", json=RECTIFICATION, headers=township.as_("office")))
    answer = township.client.post(
        f"/problems/{pid}/verification", json={"outcome": "pass"}, headers=township.as_("office")
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "self_verification_forbidden"


def test_a_client_cannot_set_the_actor_or_unknown_fields(township: Township) -> None:
    answer = township.client.post(
        "/problems",
        json={"source": "aerial_photo", "category": "informal_dump", "village_id": str(township.village),
              "place": "村口", "description": "垃圾", "actor": "someone-else"},
        headers=township.as_("office"),
    )
    body = ok(answer, 422)
    assert body["code"] == "invalid_request" and body["details"]["errors"][0]["type"] == "extra_forbidden"
    assert set(body) == {"code", "message_zh", "message_en", "details"}


def test_a_step_out_of_order_is_a_conflict_with_a_clear_message(township: Township) -> None:
    pid = register(township)
    body = ok(township.client.post(f"/problems/{pid}/close", json={}, headers=township.as_("office")), 409)
    assert body["code"] == "stage_not_allowed" and "已登记" in body["message_zh"]


def test_a_domain_refusal_of_input_is_422(township: Township) -> None:
    pid = register(township)
    body = ok(
        township.client.post(
            f"/problems/{pid}/void", json={"kind": "duplicate", "reason": "重复"}, headers=township.as_("office")
        ),
        422,
    )
    assert body["code"] == "invalid_input"


def test_a_cadre_sees_and_acts_on_their_own_village_only(township: Township) -> None:
    c, as_ = township.client, township.as_
    pid = assigned(township)
    assert ok(c.get(f"/problems/{pid}", headers=as_("cadre")))["id"] == pid
    assert ok(c.get(f"/problems/{pid}", headers=as_("cadre.other")), 404)["code"] == "not_found"
    ok(c.post(f"/problems/{pid}/rectification", json=RECTIFICATION, headers=as_("cadre.other")), 404)
    assert [v["code"] for v in ok(c.get("/villages", headers=as_("cadre")))] == ["v01"]
    ok(c.get(f"/villages/{township.other_village}", headers=as_("cadre")), 404)


def test_a_public_reporter_files_public_reports_and_follows_only_their_own(township: Township) -> None:
    c, as_ = township.client, township.as_
    refused = ok(c.post("/problems", json=_report(township, source="secret_inspection"), headers=as_("reporter")), 422)
    assert refused["code"] == "invalid_input"
    mine = ok(c.post("/problems", json=_report(township), headers=as_("reporter")), 201)["id"]
    assert ok(c.get(f"/problems/{mine}", headers=as_("reporter")))["source"] == "public_report"
    ok(c.get(f"/problems/{register(township)}", headers=as_("reporter")), 404)
    # The village concerned never learns who reported (risk of retaliation); the office does.
    assert ok(c.get(f"/problems/{mine}", headers=as_("cadre")))["timeline"][0]["actor"] != "reporter"
    assert ok(c.get(f"/problems/{mine}", headers=as_("office")))["timeline"][0]["actor"] == "reporter"


def test_an_unknown_problem_is_404_in_the_common_shape(township: Township) -> None:
    body = ok(township.client.get(f"/problems/{uuid.uuid4()}", headers=township.as_("inspector")), 404)
    assert body["message_en"].startswith("no problem")


def test_organisation_people_and_calendar(township: Township) -> None:
    c, as_ = township.client, township.as_
    group = ok(c.post(f"/villages/{township.village}/groups", json={"name": "一组"}, headers=as_("admin")), 201)
    person = ok(c.post("/people", json={"name": "李明", "phone": "13800000000"}, headers=as_("office")), 201)["id"]
    role = {
        "role": "cleaner",
        "unit_kind": "group",
        "unit_id": group["group_id"],
        "start": "2023-01-01",
        "area": "村口",
    }
    taken = ok(c.post(f"/people/{person}/roles", json=role, headers=as_("office")), 201)
    ok(
        c.post(
            f"/people/{person}/roles/{taken['number']}/end",
            json={"end": "2023-02-28", "reason": "换人"},
            headers=as_("office"),
        )
    )
    assert ok(c.get(f"/people/{person}?on=2023-02-01", headers=as_("inspector")))["roles"][0]["role"] == "cleaner"
    assert ok(c.get(f"/people/{person}?on=2023-03-01", headers=as_("inspector")))["roles"] == []
    notice = {"year": 2031, "holidays": ["2031-01-01"], "title": "国办发明电〔2030〕X号"}
    ok(c.post("/calendar/notices", json=notice, headers=as_("office")), 201)
    assert ok(c.get("/calendar/notices/2031", headers=as_("cleaner")))["holidays"] == ["2031-01-01"]
    assert ok(c.get("/township", headers=as_("reporter")))["code"] == "demo"


def _report(township: Township, **fields: str) -> dict[str, object]:
    return {"source": "public_report", "category": "informal_dump", "village_id": str(township.village),
            "place": "河边", "description": "夜间倾倒建筑垃圾", "evidence": [PHOTO], **fields}
