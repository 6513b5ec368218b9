"""Retries over an unreliable network are safe; a stale write is a conflict, never an overwrite."""

from __future__ import annotations

from tests.api.conftest import Township
from tests.api.helpers import RECTIFICATION, assigned, ok, register

VILLAGE = {"name": "南坡村", "code": "v03"}


def positions(township: Township) -> int:
    return township.app.recorder.max_notification_id() or 0


def test_a_retry_with_the_same_key_and_body_returns_the_first_answer_and_records_nothing(township: Township) -> None:
    c, headers = township.client, township.as_("office", **{"Idempotency-Key": "k-1"})
    first = c.post("/villages", json=VILLAGE, headers=headers)
    assert first.status_code == 201
    before = positions(township)
    retry = c.post("/villages", content=b'{ "code": "v03",  "name": "\\u5357\\u5761\\u6751" }',
                   headers={**headers, "Content-Type": "application/json"})
    assert retry.status_code == 201 and retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert positions(township) == before


def test_the_same_key_with_another_body_is_refused(township: Township) -> None:
    headers = township.as_("office", **{"Idempotency-Key": "k-2"})
    ok(township.client.post("/villages", json=VILLAGE, headers=headers), 201)
    before = positions(township)
    body = ok(township.client.post("/villages", json={"name": "北山村", "code": "v04"}, headers=headers), 422)
    assert body["code"] == "idempotency_key_reused"
    assert positions(township) == before


def test_keys_belong_to_their_caller(township: Township) -> None:
    c = township.client
    ok(c.post("/villages", json=VILLAGE, headers=township.as_("office", **{"Idempotency-Key": "shared"})), 201)
    other = c.post(
        "/villages",
        json={"name": "北山村", "code": "v04"},
        headers=township.as_("admin", **{"Idempotency-Key": "shared"}),
    )
    assert other.status_code == 201 and "Idempotent-Replayed" not in other.headers


def test_a_refused_command_releases_its_key_for_the_retry(township: Township) -> None:
    c, as_ = township.client, township.as_
    pid = assigned(township)
    close = {"note": "销号"}
    headers = as_("office", **{"Idempotency-Key": "close-1"})
    assert c.post(f"/problems/{pid}/close", json=close, headers=headers).status_code == 409
    ok(c.post(f"/problems/{pid}/rectification", json=RECTIFICATION, headers=as_("cadre")))
    ok(c.post(f"/problems/{pid}/verification", json={"outcome": "pass"}, headers=as_("office")))
    ok(c.post(f"/problems/{pid}/close", json=close, headers=headers))


def test_a_retry_racing_the_first_request_is_told_to_wait(township: Township) -> None:
    store = township.api.state.context.idempotency
    import json

    from taizhang.store.idempotency import fingerprint

    body = json.dumps(VILLAGE).encode()
    secret = township.api.state.context.secret
    store.reserve("office", "racing", fingerprint(secret, "POST", "/villages", body), township.app.clock.now())
    answer = township.client.post("/villages", content=body, headers=township.as_(
        "office", **{"Idempotency-Key": "racing", "Content-Type": "application/json"}))
    assert ok(answer, 409)["code"] == "request_in_progress"
    assert answer.headers["Retry-After"] == "1"


def test_a_stale_version_in_if_match_is_a_conflict_naming_the_current_version(township: Township) -> None:
    pid = register(township)
    body = ok(
        township.client.post(
            f"/problems/{pid}/assign",
            json={"deadline": {"working_days": 5}},
            headers=township.as_("office", **{"If-Match": '"7"'}),
        ),
        409,
    )
    assert body["code"] == "concurrent_change" and body["details"]["current_version"] == 1
    ok(
        township.client.post(
            f"/problems/{pid}/assign",
            json={"deadline": {"working_days": 5}},
            headers=township.as_("office", **{"If-Match": '"1"'}),
        )
    )


def test_a_stale_expected_version_in_the_body_is_a_conflict(township: Township) -> None:
    pid = register(township)
    body = ok(
        township.client.post(
            f"/problems/{pid}/assign",
            json={"deadline": {"working_days": 5}, "expected_version": 0},
            headers=township.as_("office"),
        ),
        409,
    )
    assert body["details"]["current_version"] == 1


def test_a_malformed_if_match_is_refused(township: Township) -> None:
    pid = register(township)
    answer = township.client.post(
        f"/problems/{pid}/assign",
        json={"deadline": {"working_days": 5}},
        headers=township.as_("office", **{"If-Match": "abc"}),
    )
    assert ok(answer, 422)["code"] == "invalid_input"
