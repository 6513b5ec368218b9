"""Requests the API tests share: a registered and assigned problem, an evidence record."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.api.conftest import PHOTO_BYTES, Township

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PDF_BYTES = b"%PDF-1.4\n" + b"0" * 200
# A file every account that may upload has uploaded (the township fixture does it): citing it is allowed.
PHOTO = {"sha256": hashlib.sha256(PHOTO_BYTES).hexdigest(), "name": "after.jpg", "media_type": "image/jpeg"}


def upload(township: Township, who: str, content: bytes = JPEG, media_type: str = "image/jpeg") -> dict[str, Any]:
    files = {"file": ("photo.jpg", content, media_type)}
    return ok(township.client.post("/evidence", files=files, headers=township.as_(who)), 201)


def ok(answer: Any, status: int = 200) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    return answer.json()


def register(township: Township, who: str = "office", **fields: Any) -> str:
    body = {
        "source": "aerial_photo",
        "category": "informal_dump",
        "village_id": str(township.village),
        "place": "村口桥头",
        "description": "路边堆放生活垃圾",
        "evidence": [PHOTO],
        **fields,
    }
    return ok(township.client.post("/problems", json=body, headers=township.as_(who)), 201)["id"]


def assigned(township: Township) -> str:
    pid = register(township)
    ok(
        township.client.post(
            f"/problems/{pid}/assign", json={"deadline": {"working_days": 5}}, headers=township.as_("office")
        )
    )
    return pid


RECTIFICATION = {
    "description": "已清运",
    "evidence": [PHOTO],
    "resources": {"labour_person_times": 6, "tonnes_cleared": "1.5"},
}
