"""Every query parameter of every GET route, given malformed values: 422, the parameter named, what it takes said
in Chinese and English, and never a regular expression. The routes and parameters are read from the OpenAPI
schema, so a new route or parameter is covered the day it is added."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.app import api_routes
from taizhang.access.policy import allows, is_public
from taizhang.documents.errors import PATTERN_WORDS
from taizhang.settings import Settings
from tests.api.conftest import USERS, Township
from tests.stores import store_settings


# Validation does not reach the store: one store is enough.
@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    with store_settings("sqlite", tmp_path) as s:
        yield s


REGEX_MARKS = ("^", "$", "\\d", "\\x", "[a-z", "[0-9", "[A-Z", "{2,", "{1,", "(?")
# Valid values for path parameters and required queries, so that only the value under test is wrong.
PATH_SAMPLES = {r"^\d{4}-\d{2}$": "2023-03", r"^[a-z0-9][a-z0-9_.-]{2,31}$": "admin", r"^[0-9a-f]{64}$": "a" * 64}
REQUIRED_SAMPLES = {"from": "2023-01-01", "to": "2023-12-31", "ref": "e30", "key": "reused_evidence:none"}


def resolved(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a parameter's value: optional (``anyOf`` with null) unwrapped, references followed."""
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def malformed(spec: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """Values the parameter must refuse, one per way of being wrong that its schema admits."""
    schema = resolved(spec, schema)
    if schema.get("type") == "array":
        return malformed(spec, schema["items"])
    if "enum" in schema:
        return ["no-such-value"]
    kind, form = schema.get("type"), schema.get("format")
    if kind == "integer":
        bad = ["abc", "1.5"]
        bad += [str(schema["minimum"] - 1)] if "minimum" in schema else []
        bad += [str(schema["maximum"] + 1)] if "maximum" in schema else []
        return bad
    if kind == "boolean":
        return ["maybe"]
    if form == "date":
        return ["2023-02-30", "30/06/2023", "1999-12-31"]
    if form == "uuid":
        return ["not-a-uuid"]
    if kind == "string" and "pattern" in schema:
        return ["2023-06-30", "yesterday 6pm", "x" * (schema.get("maxLength", 40) + 1)]
    if kind == "string" and "maxLength" in schema:
        return ["x" * (schema["maxLength"] + 1)]
    return []


def sample(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    schema = resolved(spec, schema)
    if "enum" in schema:
        return str(schema["enum"][0])
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("type") == "integer":
        return str(schema.get("minimum", 1))
    return PATH_SAMPLES[schema["pattern"]]


def caller_for(route_name: str) -> str:
    return next(username for username, (role, _) in USERS.items() if allows(route_name, role))


def patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from patterns(value)


def test_every_malformed_query_value_is_answered_in_words_naming_the_parameter(township: Township) -> None:
    spec = township.api.openapi()
    names = {entry.path: entry.name for entry in api_routes(township.api) if entry.method == "GET"}
    asked = 0
    for path, name in sorted(names.items()):
        if is_public(name):
            continue
        parameters = spec["paths"][path]["get"].get("parameters", [])
        concrete = path
        for p in parameters:
            if p["in"] == "path":
                concrete = concrete.replace("{" + p["name"] + "}", sample(spec, p["schema"]))
        required = {p["name"]: REQUIRED_SAMPLES[p["name"]] for p in parameters if p["in"] == "query" and p["required"]}
        for p in (p for p in parameters if p["in"] == "query"):
            for value in malformed(spec, p["schema"]):
                answer = township.client.get(
                    concrete, params={**required, p["name"]: value}, headers=township.as_(caller_for(name))
                )
                where = f"GET {path}?{p['name']}={value[:40]} → {answer.status_code} {answer.text[:300]}"
                assert answer.status_code == 422, where
                body = answer.json()
                assert body["code"] in ("invalid_request", "invalid_input"), where  # invalid_input: read, then refused
                said(body, p["name"], where)
                asked += 1
        for missing in required:
            answer = township.client.get(
                concrete, params={k: v for k, v in required.items() if k != missing},
                headers=township.as_(caller_for(name)),
            )
            assert answer.status_code == 422 and f"{missing} 必须给出" in answer.json()["message_zh"], answer.text
    assert asked > 150, asked  # every route's pages, periods, moments, filters and waits


def said(body: dict[str, Any], parameter: str, where: str) -> None:
    """Named in both languages, with what it takes; no pattern, no pydantic English, no fallback."""
    text = str(body)
    for zh_or_en in (body["message_zh"], body["message_en"]):
        assert parameter in zh_or_en, where
    assert re.search(r"[\u4e00-\u9fff]", body["message_zh"]), where
    assert not any(mark in text for mark in REGEX_MARKS), where
    assert "Input should" not in text and "取值无效" not in text, where


def test_a_malformed_as_of_says_it_wants_a_time_with_its_zone(township: Township) -> None:
    answer = township.client.get("/ledger", params={"as_of": "2023-06-30"}, headers=township.as_("office"))
    assert answer.status_code == 422
    body = answer.json()
    assert "as_of 应为带时区的时间，如 2023-06-30T18:00:00+08:00" in body["message_zh"]
    assert "as_of must be a time with its zone, e.g. 2023-06-30T18:00:00+08:00" in body["message_en"]
    assert body["details"]["errors"][0]["type"] == "string_pattern_mismatch"


def test_every_pattern_the_api_uses_has_its_words(township: Township) -> None:
    used = set(patterns(township.api.openapi()))
    assert used and used - PATTERN_WORDS.keys() == set()
