"""The ledger and its figures over HTTP: read-your-writes, as-of, a cadre's village, provenance."""

from __future__ import annotations

from typing import Any

from api.app import create_api
from taizhang.clock import SimulatedClock
from tests.api.conftest import FAST_HASHER, Township
from tests.api.helpers import RECTIFICATION, ok, register


def read(township: Township, who: str, path: str, **params: Any) -> dict[str, Any]:
    return ok(township.client.get(path, params=params or None, headers=township.as_(who)))


def command(township: Township, who: str, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    return ok(township.client.post(path, json=body, headers=township.as_(who)), status)


def test_a_read_waits_for_the_command_it_follows_and_each_figure_expands_to_its_events(township: Township) -> None:
    pid = register(township, occurred_at="2023-02-26T09:00:00+08:00")  # three days before the clock's now
    command(township, "office", f"/problems/{pid}/assign", {"deadline": {"working_days": 5}})
    command(township, "cadre", f"/problems/{pid}/rectification", RECTIFICATION)
    command(township, "office2", f"/problems/{pid}/verification", {"outcome": "pass"})
    closed = command(township, "office", f"/problems/{pid}/close", {"note": "销号"})

    page = read(township, "inspector", "/ledger", wait_for_position=closed["position"])
    assert page["snapshot"]["position"] >= closed["position"] and page["total"] == 1
    row = page["rows"][0]
    assert row["problem_id"] == pid and row["stage"] == "closed" and row["closed_on_time"] is True
    assert row["labour_person_times"] == 6 and row["tonnes_cleared"] == "1.5"
    events = read(township, "inspector", row["provenance"])["events"]
    assert [(e["event_type"], e["actor"]) for e in events] == [
        ("Problem.Registered", "office"), ("Problem.Assigned", "office"),
        ("Problem.RectificationReported", "cadre"), ("Problem.RectificationPassed", "office2"),
        ("Problem.Closed", "office"),
    ]

    counts = read(township, "office", "/ledger/counts", group_by=["village_id", "stage"])
    assert [(r["key"], r["count"]) for r in counts["rows"]] == [
        ({"village_id": str(township.village), "stage": "closed"}, 1)
    ]
    behind = read(township, "office", counts["rows"][0]["provenance"])
    assert behind["problems"] == 1 and behind["total_events"] == 5
    closing = read(township, "office", "/ledger/time-to-close", group_by=["category"])
    assert closing["rows"][0]["count"] == 1 and 3 <= closing["rows"][0]["median_days"] < 3.1


def test_the_record_as_it_stood_and_what_was_overdue_on_a_day(township: Township, clock: SimulatedClock) -> None:
    first = register(township)
    clock.advance(seconds=1)
    before = clock.now().isoformat()  # after the registration was recorded, before the assignment
    clock.advance(seconds=1)
    assigned = command(township, "office", f"/problems/{first}/assign", {"deadline": {"due": "2023-03-10"}})
    register(township, category="garbage_burning")

    latest = read(township, "office", "/ledger", wait_for_position=assigned["position"] + 1, sort="registered_at")
    assert [r["stage"] for r in latest["rows"]] == ["assigned", "registered"]
    then = read(township, "office", "/ledger", as_of=before)
    assert [r["stage"] for r in then["rows"]] == ["registered"] and then["snapshot"]["latest"] is False

    on_deadline = read(township, "office", "/ledger/overdue", on="2023-03-10")
    assert on_deadline["count"] == 0
    after = read(township, "office", "/ledger/overdue", on="2023-03-11")
    assert after["count"] == 1 and after["rows"][0]["days_overdue"] == 1
    assert read(township, "office", after["provenance"])["problems"] == 1
    assert read(township, "office", "/ledger", overdue=True, on="2023-03-11")["total"] == 1
    assert read(township, "office", "/ledger/overdue", on="2023-03-11", as_of=before)["count"] == 0


def test_a_cadre_sees_only_their_village_and_never_a_public_reporter(township: Township) -> None:
    mine = register(township, who="reporter", source="public_report")
    theirs = register(township, village_id=str(township.other_village))
    township.api.state.context.projector.wait_for(township.app.recorder.max_notification_id())

    page = read(township, "cadre", "/ledger")
    assert [r["problem_id"] for r in page["rows"]] == [mine]
    assert page["rows"][0]["last_actor"] == "群众举报人（已隐去）"
    registered = read(township, "cadre", page["rows"][0]["provenance"])["events"][0]
    assert registered["actor"] == "群众举报人（已隐去）"
    assert read(township, "office", "/ledger", source="public_report")["rows"][0]["last_actor"] == "reporter"

    counts = read(township, "cadre", "/ledger/counts")
    assert [r["key"]["village_id"] for r in counts["rows"]] == [str(township.village)]
    other = {"village_id": str(township.other_village)}
    for path in ("/ledger", "/ledger/counts", "/ledger/overdue", "/ledger/time-to-close"):
        answer = township.client.get(path, params=other, headers=township.as_("cadre"))
        assert answer.status_code == 404, path
    their_row = read(township, "office", "/ledger", **other)["rows"][0]
    assert their_row["problem_id"] == theirs
    assert township.client.get(their_row["provenance"], headers=township.as_("cadre")).status_code == 404
    forged = read(township, "office", "/ledger/counts", **other)["rows"][0]["provenance"]
    assert township.client.get(forged, headers=township.as_("cadre")).status_code == 404


def test_queries_answer_clearly_when_the_read_models_lag(township: Township) -> None:
    """With the projector in another process (here: not running), a wait is bounded and says so."""
    context = township.api.state.context
    context.projector.stop()
    settings = context.settings.model_copy(update={"run_projections": False, "read_wait_seconds": 0.2})
    separate = create_api(
        settings, application=township.app, side_tables=context.desk.credentials.tables,
        password_hasher=FAST_HASHER, projector=context.projector,
    )
    from fastapi.testclient import TestClient

    with TestClient(separate) as client:
        headers = township.as_("office")
        position = register(township) and township.app.recorder.max_notification_id()
        answer = client.get("/ledger", params={"wait_for_position": position}, headers=headers)
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "1"
        assert answer.json()["details"]["position"] == position
        beyond = client.get("/ledger", params={"wait_for_position": position + 100}, headers=headers)
        assert beyond.status_code == 422
        context.projector.catch_up()  # what `taizhang projections run` does beside the API workers
        caught_up = ok(client.get("/ledger", params={"wait_for_position": position}, headers=headers))
        assert caught_up["total"] == 1
