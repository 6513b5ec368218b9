"""Rewarded public reports over HTTP: the reporter follows their own; only the office sees who they are."""

from __future__ import annotations

from tests.api.conftest import Township
from tests.api.helpers import PHOTO, ok, register


def test_a_named_report_is_checked_rewarded_paid_and_its_reporter_forgotten(township: Township) -> None:
    c, as_ = township.client, township.as_
    body = {"village_id": str(township.village), "place": "河堤东侧", "description": "夜间倾倒建筑垃圾",
            "evidence": [PHOTO], "reporter_name": "张三", "reporter_contact": "13800000000"}
    submitted = ok(c.post("/reports", json=body, headers=as_("reporter")), 201)
    rid = submitted["id"]
    ok(c.post("/reports", json={**body, "reporter_name": "", "reporter_contact": ""}, headers=as_("office")), 201)

    mine = ok(c.get("/reports/mine", params={"wait_for_position": submitted["position"] + 1}, headers=as_("reporter")))
    assert [(r["id"], r["stage"], r["submitted_by"]) for r in mine] == [(rid, "submitted", "reporter")]

    seen_by_cadre = ok(c.get(f"/reports/{rid}", headers=as_("cadre")))
    assert seen_by_cadre["submitted_by"] is None and seen_by_cadre["named"] is True
    assert "张三" not in str(seen_by_cadre)
    for who, status in (("cadre", 403), ("inspector", 403), ("reporter", 403), ("office", 200)):
        assert c.get(f"/reports/{rid}/identity", headers=as_(who)).status_code == status, who
    assert c.get(f"/reports/{rid}", headers=as_("cadre.other")).status_code == 404
    assert ok(c.get(f"/reports/{rid}", headers=as_("inspector")))["submitted_by"] == "reporter"

    pid = register(township, source="public_report")
    ok(c.post(f"/reports/{rid}/confirm", json={"note": "现场核实"}, headers=as_("office")))
    ok(c.post(f"/reports/{rid}/link", json={"problem_id": pid}, headers=as_("office")))
    own_check = c.post(f"/reports/{rid}/reward", json={"amount": "50"}, headers=as_("office"))
    assert own_check.status_code == 409 and own_check.json()["code"] == "self_approval_forbidden"
    ok(c.post(f"/reports/{rid}/reward", json={"amount": "50"}, headers=as_("office2")))
    ok(c.post(f"/reports/{rid}/reward/paid", json={"reference": "镇财政 2023-031"}, headers=as_("office")))
    assert ok(c.get(f"/reports/{rid}/identity", headers=as_("admin"))) == {
        "report_id": rid, "name": "张三", "contact": "13800000000"}

    forgotten = ok(
        c.post(f"/reports/{rid}/forget-identity", json={"reason": "举报人依法申请删除"}, headers=as_("office"))
    )
    gone = c.get(f"/reports/{rid}/identity", headers=as_("office"))
    assert gone.status_code == 409 and gone.json()["code"] == "identity_key_destroyed"
    report = ok(c.get(f"/reports/{rid}", headers=as_("reporter")))
    assert report["stage"] == "paid" and report["identity_forgotten"] is True and report["reward"] == "50.00"

    history = ok(c.get(f"/audit/entities/{rid}/history", params={"wait_for_position": forgotten["position"]},
                       headers=as_("inspector")))
    assert [e["event_type"] for e in history["events"]][-1] == "PublicReport.IdentityForgotten"
    assert "identity_ciphertext" not in history["events"][0]["details"]
