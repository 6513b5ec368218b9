"""Retry keys keep nothing a reporter's identity could be recomputed from, expire, and never stick after a crash.

The retry table once kept an unsalted sha256 of each body, a report's name and contact included,
for ever; and a reservation left by a killed server answered "in progress" for ever. On both stores.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest

from domain.errors import ConcurrentChange
from taizhang.store.idempotency import IdempotencyStore, Reserved, fingerprint
from taizhang.store.retry_marks import RetryClaim, claiming
from tests.api.conftest import Township
from tests.api.helpers import PHOTO, ok

VILLAGE = {"name": "北山村", "code": "v09"}


def report_body(township: Township, name: str = "张三", contact: str = "13800000000") -> dict[str, object]:
    return {"village_id": str(township.village), "place": "河堤东侧", "description": "夜间倾倒建筑垃圾",
            "evidence": [PHOTO], "reporter_name": name, "reporter_contact": contact}


def rows(township: Township) -> list[tuple[object, ...]]:
    tables = township.api.state.context.idempotency.tables
    return [*tables.query("SELECT * FROM taizhang_retry_keys"), *tables.query("SELECT * FROM taizhang_retry_records")]


def test_nothing_kept_for_a_retry_lets_anyone_recompute_a_reporters_identity(township: Township) -> None:
    c = township.client
    body = json.dumps(report_body(township), ensure_ascii=False).encode()
    headers = township.as_("reporter", **{"Idempotency-Key": "report-1", "Content-Type": "application/json"})
    report = ok(c.post("/reports", content=body, headers=headers), 201)
    kept = rows(township)
    text = json.dumps(kept, default=str, ensure_ascii=False)
    assert "张三" not in text and "13800000000" not in text
    canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    guessable = hashlib.sha256(b"POST /reports\n" + canonical).hexdigest()  # what the table once held
    assert guessable not in text
    # The name and contact are not part of the fingerprint at all: another name gives the same one ...
    secret = township.api.state.context.secret
    other = json.dumps(report_body(township, "李四", "13900000000"), ensure_ascii=False).encode()
    assert fingerprint(secret, "POST", "/reports", other, {"reporter_name", "reporter_contact"}) in text
    # ... so a retry is recognised without them, and forgetting the identity leaves nothing behind.
    assert c.post("/reports", content=other, headers=headers).headers["Idempotent-Replayed"] == "true"
    ok(c.post(f"/reports/{report['id']}/forget-identity", json={"reason": "依法删除"}, headers=township.as_("office")))
    assert "张三" not in json.dumps(rows(township), default=str, ensure_ascii=False)


def test_a_key_and_its_answer_expire(township: Township) -> None:
    store: IdempotencyStore = township.api.state.context.idempotency
    now = township.app.clock.now()
    headers = township.as_("admin", **{"Idempotency-Key": "old-key"})
    first = ok(township.client.post("/villages", json=VILLAGE, headers=headers), 201)
    store._purged_at = None  # the next reservation purges, a lifetime later
    later = store.reserve("admin", "another", "print", now + store.lifetime + timedelta(minutes=1))
    assert isinstance(later, Reserved)
    keys = [row[1] for row in store.tables.query("SELECT caller, idempotency_key FROM taizhang_retry_keys")]
    assert keys == ["another"] and first["id"]


def test_a_reservation_whose_command_never_recorded_is_taken_over_by_the_retry(township: Township) -> None:
    """As if the server had died between reserving the key and recording: the retry runs, once."""
    store: IdempotencyStore = township.api.state.context.idempotency
    secret = township.api.state.context.secret
    body = json.dumps(VILLAGE).encode()
    abandoned = store.reserve("admin", "crashed", fingerprint(secret, "POST", "/villages", body),
                              township.app.clock.now() - store.stale_after - timedelta(seconds=1))
    assert isinstance(abandoned, Reserved)
    headers = township.as_("admin", **{"Idempotency-Key": "crashed", "Content-Type": "application/json"})
    answer = ok(township.client.post("/villages", content=body, headers=headers), 201)
    again = township.client.post("/villages", content=body, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == answer
    # The abandoned attempt, should it still be running somewhere, can no longer record anything.
    before = township.app.recorder.max_notification_id()
    with claiming(RetryClaim("admin", "crashed", abandoned.attempt)), pytest.raises(ConcurrentChange):
        township.app.register_village("南山村", "v10", "admin")
    assert township.app.recorder.max_notification_id() == before


def test_a_recorded_command_whose_answer_was_lost_is_never_run_again(township: Township) -> None:
    store: IdempotencyStore = township.api.state.context.idempotency
    secret = township.api.state.context.secret
    body = json.dumps(VILLAGE).encode()
    held = store.reserve("admin", "lost", fingerprint(secret, "POST", "/villages", body),
                         township.app.clock.now() - timedelta(hours=1))
    assert isinstance(held, Reserved)
    with claiming(RetryClaim("admin", "lost", held.attempt)):  # recorded; then the server died before answering
        recorded = township.app.register_village(VILLAGE["name"], VILLAGE["code"], "admin")
    headers = township.as_("admin", **{"Idempotency-Key": "lost", "Content-Type": "application/json"})
    answer = township.client.post("/villages", content=body, headers=headers)
    assert answer.status_code == 409 and answer.json()["code"] == "request_already_recorded"
    assert answer.json()["details"]["recorded_id"] == str(recorded.id)
