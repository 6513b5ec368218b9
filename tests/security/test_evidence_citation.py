"""Knowing a file's sha256 is not enough to read it: a record may cite only a file its author uploaded or may read.

A cadre once cited another village's evidence in their own rectification, and could then download it;
a digest that was never uploaded was accepted as evidence.
"""

from __future__ import annotations

import uuid
from typing import Any

from api.app import api_routes
from tests.api.conftest import Township
from tests.api.helpers import PDF_BYTES, PHOTO, RECTIFICATION, assigned, ok, register, upload


def cite(sha256: str) -> dict[str, Any]:
    return {**RECTIFICATION, "evidence": [{**PHOTO, "sha256": sha256}]}


def test_a_cadre_cannot_cite_another_villages_file_and_so_cannot_read_it(township: Township) -> None:
    c, as_ = township.client, township.as_
    theirs = upload(township, "office", content=PDF_BYTES + b"other village", media_type="application/pdf")["sha256"]
    elsewhere = register(township, village_id=str(township.other_village), evidence=[{**PHOTO, "sha256": theirs}])
    pid = assigned(township)
    position = township.app.recorder.max_notification_id()
    refused = c.post(f"/problems/{pid}/rectification", json=cite(theirs), headers=as_("cadre"))
    assert refused.status_code == 422 and refused.json()["code"] == "evidence_not_available"
    assert c.get(f"/evidence/{theirs}", params={"wait_for_position": position}, headers=as_("cadre")).status_code == 404
    assert township.app.problem(uuid.UUID(pid)).rectification_count == 0
    # The other village's cadre may: the file is in a record of their village.
    other = ok(c.post(f"/problems/{elsewhere}/assign", json={"deadline": {"working_days": 5}}, headers=as_("office")))
    c.get("/ledger", params={"wait_for_position": other["position"]}, headers=as_("cadre.other"))
    ok(c.post(f"/problems/{elsewhere}/rectification", json=cite(theirs), headers=as_("cadre.other")))


def test_a_digest_never_uploaded_is_refused_for_everyone(township: Township) -> None:
    unknown = "e" * 64
    for who in ("office", "admin"):
        body = {"source": "aerial_photo", "category": "informal_dump", "village_id": str(township.village),
                "place": "村口", "description": "堆放", "evidence": [{**PHOTO, "sha256": unknown}]}
        answer = township.client.post("/problems", json=body, headers=township.as_(who))
        assert answer.status_code == 422 and answer.json()["code"] == "evidence_not_available"


def test_ones_own_upload_and_a_file_one_may_read_may_be_cited(township: Township) -> None:
    c, as_ = township.client, township.as_
    pid = assigned(township)  # registered by the office citing PHOTO, in the cadre's village
    mine = upload(township, "cadre", content=PDF_BYTES + b"mine", media_type="application/pdf")["sha256"]
    ok(c.post(f"/problems/{pid}/rectification", json=cite(mine), headers=as_("cadre")))
    office_file = upload(township, "office", content=PDF_BYTES + b"office", media_type="application/pdf")["sha256"]
    cited = register(township, evidence=[{**PHOTO, "sha256": office_file}])
    done = ok(c.post(f"/problems/{cited}/assign", json={"deadline": {"working_days": 5}}, headers=as_("office")))
    c.get("/ledger", params={"wait_for_position": done["position"]}, headers=as_("cadre"))
    ok(c.post(f"/problems/{cited}/rectification", json=cite(office_file), headers=as_("cadre")))


def test_every_route_whose_body_can_name_a_file_checks_the_citation(township: Township) -> None:
    """Read from the OpenAPI document: any request body with a ``sha256`` field is a citation."""
    schemas = township.client.get("/openapi.json").json()
    citing = set()
    for path, operations in schemas["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body and '"sha256"' in str(resolved(body["schema"], schemas)).replace("'", '"'):
                citing.add((method.upper(), path))
    checked = {(e.method, e.path) for e in api_routes(township.api) if getattr(e.route.endpoint, "checks_citations", 0)}
    assert citing and citing <= checked, citing - checked


def resolved(schema: Any, document: dict[str, Any], depth: int = 0) -> Any:
    """The schema with every $ref replaced by what it names (deep enough for the documents' nesting)."""
    if depth > 8:
        return schema
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return resolved(document["components"]["schemas"][name], document, depth + 1)
        return {k: resolved(v, document, depth + 1) for k, v in schema.items()}
    if isinstance(schema, list):
        return [resolved(v, document, depth + 1) for v in schema]
    return schema
