"""Request bodies read to a limit and no further, for the API's routes and the web's pages alike.

A body is refused by its declared ``Content-Length`` before a byte of it is read, and a chunked one
the moment it passes the limit while being read: the server never holds, or writes to a temporary
file, more than the limit of any body, whoever sends it. (Who may send one at all is checked first,
from the headers, wherever the route allows: ``api/routing.py``, ``web/limits.py``.)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from domain.errors import DomainError

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
KIB, MIB = 1024, 1024 * 1024
MULTIPART_OVERHEAD = MIB  # the form's other fields and part headers around an uploaded file


class BodyTooLarge(DomainError):
    code = "body_too_large"
    title = "请求内容过大"


def too_large(limit: int) -> BodyTooLarge:
    shown = f"{limit // MIB} MB" if limit >= MIB else f"{limit // KIB} KB"
    return BodyTooLarge(f"请求内容超过 {shown} 上限，未予接收", f"the request body is larger than {limit} bytes",
                        max_bytes=limit)


def declared_length(headers: Any) -> int | None:
    """The body's ``Content-Length`` (None when absent or unreadable: a chunked body is counted as it comes)."""
    value = headers.get("content-length")
    return int(value) if value is not None and value.isdigit() and len(value) < 20 else None


def check_declared(headers: Any, limit: int) -> None:
    length = declared_length(headers)
    if length is not None and length > limit:
        raise too_large(limit)


class Cutoff:
    """A body read up to ``limit``: past it, the reader hears that the client went away, and ``exceeded`` is set.

    For a framework that turns every failure to read a body into an answer of its own (FastAPI's 400):
    the route looks at ``exceeded`` afterwards and answers 413 instead.
    """

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self.limit = limit
        self.received = 0
        self.exceeded = False

    async def receive(self) -> Message:
        if self.exceeded:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.exceeded = True
                return {"type": "http.disconnect"}
        return message


def limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that refuses the body once more than ``limit`` bytes of it have come."""
    received = 0

    async def receive_within() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise too_large(limit)
        return message

    return receive_within
