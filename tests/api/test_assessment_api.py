"""A month scored, closed and paid through the API; each role sees only what is theirs."""

from __future__ import annotations

import io
import uuid

from openpyxl import load_workbook

from api.routes.pay import XLSX
from domain.account import AccessRole
from tests.api.conftest import PASSWORD, Township, sign_in
from tests.api.helpers import PHOTO, ok
from tests.assessment.rulebooks import rules_2023


def cells(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value)


def test_a_month_scored_closed_and_paid_with_each_role_seeing_its_own(township: Township) -> None:
    c, as_, village = township.client, township.as_, str(township.village)
    ok(c.post("/rules", json=rules_2023().as_record(), headers=as_("office")), 201)
    assert ok(c.post("/rules", json=rules_2023().as_record(), headers=as_("office")), 409)["code"] == "already_exists"
    cleaner = ok(c.post("/people", json={"name": "李娟"}, headers=as_("office")), 201)["id"]
    role = {"role": "cleaner", "unit_kind": "village", "unit_id": village, "start": "2023-01-01"}
    ok(c.post(f"/people/{cleaner}/roles", json=role, headers=as_("office")), 201)
    inspector = ok(c.post("/people", json={"name": "周巡查"}, headers=as_("office")), 201)["id"]
    township.api.state.context.desk.open("lijuan", PASSWORD, AccessRole.CLEANER, "setup", person_id=uuid.UUID(cleaner))
    lijuan = sign_in(c, "lijuan")

    patrol = {"day": "2023-02-10", "village_id": village, "inspector_id": inspector, "cleaner_id": cleaner,
              "findings": [{"item": "litter", "count": 2, "evidence": [PHOTO]}]}
    recorded = ok(c.post("/patrols", json=patrol, headers=as_("office")), 201)
    no_rules = ok(
        c.post("/patrols", json={**patrol, "day": "2022-12-10", "cleaner_id": None}, headers=as_("office")), 422
    )
    assert no_rules["code"] == "rule_version_missing"
    problem = {"category": "informal_dump", "place": "村口", "description": "白色垃圾"}
    ok(c.post(f"/patrols/{recorded['id']}/findings/1/problem", json=problem, headers=as_("office")), 201)

    assert ok(c.post("/months/2023-03/close", headers=as_("office")), 409)["code"] == "period_not_over"
    ok(c.post("/months/2023-02/close", headers=as_("office")))
    assert ok(c.post("/patrols", json=patrol, headers=as_("office")), 409)["code"] == "period_closed"

    ok(c.post("/pay-sheets/cleaner_bonus/2023-02", headers=as_("office")), 201)
    refused = ok(c.post("/pay-sheets/cleaner_bonus/2023-02/approve", json={}, headers=as_("office")), 409)
    assert refused["code"] == "self_approval_forbidden"
    approved = ok(c.post("/pay-sheets/cleaner_bonus/2023-02/approve", json={}, headers=as_("office2")))
    paid = ok(
        c.post(
            "/pay-sheets/cleaner_bonus/2023-02/paid",
            json={"reference": "银行批次 0231", "paid_on": "2023-03-01"},
            headers=as_("admin"),
        )
    )
    wait = {"wait_for_position": paid["position"]}

    sheet = ok(c.get("/pay-sheets/cleaner_bonus/2023-02", params=wait, headers=as_("inspector")))
    assert sheet["status"] == "paid" and sheet["rule_version_id"] == "2023-01"
    assert [(line["person_name"], line["amount"]) for line in sheet["lines"]] == [
        ("李娟", "300.00")
    ]  # 100 − 2 × 5 = 90 points: 优秀
    events = ok(c.get(sheet["lines"][0]["provenance"], headers=as_("inspector")))["events"]
    assert "DailyPatrol.Recorded" in {e["event_type"] for e in events}
    own = ok(c.get("/pay-sheets/cleaner_bonus/2023-02", params=wait, headers=lijuan))
    assert [line["person_name"] for line in own["lines"]] == ["李娟"]
    assert ok(c.get("/pay-sheets/cleaner_bonus/2023-02", params=wait, headers=as_("cleaner")))["lines"] == []
    workbook = c.get("/pay-sheets/cleaner_bonus/2023-02", params={"format": "xlsx"}, headers=as_("inspector"))
    assert workbook.headers["content-type"] == XLSX and workbook.content[:2] == b"PK"
    assert c.get("/pay-sheets/cleaner_bonus/2023-02", params={"format": "xlsx"}, headers=lijuan).status_code == 403
    then = c.get("/pay-sheets/cleaner_bonus/2023-02", params={"format": "xlsx", "as_of": approved["recorded_at"]},
                 headers=as_("inspector"))  # as approved, before it was paid: the workbook says so too
    assert "银行批次 0231" in cells(workbook.content) and "银行批次 0231" not in cells(then.content)

    ratings = ok(c.get("/ratings/2023-02", params=wait, headers=lijuan))
    assert ratings["frozen"] and [(r["cleaner_name"], r["score"]) for r in ratings["ratings"]] == [("李娟", "90.00")]
    assert ok(c.get("/ratings/2023-02", params=wait, headers=as_("cleaner")))["ratings"] == []
    ranking = ok(c.get("/rankings/2023-02", params=wait, headers=as_("cadre")))
    assert [s["village_id"] for s in ranking["standings"]] == [village]
    assert village not in {
        s["village_id"] for s in ok(c.get("/rankings/2023-02", headers=as_("cadre.other")))["standings"]
    }
    assert len(ok(c.get("/rankings/2023-02", headers=as_("inspector")))["standings"]) == 2
    assert ok(c.get("/year-end/2023", headers=as_("inspector")))["frozen"] is False


def test_a_cadre_manages_their_village_household_letters_and_sees_its_coverage(township: Township) -> None:
    c, as_, village = township.client, township.as_, str(township.village)
    letter = {"kind": "five_guarantees", "village_id": village, "targets": ["门前无垃圾"], "period_start": "2023-01-01",
              "period_end": "2023-12-31", "household": "一组 张大"}
    assert (
        c.post("/letters", json={**letter, "kind": "target", "household": ""}, headers=as_("cadre")).status_code == 403
    )
    assert c.post("/letters", json=letter, headers=as_("cadre.other")).status_code == 404
    lid = ok(c.post("/letters", json=letter, headers=as_("cadre")), 201)["id"]
    ok(
        c.post(
            f"/letters/{lid}/sign",
            json={"side": "first", "signatory": "李主任", "day": "2023-02-01"},
            headers=as_("cadre"),
        )
    )
    ok(
        c.post(
            f"/letters/{lid}/sign",
            json={"side": "second", "signatory": "张大", "day": "2023-02-01"},
            headers=as_("cadre"),
        )
    )
    assert c.post(f"/letters/{lid}/revoke", json={"day": "2023-02-20", "reason": "x搬迁"},
                  headers=as_("cadre.other")).status_code == 404
    counted = ok(
        c.post(
            f"/villages/{village}/households",
            json={"households": 4, "as_on": "2023-01-01", "source": "户籍"},
            headers=as_("office"),
        )
    )
    query = {"on": "2023-02-15", "wait_for_position": counted["position"]}
    coverage = ok(c.get(f"/villages/{village}/coverage", params=query, headers=as_("cadre")))
    assert (coverage["signed"], coverage["households"], coverage["percent"]) == (1, 4, "25.00")
    assert c.get(f"/villages/{village}/coverage", params=query, headers=as_("cadre.other")).status_code == 404
    last = ok(c.post(f"/letters/{lid}/revoke", json={"day": "2023-02-20", "reason": "农户搬迁"}, headers=as_("cadre")))
    later = ok(
        c.get(
            f"/villages/{village}/coverage",
            params={"on": "2023-02-25", "wait_for_position": last["position"]},
            headers=as_("inspector"),
        )
    )
    assert later["signed"] == 0
    assert ok(c.post(f"/letters/{lid}/revoke", json={"day": "2023-02-21", "reason": "再次撤销"}, headers=as_("office")),
              409)["code"] == "letter_revoked"
