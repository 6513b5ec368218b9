"""Which evidence files a caller may read, and which they may cite in a record: one rule for every way in.

A file is served to whoever may see a record citing it (the office, the administrator and inspectors
see every file). Citing a file in a new record would make it visible to the record's readers, so a
file may be cited only by an account that uploaded it or may already read it; a digest of no stored
file is refused. Both refusals read alike, so that a digest's answer says nothing about another
village's files.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable

from pydantic import BaseModel

from domain.account import AccessRole
from domain.errors import InvalidInput
from projections.db import ReadStore
from projections.evidence_refs import visible_to
from taizhang.access.caller import Caller
from taizhang.documents.problems import EvidenceIn
from taizhang.store.evidence import EvidenceStore
from taizhang.store.uploads import Uploads

SEES_ALL = frozenset({AccessRole.TOWNSHIP_ADMIN, AccessRole.ENVIRONMENT_OFFICE, AccessRole.INSPECTOR})


class UnknownEvidence(InvalidInput):
    code = "evidence_not_available"
    title = "证据文件不可引用"


def may_read_file(caller: Caller, reads: ReadStore, sha256: str) -> bool:
    if caller.role in SEES_ALL:
        return True
    if caller.role == AccessRole.VILLAGE_CADRE:
        return visible_to(reads, sha256, village_id=str(caller.village_id))
    if caller.role == AccessRole.PUBLIC_REPORTER:
        return visible_to(reads, sha256, creator=caller.username)
    return False


def check_citations(
    caller: Caller, cited: Iterable[str], files: EvidenceStore, uploads: Uploads, reads: ReadStore
) -> None:
    """Refuse a record citing a file that is not stored, or that the caller neither uploaded nor may read."""
    for sha256 in sorted(set(cited)):
        if files.exists(sha256) and (uploads.uploaded_by(sha256, caller.username)
                                     or may_read_file(caller, reads, sha256)):
            continue
        raise UnknownEvidence(
            f"证据文件 {sha256[:12]}… 不存在或不在你的权限范围内：请先上传（POST /evidence）再引用",
            f"evidence {sha256} is not stored or not within your reach: upload it (POST /evidence) before citing it",
            sha256=sha256,
        )


def cited_digests(value: object) -> set[str]:
    """Every file an input document cites (``EvidenceIn``), however deep (a patrol's findings)."""
    if isinstance(value, EvidenceIn):
        return {value.sha256}
    if isinstance(value, BaseModel):
        return {sha for name in type(value).model_fields for sha in cited_digests(getattr(value, name))}
    if isinstance(value, list | tuple):
        return {sha for item in value for sha in cited_digests(item)}
    if isinstance(value, dict):
        return {sha for item in value.values() for sha in cited_digests(item)}
    return set()


def may_cite(annotation: object) -> bool:
    """Whether a value of this declared type can hold an ``EvidenceIn`` (read from the types, once per route)."""
    if isinstance(annotation, type) and issubclass(annotation, EvidenceIn):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return any(may_cite(field.annotation) for field in annotation.model_fields.values())
    return any(may_cite(argument) for argument in typing.get_args(annotation))
