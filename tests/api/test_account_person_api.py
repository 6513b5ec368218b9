"""An account names its person: a cleaner sees their own rows, never a namesake's; linking is the admin's."""

from __future__ import annotations

import uuid
from datetime import date

from domain.account import AccessRole
from domain.acts import Evidence
from domain.assessment.patrol import Finding
from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.vocabulary import Role, UnitKind
from tests.api.conftest import PASSWORD, Township, sign_in
from tests.api.helpers import PHOTO, ok
from tests.assessment.rulebooks import rules_2023

FEBRUARY = Month(2023, 2)


def two_namesakes_patrolled(township: Township) -> tuple[uuid.UUID, uuid.UUID, int]:
    """Two cleaners both named 李娟: one patrol each in February (2 and 4 litter findings), the month closed."""
    app, village = township.app, township.village
    app.adopt_rules(rules_2023(), "setup")
    inspector = app.enrol_person("周巡查", "", "setup").id
    cleaners = []
    for found in (2, 4):
        person = app.enrol_person("李娟", "", "setup").id
        app.take_role(person, Role.CLEANER, UnitKind.VILLAGE, village, date(2023, 1, 1), "setup")
        finding = Finding("litter", found, (Evidence(PHOTO["sha256"], PHOTO["name"], PHOTO["media_type"]),))
        app.record_patrol(date(2023, 2, 10), village, inspector, [finding], "setup", cleaner_id=person)
        cleaners.append(person)
    app.close_month(FEBRUARY, "setup")
    position = app.draft_pay_sheet(SheetKind.CLEANER_BONUS, FEBRUARY, "setup").position
    return cleaners[0], cleaners[1], position


def test_a_cleaner_sees_their_own_rating_pay_line_and_month_and_not_their_namesakes(township: Township) -> None:
    c, as_ = township.client, township.as_
    own, namesake, position = two_namesakes_patrolled(township)
    township.api.state.context.desk.open("lijuan", PASSWORD, AccessRole.CLEANER, "setup", person_id=own)
    lijuan, wait = sign_in(c, "lijuan"), {"wait_for_position": position}

    everyone = ok(c.get("/ratings/2023-02", params=wait, headers=as_("inspector")))["ratings"]
    assert sorted((r["cleaner_name"], r["score"]) for r in everyone) == [("李娟", "80.00"), ("李娟", "90.00")]
    ratings = ok(c.get("/ratings/2023-02", params=wait, headers=lijuan))["ratings"]
    assert [(r["cleaner_id"], r["score"]) for r in ratings] == [(str(own), "90.00")]
    lines = ok(c.get("/pay-sheets/cleaner_bonus/2023-02", params=wait, headers=lijuan))["lines"]
    assert [(line["person_id"], line["amount"]) for line in lines] == [(str(own), "300.00")]

    month = ok(c.get(f"/cleaners/{own}/months/2023-02", params=wait, headers=lijuan))
    assert month["person_name"] == "李娟" and month["frozen"] and month["sheet_status"] == "draft"
    assert [(p["day"], p["score"]) for p in month["patrols"]] == [("2023-02-10", "90.00")]
    litter = next(i for i in month["patrols"][0]["items"] if i["code"] == "litter")
    assert (litter["findings"], litter["deducted"]) == (2, "10.00")
    assert month["rating"]["score"] == "90.00" and [x["amount"] for x in month["bonus_lines"]] == ["300.00"]
    assert ok(c.get(f"/cleaners/{namesake}/months/2023-02", headers=lijuan), 404)["code"] == "not_found"
    theirs = ok(c.get(f"/cleaners/{namesake}/months/2023-02", params=wait, headers=as_("inspector")))
    assert [p["score"] for p in theirs["patrols"]] == ["80.00"] and theirs["rating"]["score"] == "80.00"
    assert ok(c.get(f"/cleaners/{own}/months/2023-02", headers=as_("cadre")), 403)["code"] == "not_permitted"
    assert ok(c.get(f"/cleaners/{uuid.uuid4()}/months/2023-02", headers=as_("inspector")), 404)["code"] == "not_found"


def test_the_administrator_links_and_relinks_and_the_record_says_who_and_when(township: Township) -> None:
    c, as_ = township.client, township.as_
    own, namesake, position = two_namesakes_patrolled(township)
    body = {"username": "li.juan", "password": "cleaner-pass-1", "access_role": "cleaner", "display_name": "李娟"}
    unknown = str(uuid.uuid4())
    assert (
        ok(c.post("/accounts", json={**body, "person_id": unknown}, headers=as_("admin")), 404)["code"] == "not_found"
    )
    ok(c.post("/accounts", json={**body, "person_id": str(namesake)}, headers=as_("admin")), 201)
    twice = {**body, "username": "li.juan2", "person_id": str(namesake)}
    refused = ok(c.post("/accounts", json=twice, headers=as_("admin")), 409)
    assert refused["code"] == "person_has_account" and refused["details"]["username"] == "li.juan"
    lijuan = sign_in(c, "li.juan", "cleaner-pass-1")
    wait = {"wait_for_position": position}
    assert [r["score"] for r in ok(c.get("/ratings/2023-02", params=wait, headers=lijuan))["ratings"]] == ["80.00"]

    link = {"person_id": str(own), "reason": "开户时选错了同名人员"}
    assert ok(c.post("/accounts/li.juan/person", json=link, headers=as_("office")), 403)["code"] == "not_permitted"
    assert ok(c.post("/accounts/li.juan/person", json={**link, "person_id": unknown}, headers=as_("admin")), 404)
    assert ok(c.post("/accounts/li.juan/person", json={**link, "reason": ""}, headers=as_("admin")), 422)
    stale = ok(c.post("/accounts/li.juan/person", json={**link, "expected_version": 0}, headers=as_("admin")), 409)
    assert stale["code"] == "concurrent_change"
    relinked = ok(c.post("/accounts/li.juan/person", json=link, headers=as_("admin")))
    assert ok(c.get("/accounts/li.juan", headers=as_("inspector")))["person_id"] == str(own)
    assert [r["score"] for r in ok(c.get("/ratings/2023-02", params=wait, headers=lijuan))["ratings"]] == ["90.00"]
    history = ok(c.get(f"/audit/entities/{relinked['id']}/history", headers=as_("inspector")))
    steps = history["events"] if isinstance(history, dict) else history
    linked = [s for s in steps if s["event_type"].endswith("PersonLinked")]
    assert [(s["actor"], s["reason"]) for s in linked] == [("admin", "开户时选错了同名人员")]
