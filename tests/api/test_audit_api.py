"""Inspectors' audit views: an entity's whole history and a person's activity, paginated and as CSV."""

from __future__ import annotations

import csv
import io

from domain.words import event_word
from tests.api.conftest import Township
from tests.api.helpers import PHOTO, RECTIFICATION, ok, register


def test_an_entity_history_names_each_actor_with_their_role_at_the_time_reason_and_evidence(township: Township) -> None:
    c, as_ = township.client, township.as_
    pid = register(township)
    ok(c.post(f"/problems/{pid}/assign", json={"deadline": {"working_days": 5}}, headers=as_("office")))
    ok(c.post(f"/problems/{pid}/rectification", json=RECTIFICATION, headers=as_("cadre")))
    # The cadre moves to the office: their earlier step stays recorded under their role at the time.
    ok(c.post("/accounts/cadre/access", json={"access_role": "environment_office", "reason": "调任镇环境办"},
              headers=as_("admin")))
    ok(c.post(f"/problems/{pid}/verification", json={"outcome": "send_back", "reason": "照片看不清"},
              headers=as_("office")))
    done = ok(c.post(f"/problems/{pid}/void", json={"kind": "mistake", "reason": "重复登记"}, headers=as_("office")))

    query = {"page_size": 3, "wait_for_position": done["position"]}
    first = ok(c.get(f"/audit/entities/{pid}/history", params=query, headers=as_("inspector")))
    assert first["total"] == 5 and len(first["events"]) == 3
    second = ok(c.get(f"/audit/entities/{pid}/history", params={**query, "page": 2}, headers=as_("inspector")))
    events = first["events"] + second["events"]
    assert [(e["event_type"], e["actor"], e["actor_role"]) for e in events] == [
        ("Problem.Registered", "office", "environment_office"),
        ("Problem.Assigned", "office", "environment_office"),
        ("Problem.RectificationReported", "cadre", "village_cadre"),
        ("Problem.RectificationRejected", "office", "environment_office"),
        ("Problem.Voided", "office", "environment_office"),
    ]
    assert events[0]["evidence"] == [PHOTO] and events[3]["reason"] == "照片看不清"
    assert events[2]["details"]["resources"]["labour_person_times"] == 6
    assert all(e["recorded_at"] and e["occurred_at"] for e in events)

    exported = c.get(f"/audit/entities/{pid}/history", params={"format": "csv"}, headers=as_("inspector"))
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert [r["事项"] for r in table] == [event_word(e["event_type"]) for e in events]
    assert table[3]["原因"] == "照片看不清" and table[2]["当时权限"] == "村干部"
    assert table[2]["账号"] == "cadre" and table[2]["办理人"] == "张军"  # the person, and the account beside

    assert c.get(f"/audit/entities/{pid}/history", headers=as_("office")).status_code == 403
    unknown = c.get("/audit/entities/00000000-0000-4000-8000-000000000000/history", headers=as_("inspector"))
    assert unknown.status_code == 404


def test_a_person_activity_over_days_by_when_it_was_recorded(township: Township) -> None:
    c, as_ = township.client, township.as_
    first = register(township, who="office2")
    last = ok(c.post(f"/problems/{first}/assign", json={"deadline": {"working_days": 3}}, headers=as_("office2")))
    register(township)  # someone else's
    wait = {"wait_for_position": last["position"]}

    today = ok(c.get("/audit/people/office2/activity", params={**wait, "from": "2023-03-01", "to": "2023-03-01"},
                     headers=as_("inspector")))
    assert [e["event_type"] for e in today["events"]] == ["Problem.Registered", "Problem.Assigned"]
    assert {e["actor"] for e in today["events"]} == {"office2"}
    earlier = ok(c.get("/audit/people/office2/activity", params={"to": "2023-02-28"}, headers=as_("admin")))
    assert earlier["total"] == 0
    exported = c.get("/audit/people/office2/activity", params={"format": "csv"}, headers=as_("inspector"))
    assert len(list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))) == 2
