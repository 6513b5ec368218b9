"""Evidence files: content-addressed, limited in size and type, served only to those who may see a citing record."""

from __future__ import annotations

import hashlib

from tests.api.conftest import Township
from tests.api.helpers import JPEG, PHOTO, RECTIFICATION, assigned, ok, register, upload

PDF = b"%PDF-1.4\n" + b"0" * 200


def test_a_file_is_stored_once_under_its_sha256_and_checked_for_size_and_type(township: Township) -> None:
    stored = upload(township, "office")
    assert stored == {"sha256": hashlib.sha256(JPEG).hexdigest(), "size": len(JPEG), "media_type": "image/jpeg",
                      "already_stored": False}
    assert upload(township, "cadre")["already_stored"] is True
    root = township.api.state.context.evidence.root
    assert (root / stored["sha256"][:2] / stored["sha256"][2:]).read_bytes() == JPEG

    served = township.client.get(f"/evidence/{stored['sha256']}", headers=township.as_("inspector"))
    assert served.status_code == 200 and served.content == JPEG
    assert served.headers["content-type"] == "image/jpeg" and served.headers["x-content-type-options"] == "nosniff"

    def refused(content: bytes, media_type: str) -> dict:
        answer = township.client.post(
            "/evidence", files={"file": ("x", content, media_type)}, headers=township.as_("office")
        )
        return {"status": answer.status_code, "code": answer.json()["code"]}

    assert refused(b"<html><script>", "text/html") == {"status": 415, "code": "evidence_type_refused"}
    assert refused(PDF, "image/jpeg") == {"status": 415, "code": "evidence_type_refused"}
    assert refused(b"", "application/pdf")["status"] == 422
    township.api.state.context.evidence.max_bytes = 100
    assert refused(PDF, "application/pdf") == {"status": 413, "code": "evidence_too_large"}
    assert list((root / "tmp").iterdir()) == [], "a refused upload leaves nothing behind"
    assert township.client.get("/evidence/" + "b" * 64, headers=township.as_("office")).status_code == 404


def test_a_file_is_served_to_whoever_may_see_a_record_citing_it(township: Township) -> None:
    c, as_ = township.client, township.as_
    pid = assigned(township)
    photo = upload(township, "cadre")["sha256"]
    rectified = ok(c.post(f"/problems/{pid}/rectification",
                          json={**RECTIFICATION, "evidence": [{**PHOTO, "sha256": photo}]}, headers=as_("cadre")))
    report_photo = upload(township, "reporter", content=JPEG + b"report")["sha256"]
    register(township, who="reporter", source="public_report", evidence=[{**PHOTO, "sha256": report_photo}],
             village_id=str(township.other_village))
    uncited = upload(township, "office", content=PDF, media_type="application/pdf")["sha256"]
    position = township.app.recorder.max_notification_id()
    assert position > rectified["position"]

    def status(who: str, sha256: str) -> int:
        return c.get(f"/evidence/{sha256}", params={"wait_for_position": position}, headers=as_(who)).status_code

    assert [status(who, photo) for who in ("cadre", "cadre.other", "reporter", "office", "inspector")] == [
        200, 404, 404, 200, 200]
    assert [status(who, report_photo) for who in ("reporter", "cadre", "cadre.other", "admin")] == [200, 404, 200, 200]
    assert [status(who, uncited) for who in ("cadre", "reporter", "office")] == [404, 404, 200]
    assert status("cleaner", photo) == 403
