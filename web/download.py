"""A file for the browser to save: ASCII name for old clients, the Chinese name for the rest (RFC 6266)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content: bytes, media_type: str, ascii_name: str, chinese_name: str) -> Response:
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(chinese_name, safe='')}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})
