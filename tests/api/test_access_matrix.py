"""Every route × every access role (and a cadre of another village): allowed or denied, as decided.

A route without a decision in ``api.policy.POLICY`` fails here; so does a decision for a route that
no longer exists.
"""

from __future__ import annotations

from api.app import api_routes
from api.figures import token
from api.policy import POLICY, allows, is_public
from projections.provenance import problem_ref
from tests.api.conftest import USERS, Township
from tests.api.helpers import PHOTO, RECTIFICATION, assigned, ok, register, upload

DENIED = 403
# Routes that reach into one village's record: a cadre of another village gets 404 there.
VILLAGE_SCOPED = {
    "villages.get", "people.get", "problems.get", "problems.report_rectification",
    "ledger.list", "ledger.overdue", "ledger.counts", "ledger.time_to_close", "provenance.get", "evidence.get",
    "reports.get",
}
# Query strings that name the first village's record (so another village's cadre must get 404).
QUERIES = {
    "ledger.list": "?village_id={village_id}",
    "ledger.overdue": "?village_id={village_id}&on=2023-06-01",
    "ledger.counts": "?village_id={village_id}&group_by=source",
    "ledger.time_to_close": "?village_id={village_id}",
    "provenance.get": "?ref={problem_ref}",
}


def test_every_route_has_a_decision_and_every_decision_a_route(township: Township) -> None:
    names = {entry.name for entry in api_routes(township.api)}
    assert names - POLICY.keys() == set(), "routes without an access decision"
    assert POLICY.keys() - names == set(), "decisions for routes that do not exist"


def test_only_sign_in_is_public_and_everything_else_needs_a_caller(township: Township) -> None:
    for entry in api_routes(township.api):
        if is_public(entry.name):
            assert entry.name == "auth.token"
            continue
        answer = township.client.request(entry.method, concrete(entry.path, _ids(township)), json={})
        assert answer.status_code == 401, f"{entry.method} {entry.path} answered {answer.status_code} without sign-in"


# Reads kept from the inspector by design: a reporter's identity (only the office paying rewards) and
# the list of one's own reports (an inspector has none).
NOT_FOR_INSPECTORS = {"reports.identity", "reports.mine"}


def test_the_inspector_changes_nothing_and_reads_everything(township: Township) -> None:
    for entry in api_routes(township.api):
        if entry.name in NOT_FOR_INSPECTORS:
            assert not allows(entry.name, USERS["inspector"][0]), entry.name
        elif entry.method == "GET":
            assert allows(entry.name, USERS["inspector"][0]), entry.name
        elif entry.name not in {"auth.token", "accounts.change_own_password"}:
            assert not allows(entry.name, USERS["inspector"][0]), entry.name


def test_each_role_is_allowed_exactly_what_the_policy_decides(township: Township) -> None:
    for username in sorted(USERS):
        check_decisions(township, username)


def check_decisions(township: Township, username: str) -> None:
    role = USERS[username][0]
    ids = _ids(township)
    for entry in api_routes(township.api):
        if is_public(entry.name):
            continue
        body = RECTIFICATION if entry.name == "problems.report_rectification" else {}
        path = concrete(entry.path + QUERIES.get(entry.name, ""), ids)
        answer = township.client.request(entry.method, path, json=body, headers=township.as_(username))
        where = f"{username} ({role}) {entry.method} {entry.path} → {answer.status_code} {answer.text[:120]}"
        if not allows(entry.name, role):
            assert answer.status_code == DENIED, where
        elif username == "cadre.other" and entry.name in VILLAGE_SCOPED:
            assert answer.status_code == 404, where
        elif username == "reporter" and entry.name == "problems.get":
            assert answer.status_code == 404, where  # a reporter follows only their own reports
        else:
            assert answer.status_code not in (401, 403), where
            assert answer.status_code < 500, where
            if entry.method == "GET" and entry.name != "calendar.get_notice":
                assert answer.status_code == 200, where


def _ids(township: Township) -> dict[str, str]:
    c, as_ = township.client, township.as_
    if not hasattr(township, "_matrix_ids"):
        person = ok(c.post("/people", json={"name": "王保洁"}, headers=as_("office")), 201)["id"]
        role = {"role": "cleaner", "unit_kind": "village", "unit_id": str(township.village), "start": "2023-01-01"}
        ok(c.post(f"/people/{person}/roles", json=role, headers=as_("office")), 201)
        problem_id = assigned(township)
        # A photo cited by a public report in the first village: its cadre and its reporter may see it.
        sha256 = upload(township, "reporter")["sha256"]
        cited = {**PHOTO, "sha256": sha256}
        register(township, who="reporter", source="public_report", evidence=[cited])
        report = {"village_id": str(township.village), "place": "河堤", "description": "倾倒垃圾", "evidence": [cited],
                  "reporter_name": "张三", "reporter_contact": "13800000000"}
        report_id = ok(c.post("/reports", json=report, headers=as_("reporter")), 201)["id"]
        context = township.api.state.context
        assert context.projector.wait_for(township.app.recorder.max_notification_id())
        township._matrix_ids = {  # type: ignore[attr-defined]
            "village_id": str(township.village),
            "problem_id": problem_id,
            "sha256": sha256,
            "report_id": report_id,
            "entity_id": problem_id,
            "problem_ref": token(problem_ref(problem_id)),
            "person_id": person,
            "number": "1",
            "year": "2023",
            "username": "cleaner",
            "key_id": "0" * 12,
        }
    return township._matrix_ids  # type: ignore[attr-defined]


def concrete(path: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no sample value for a parameter of {path}"
    return path
