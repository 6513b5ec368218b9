"""Every route × every access role (and a cadre of another village): allowed or denied, as decided.

A route without a decision in ``taizhang.access.policy.POLICY`` fails here; so does a decision for a route that
no longer exists.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from api.app import api_routes
from api.figures import token
from domain.acts import Evidence
from domain.assessment.letters import LetterKind
from domain.assessment.patrol import Finding
from projections.provenance import problem_ref
from taizhang.access.policy import POLICY, allows, is_public
from tests.api.conftest import USERS, Township
from tests.api.helpers import PHOTO, RECTIFICATION, assigned, ok, register, upload
from tests.assessment.rulebooks import rules_2023

DENIED = 403
# Routes that reach into one village's record: a cadre of another village gets 404 there.
VILLAGE_SCOPED = {
    "villages.get", "people.get", "problems.get", "problems.report_rectification",
    "ledger.list", "ledger.overdue", "ledger.counts", "ledger.time_to_close", "provenance.get", "evidence.get",
    "reports.get", "letters.draft", "letters.sign", "letters.renew", "letters.revoke", "villages.coverage",
}
# Query strings that name the first village's record (so another village's cadre must get 404).
QUERIES = {
    "ledger.list": "?village_id={village_id}",
    "ledger.overdue": "?village_id={village_id}&on=2023-06-01",
    "ledger.counts": "?village_id={village_id}&group_by=source",
    "ledger.time_to_close": "?village_id={village_id}",
    "provenance.get": "?ref={problem_ref}",
    "summary.get": "?from=2023-01-01&to=2023-12-31",
    "flags.get": "?key=reused_evidence:none",
}
# Bodies valid enough to pass validation, so that the object-level check decides (another village: 404).
BODIES = {
    "problems.report_rectification": RECTIFICATION,
    "letters.draft": {"kind": "five_guarantees", "village_id": "{village_id}", "targets": ["门前无垃圾"],
                      "period_start": "2023-01-01", "period_end": "2023-12-31", "household": "一组 张大"},
    "letters.sign": {"side": "first", "signatory": "李主任", "day": "2023-02-01"},
    "letters.renew": {"period_start": "2024-01-01", "period_end": "2024-12-31"},
    "letters.revoke": {"day": "2023-02-20", "reason": "农户搬迁"},
}
# GETs that may answer 404 to an allowed role: nothing published yet for the sample period.
MAY_BE_ABSENT = {"calendar.get_notice", "bulletins.get", "flags.get", "red_black.get", "cases.get"}


def test_every_route_has_a_decision_and_every_decision_a_route(township: Township) -> None:
    names = {entry.name for entry in api_routes(township.api)}
    assert names - POLICY.keys() == set(), "routes without an access decision"
    assert POLICY.keys() - names == set(), "decisions for routes that do not exist"


def test_only_sign_in_and_the_health_probes_are_public_and_everything_else_needs_a_caller(
    township: Township,
) -> None:
    for entry in api_routes(township.api):
        if is_public(entry.name):
            assert entry.name in ("auth.token", "health.live", "health.ready")
            continue
        answer = township.client.request(entry.method, concrete(entry.path, _ids(township)), json={})
        assert answer.status_code == 401, f"{entry.method} {entry.path} answered {answer.status_code} without sign-in"


# Reads kept from the inspector by design: a reporter's identity (only the office paying rewards) and
# the list of one's own reports (an inspector has none).
NOT_FOR_INSPECTORS = {"reports.identity", "reports.mine"}
# What the inspector does record: the review of a red flag (已核实 / 排除) and the steps of an accountability
# case, which change no one's record.
INSPECTORS_RECORD = {"flags.review", "cases.open", "cases.interview", "cases.commit", "cases.follow_up",
                     "cases.close", "cases.escalate"}


def test_the_inspector_changes_nothing_and_reads_everything(township: Township) -> None:
    for entry in api_routes(township.api):
        if entry.name in NOT_FOR_INSPECTORS:
            assert not allows(entry.name, USERS["inspector"][0]), entry.name
        elif entry.method == "GET" or entry.name in INSPECTORS_RECORD:
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
        body = {k: v.replace("{village_id}", ids["village_id"]) if isinstance(v, str) else v
                for k, v in BODIES.get(entry.name, {}).items()}
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
            if entry.method == "GET" and entry.name not in MAY_BE_ABSENT:
                assert answer.status_code == 200, where


def _ids(township: Township) -> dict[str, str]:
    c, as_ = township.client, township.as_
    if not hasattr(township, "_matrix_ids"):
        person = str(township.app.account("cleaner").person_id)  # the cleaner's own month is theirs to read
        problem_id = assigned(township)
        # A photo cited by a public report in the first village: its cadre and its reporter may see it.
        sha256 = upload(township, "reporter")["sha256"]
        cited = {**PHOTO, "sha256": sha256}
        register(township, who="reporter", source="public_report", evidence=[cited])
        report = {"village_id": str(township.village), "place": "河堤", "description": "倾倒垃圾", "evidence": [cited],
                  "reporter_name": "张三", "reporter_contact": "13800000000"}
        report_id = ok(c.post("/reports", json=report, headers=as_("reporter")), 201)["id"]
        assessment = assessment_records(township, person)
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
            "month": "2023-02",
            "kind": "cleaner_bonus",
            "quarter": "1",
            "case_id": str(uuid.uuid4()),
            **assessment,
        }
    return township._matrix_ids  # type: ignore[attr-defined]


def assessment_records(township: Township, person: str) -> dict[str, str]:
    """Rules in force, a patrol with a finding, a work record, a sewage station, a household letter."""
    app, village = township.app, township.village
    app.adopt_rules(rules_2023(), "setup")
    finding = Finding("litter", 1, (Evidence(PHOTO["sha256"], PHOTO["name"], PHOTO["media_type"]),))
    patrol = app.record_patrol(date(2023, 2, 10), village, uuid.UUID(person), [finding], "setup").id
    record = app.record_work("five_piles_households", Decimal(3), "setup", village_id=village).id
    station = app.build_sewage_station(village, "东沟污水站", uuid.UUID(person), 1, "setup").id
    letter = app.draft_letter(LetterKind.FIVE_GUARANTEES, village, ["门前无垃圾"], date(2023, 1, 1),
                              date(2023, 12, 31), "setup", household="二组 王五").id
    return {"patrol_id": str(patrol), "record_id": str(record), "station_id": str(station), "letter_id": str(letter)}


def concrete(path: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no sample value for a parameter of {path}"
    return path
