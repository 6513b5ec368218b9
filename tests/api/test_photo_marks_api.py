"""A photo uploaded through the API is marked once, when stored, and its marks travel in the records citing it:
the same picture re-encoded is then found cited again though its sha256 differs."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from domain.local_time import CHINA
from domain.problem import Problem
from tests.api.conftest import Township
from tests.api.helpers import RECTIFICATION, ok, register, upload
from tests.support.pictures import jpeg, scene

TAKEN = datetime(2023, 2, 27, 10, 15, tzinfo=CHINA)


def test_an_uploaded_photo_and_its_re_encoding_carry_their_perceptual_hash_into_the_events(
        township: Township) -> None:
    c, as_ = township.client, township.as_
    picture = scene(7)
    original = upload(township, "office", jpeg(picture, 92, taken=TAKEN, gps=(34.5, 105.72)))
    copy = upload(township, "cadre", jpeg(picture, 55, (800, 600)))
    assert original["sha256"] != copy["sha256"]
    store = township.api.state.context.evidence
    kept = json.loads((store.path_of(original["sha256"]).parent / (original["sha256"][2:] + ".marks.json"))
                      .read_text())
    assert kept["taken_at"] == "2023-02-27T10:15:00+08:00"
    assert (kept["latitude"], kept["longitude"]) == ("34.500000", "105.720000")

    before = {"sha256": original["sha256"], "name": "发现.jpg", "media_type": "image/jpeg"}
    pid = register(township, evidence=[before])
    ok(c.post(f"/problems/{pid}/assign", json={"deadline": {"working_days": 5}}, headers=as_("office")))
    after = {"sha256": copy["sha256"], "name": "整改后.jpg", "media_type": "image/jpeg"}
    done = ok(c.post(f"/problems/{pid}/rectification", json={**RECTIFICATION, "evidence": [after]},
                     headers=as_("cadre")))

    app = township.app
    recorded = [app.mapper.to_domain_event(e) for e in app.recorder.select_events(uuid.UUID(pid))]
    [registered] = [e for e in recorded if isinstance(e, Problem.Registered)]
    [rectified] = [e for e in recorded if isinstance(e, Problem.RectificationReported)]
    [first], [second] = registered.evidence, rectified.evidence
    assert first["phash"] == kept["phash"] and first["taken_at"] == kept["taken_at"]
    assert first["latitude"] == "34.500000" and "taken_at" not in second
    assert (int(first["phash"], 16) ^ int(second["phash"], 16)).bit_count() <= 6

    listed = ok(c.get("/flags", params={"wait_for_position": done["position"]}, headers=as_("inspector")))
    [flag] = [f for f in listed["flags"] if f["kind"] == "reused_evidence"]
    assert "同一画面重新编码的 2 张照片" in flag["reason"]
    assert "既作整改前的发现照片，又作整改后的照片" in flag["reason"]
