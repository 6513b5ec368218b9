"""Signing in: tokens, the rate limit on failures, API keys, disabled accounts, expiry."""

from __future__ import annotations

from taizhang.clock import SimulatedClock
from tests.api.conftest import PASSWORD, Township, sign_in
from tests.api.helpers import ok


def attempt(township: Township, username: str, password: str) -> int:
    return township.client.post("/auth/token", data={"username": username, "password": password}).status_code


def test_five_failed_sign_ins_within_a_minute_lock_that_username_for_the_client(township: Township) -> None:
    assert [attempt(township, "office", "wrong-pass-1") for _ in range(5)] == [401] * 5
    limited = township.client.post("/auth/token", data={"username": "office", "password": PASSWORD})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.json()["code"] == "too_many_attempts"
    assert attempt(township, "admin", PASSWORD) == 200  # another username is not affected


def test_the_limit_lifts_after_the_window(township: Township) -> None:
    limiter = township.api.state.context.limiter
    now = [1000.0]
    limiter.monotonic = lambda: now[0]
    for _ in range(5):
        attempt(township, "office", "wrong-pass-1")
    assert attempt(township, "office", PASSWORD) == 429
    now[0] += 61
    assert attempt(township, "office", PASSWORD) == 200


def test_an_unknown_user_and_a_wrong_password_look_the_same(township: Township) -> None:
    a = township.client.post("/auth/token", data={"username": "nobody", "password": "x-pass-123"})
    b = township.client.post("/auth/token", data={"username": "office", "password": "x-pass-123"})
    assert a.status_code == b.status_code == 401 and a.json()["message_en"] == b.json()["message_en"]


def test_a_token_expires_with_the_clock(township: Township, clock: SimulatedClock) -> None:
    assert township.client.get("/accounts/me", headers=township.as_("office")).status_code == 200
    clock.advance(minutes=31)
    assert ok(township.client.get("/accounts/me", headers=township.as_("office")), 401)["code"] == "not_signed_in"


def test_a_tampered_token_is_refused(township: Township) -> None:
    token = township.as_("office")["Authorization"]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert township.client.get("/accounts/me", headers={"Authorization": forged}).status_code == 401


def test_a_disabled_account_is_refused_at_once(township: Township) -> None:
    ok(township.client.post("/accounts/cleaner/disable", json={"reason": "离职"}, headers=township.as_("admin")))
    assert township.client.get("/accounts/me", headers=township.as_("cleaner")).status_code == 401
    assert attempt(township, "cleaner", PASSWORD) == 401


def test_an_api_key_signs_in_a_machine_client_until_revoked(township: Township) -> None:
    c = township.client
    issued = ok(c.post("/accounts/inspector/api-keys", json={"label": "月度导出"}, headers=township.as_("admin")), 201)
    key = {"X-API-Key": issued["api_key"]}
    assert ok(c.get("/accounts/me", headers=key))["username"] == "inspector"
    assert c.post("/villages", json={"name": "南坡村", "code": "v03"}, headers=key).status_code == 403
    listed = ok(c.get("/accounts/inspector/api-keys", headers=township.as_("inspector")))
    assert [k["key_id"] for k in listed] == [issued["key_id"]] and "api_key" not in listed[0]
    ok(c.post(f"/accounts/inspector/api-keys/{issued['key_id']}/revoke", headers=township.as_("admin")))
    assert c.get("/accounts/me", headers=key).status_code == 401


def test_passwords_change_and_the_log_records_only_that_they_did(township: Township) -> None:
    c = township.client
    body = {"current_password": PASSWORD, "new_password": "new-pass-2024"}
    ok(c.post("/accounts/me/password", json=body, headers=township.as_("cleaner")))
    assert attempt(township, "cleaner", PASSWORD) == 401
    sign_in(c, "cleaner", "new-pass-2024")
    ok(c.post("/accounts/cleaner/password", json={"new_password": "reset-pass-99"}, headers=township.as_("admin")))
    sign_in(c, "cleaner", "reset-pass-99")
    account = township.app.account("cleaner")
    events = list(township.app.repository.event_store.get(account.id))
    assert [type(e).__name__ for e in events] == ["Opened", "PasswordChanged", "PasswordChanged"]
    assert [e.by_reset for e in events[1:]] == [False, True]
    assert not any("pass" in str(value) for e in events for value in e.__dict__.values())


def test_accounts_are_opened_by_the_administrator_with_a_village_for_a_cadre(township: Township) -> None:
    c, admin = township.client, township.as_("admin")
    body = {"username": "zhang.cadre", "password": "cadre-pass-1", "access_role": "village_cadre"}
    assert ok(c.post("/accounts", json=body, headers=admin), 422)["code"] == "invalid_input"
    body["village_id"] = str(township.other_village)
    assert ok(c.post("/accounts", json=body, headers=admin), 422)["code"] == "person_required"
    person = ok(c.post("/people", json={"name": "张村干"}, headers=admin), 201)["id"]
    role = {
        "role": "village_cadre",
        "unit_kind": "village",
        "unit_id": str(township.other_village),
        "start": "2023-01-01",
    }
    ok(c.post(f"/people/{person}/roles", json=role, headers=admin), 201)
    body["person_id"] = person
    ok(c.post("/accounts", json=body, headers=admin), 201)
    assert (
        ok(c.post("/accounts", json={**body, "village_id": str(township.village)}, headers=admin), 409)["code"]
        == "already_exists"
    )
    me = ok(c.get("/accounts/me", headers=sign_in(c, "zhang.cadre", "cadre-pass-1")))
    assert me["village_id"] == str(township.other_village)
    change = {"access_role": "inspector", "reason": "调任纪检"}
    ok(c.post("/accounts/zhang.cadre/access", json=change, headers=admin))
    assert ok(c.get("/accounts/zhang.cadre", headers=township.as_("inspector")))["access_role"] == "inspector"
