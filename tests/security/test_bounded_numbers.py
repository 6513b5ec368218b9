"""Every number that comes in is bounded by its schema: out of range is a 422 in words, never a 500.

A provenance reference with ``problem_id: 10**30`` or a fact version of ``10**30`` once reached the
store and failed there. Read from the OpenAPI document, every integer and number of every parameter
and body has both bounds; the provenance token (not described by OpenAPI) and the web's page
addresses are tried with 10**30.
"""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from api.figures import token
from taizhang.settings import Settings
from tests.api.conftest import Township
from tests.api.helpers import register
from tests.security.browsers import web_browser

HUGE = 10**30


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """What this module checks does not depend on the store: the embedded one is enough."""
    return Settings(store="sqlite", data_dir=tmp_path)


def unbounded(schema: Any, document: dict[str, Any], where: str, seen: tuple[str, ...] = ()) -> list[str]:
    """Where in ``schema`` an integer or number lacks a lower or an upper bound."""
    found: list[str] = []
    if isinstance(schema, list):
        for item in schema:
            found += unbounded(item, document, where, seen)
    if not isinstance(schema, dict):
        return found
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [] if name in seen else unbounded(document["components"]["schemas"][name], document,
                                                 f"{where}→{name}", (*seen, name))
    if schema.get("type") in ("integer", "number"):
        low = "minimum" in schema or "exclusiveMinimum" in schema
        high = "maximum" in schema or "exclusiveMaximum" in schema
        if not (low and high):
            found.append(where)
    for key, value in schema.items():
        found += unbounded(value, document, f"{where}.{key}", seen)
    return found


def test_every_number_in_every_parameter_and_body_is_bounded(township: Township) -> None:
    document = township.client.get("/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                found += unbounded(parameter.get("schema", {}), document, f"{method} {path} {parameter['name']}")
            for content in operation.get("requestBody", {}).get("content", {}).values():
                found += unbounded(content.get("schema", {}), document, f"{method} {path} body")
    assert found == []


def raw_token(ref: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(ref).encode()).decode().rstrip("=")


REFS = [
    {"kind": "problem", "where": {"problem_id": HUGE}},
    {"kind": "facts", "facts": [[1, str(uuid.uuid4()), HUGE]]},
    {"kind": "facts", "facts": [[HUGE, str(uuid.uuid4()), 1]]},
    {"kind": "ledger", "as_of": HUGE},
    {"kind": "ledger", "where": {"village_id": "x" * 10_000}},
]


def test_a_provenance_reference_out_of_range_is_refused_in_words(township: Township) -> None:
    browser = web_browser(township, "office")
    for ref in REFS:
        answer = township.client.get("/provenance", params={"ref": raw_token(ref)}, headers=township.as_("office"))
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_input", ref
        page = browser.get("/web/provenance", params={"ref": raw_token(ref)})
        assert page.status_code == 422 and "数字来源标记" in page.text, ref


def test_a_sound_reference_still_expands(township: Township) -> None:
    pid = register(township)
    ref = token({"kind": "problem", "where": {"problem_id": pid}})
    position = township.app.recorder.max_notification_id()
    answer = township.client.get("/provenance", params={"ref": ref, "wait_for_position": position},
                                 headers=township.as_("office"))
    assert answer.status_code == 200


ADDRESSES = [
    "/web/ledger?page={n}", "/web/audit/activity?username=office&page={n}", "/web/year-end?year={n}",
    "/web/summary/figure?code=clean_villages&from=2023-01-01&to=2023-12-31&at={n}",
    "/web/provenance?ref=" + raw_token({"kind": "ledger", "as_of": 1}) + "&page={n}",
]


def test_the_web_pages_take_any_number_in_their_address_without_failing(township: Township) -> None:
    browser = web_browser(township, "admin")
    for address in ADDRESSES:
        answer = browser.get(address.format(n=HUGE))
        assert answer.status_code in (200, 422), (address, answer.status_code)
