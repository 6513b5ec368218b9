"""``GET /log/head``: the log's last position and when it was recorded, for every signed-in role."""

from __future__ import annotations

from datetime import datetime

from taizhang.clock import SimulatedClock
from tests.api.conftest import USERS, Township
from tests.api.helpers import PHOTO, ok


def test_the_head_is_the_last_command_s_position_and_recorded_time_for_every_role(
    township: Township, clock: SimulatedClock
) -> None:
    first = record_problem(township)
    for username in USERS:
        head = ok(township.client.get("/log/head", headers=township.as_(username)))
        assert head["position"] == first["position"] == township.app.recorder.max_notification_id(), username
        assert datetime.fromisoformat(head["recorded_at"]) == datetime.fromisoformat(first["recorded_at"])
    clock.advance(minutes=5)
    second = record_problem(township)
    head = ok(township.client.get("/log/head", headers=township.as_("reporter")))
    assert (head["position"], head["recorded_at"]) == (second["position"], second["recorded_at"])
    assert datetime.fromisoformat(second["recorded_at"]) > datetime.fromisoformat(first["recorded_at"])
    assert township.client.get("/log/head").status_code == 401


def record_problem(township: Township) -> dict[str, str]:
    body = {"source": "aerial_photo", "category": "informal_dump", "village_id": str(township.village),
            "place": "村口", "description": "垃圾", "evidence": [PHOTO]}
    return ok(township.client.post("/problems", json=body, headers=township.as_("office")), 201)
