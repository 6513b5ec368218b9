"""Evidence files: uploaded into the content-addressed store, served only to those who may see a record citing them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, BinaryIO

from fastapi import File, Path, Request, UploadFile
from fastapi.responses import FileResponse, Response

from api.deps import CallerDep, ContextDep
from api.reading import ReadStoreDep
from api.routes import resource_router
from api.routing import BODY_LIMIT
from api.schemas.common import ErrorPublic
from api.schemas.evidence import EvidenceStored
from domain.errors import NotFound
from taizhang.access.evidence import may_read_file
from taizhang.store.evidence import ACCEPTED

router = resource_router("/evidence", "evidence")
Sha256Path = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="the file's sha256")]
INLINE = ("image/", "video/", "application/pdf")
CHUNK = 1024 * 1024


def chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


@router.post(
    "",
    status_code=201,
    name="evidence.upload",
    openapi_extra={BODY_LIMIT: "evidence"},
    responses={
        413: {"model": ErrorPublic, "description": "the file is larger than the limit"},
        415: {"model": ErrorPublic, "description": "not a photo, video, PDF or Office document, or not what it claims"},
    },
)
def upload_evidence(
    request: Request,
    file: Annotated[UploadFile, File(description="a photo, video, PDF or Office document")],
    context: ContextDep,
    caller: CallerDep,
) -> EvidenceStored:
    """Store a file and answer its sha256, to cite as evidence in a record (the same file twice is stored once)."""
    stored = context.evidence.put(chunks(file.file), file.content_type or "")
    context.uploads.note(stored.sha256, caller.username, context.application.clock.now())
    return EvidenceStored(
        sha256=stored.sha256, size=stored.size, media_type=stored.media_type, already_stored=stored.already_stored
    )


@router.get(
    "/{sha256}",
    name="evidence.get",
    response_class=Response,
    responses={200: {"content": {t: {} for t in sorted(ACCEPTED)}, "description": "the file"}},
)
def get_evidence(sha256: Sha256Path, store: ReadStoreDep, context: ContextDep, caller: CallerDep) -> Response:
    """The file, if a record you may see cites it (office, administrator and inspector see every file)."""
    if not context.evidence.exists(sha256) or not may_read_file(caller, store, sha256):
        raise NotFound(f"找不到证据文件 {sha256}", f"no evidence file {sha256} within your reach")
    media_type = context.evidence.media_type(sha256)
    disposition = "inline" if media_type.startswith(INLINE) else "attachment"
    return FileResponse(
        context.evidence.path_of(sha256),
        media_type=media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{sha256[:12]}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=86400, immutable",
        },
    )
