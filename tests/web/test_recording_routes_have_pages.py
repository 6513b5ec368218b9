"""Every recording step the API's policy gives a township role has a workspace page, or is listed here with why not.

The steps the workspace offers are read from its source: each ``record_form`` or ``check_step`` call names the
API route it is (``web.actions``), a problem's actions are ``web.access.ACTION_ROUTES``, and a page whose
audience is a recording route's (``web.access.PAGE_ROUTES``) records through it. The recording routes are the
API's POST, PUT, PATCH and DELETE routes, by the name the policy table decides them under.
"""

from __future__ import annotations

import ast
from pathlib import Path

from api.app import api_routes, create_api
from domain.account import AccessRole
from taizhang.access.policy import POLICY
from taizhang.settings import Settings
from web.access import ACTION_ROUTES, PAGE_ROUTES

WEB = Path(__file__).resolve().parents[2] / "web"
TOWNSHIP_ROLES = {AccessRole.TOWNSHIP_ADMIN, AccessRole.ENVIRONMENT_OFFICE, AccessRole.INSPECTOR,
                  AccessRole.VILLAGE_CADRE, AccessRole.CLEANER}  # the leader and finance sign in as staff
STEP_CALLS = {"record_form": 1, "check_step": 1}  # the argument naming the route

# Recording steps with no page yet, each with why. A step leaves this list when its page is made.
WITHOUT_PAGE = {
    "accounts.issue_api_key": "a machine client's key: the administrator issues it through the API the client uses",
    "accounts.revoke_api_key": "a machine client's key: revoked through the API, beside its issuing",
    "evidence.upload": "a form's photos are stored as the form is recorded (web.forms.evidence_from), never apart",
    "reports.forget_identity": "the reporter's identity is forgotten when the reward is paid; a lawful request "
                               "to forget it earlier is rare and goes through the API",
}


def recording_routes() -> set[str]:
    api = create_api(Settings(store="memory"))
    return {e.name for e in api_routes(api) if e.method in ("POST", "PUT", "PATCH", "DELETE") and e.name in POLICY}


def township_recording_routes() -> set[str]:
    return {r for r in recording_routes() if isinstance(POLICY[r], frozenset) and POLICY[r] & TOWNSHIP_ROLES
            and r not in ("auth.token",)}


def steps_in_web() -> set[str]:
    steps = set(ACTION_ROUTES.values()) | {r for routes in PAGE_ROUTES.values() for r in routes}
    for source in WEB.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in STEP_CALLS:
                argument = node.args[STEP_CALLS[node.func.id]] if len(node.args) > 1 else None
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    steps.add(argument.value)
    return steps


def test_the_recording_routes_are_found() -> None:
    found = township_recording_routes()
    assert {"patrols.record", "pay_sheets.approve", "problems.assign", "letters.sign"} <= found


def test_every_recording_step_of_a_township_role_has_a_page_or_a_reason() -> None:
    missing = township_recording_routes() - steps_in_web() - set(WITHOUT_PAGE)
    assert not missing, f"recording steps with neither a page nor a reason here: {sorted(missing)}"


def test_a_step_listed_without_a_page_has_none_and_is_a_recording_step() -> None:
    assert not set(WITHOUT_PAGE) & steps_in_web(), "a step with a page: take it off WITHOUT_PAGE"
    assert set(WITHOUT_PAGE) <= township_recording_routes()
