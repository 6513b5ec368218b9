"""Turning what a clerk types (a village code, a person's name, a photo's path) into the record's ids."""

from __future__ import annotations

import mimetypes
import re
import uuid
from pathlib import Path

from domain.errors import InvalidInput, NotFound
from domain.organisation import Village
from domain.people import Person
from taizhang.application import Taizhang
from taizhang.documents.problems import EvidenceIn
from taizhang.settings import Settings
from taizhang.store.evidence import EvidenceStore

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def village(app: Taizhang, given: str) -> Village:
    """A village by its code (``v01``) or its id."""
    found = as_uuid(given)
    return app.get(Village, found if found is not None else Village.id_for(given), f"编码为 {given} 的村")


def group(village_: Village, given: str) -> uuid.UUID:
    """A group of the village by its name (``一组``) or its id."""
    found = as_uuid(given)
    if found is not None and found in village_.groups:
        return found
    for group_id, name in village_.groups.items():
        if name == given:
            return group_id
    names = "、".join(village_.groups.values()) or "（没有小组）"
    raise NotFound(
        f"{village_.name} 没有小组 “{given}”；该村的小组：{names}", f"{village_.code} has no group {given!r}"
    )


def person(app: Taizhang, given: str, what_zh: str = "人员") -> uuid.UUID:
    """A person by id, or by name when exactly one person on record bears it."""
    given = given.strip()
    found = as_uuid(given)
    if found is not None:
        return app.get(Person, found, what_zh).id
    named = [p.id for p in app.people() if p.name == given]
    if not named:
        raise NotFound(
            f"找不到名为“{given}”的{what_zh}（可给出人员编号）", f"no person named {given!r} (or give the person's id)"
        )
    if len(named) > 1:
        ids = "、".join(str(i) for i in named)
        raise InvalidInput(f"有 {len(named)} 人名为“{given}”，请用人员编号指明是谁：{ids}",
                           f"{len(named)} people are named {given!r}; give the id of the one meant: {ids}")
    return named[0]


def evidence(settings: Settings, given: str) -> EvidenceIn:
    """A file already in the evidence store, by its sha256; or a file's path, stored there first (as POST /evidence)."""
    check_evidence(given)
    if _SHA256.match(given):
        return EvidenceIn(sha256=given)
    path = Path(given)
    media_type = mimetypes.guess_type(path.name)[0] or ""
    store = EvidenceStore(settings.evidence_root, settings.evidence_max_bytes)
    with path.open("rb") as stream:
        stored = store.put(iter(lambda: stream.read(1024 * 1024), b""), media_type)
    return EvidenceIn(sha256=stored.sha256, name=path.name, media_type=stored.media_type)


def check_evidence(given: str) -> None:
    """Refuse what is neither a sha256 nor a readable file, before anything is stored."""
    if not _SHA256.match(given) and not Path(given).is_file():
        raise InvalidInput(
            f"证据 “{given}” 既不是 sha256，也不是存在的文件", f"evidence {given!r} is neither a sha256 nor a file"
        )
