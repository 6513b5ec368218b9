"""How ``taizhang serve`` runs uvicorn: the C HTTP parser, the libuv loop, one socket write per answer."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class CoalescingTransport:
    """A connection's transport that sends what was written in one turn of the event loop as one write.

    uvicorn writes an answer's status line and headers, then its body, each straight to the socket:
    two system calls, two TCP segments and two wake-ups of the client for every answer. Held until
    the end of the loop's turn, they go out together. Nothing waits longer than that turn, and
    closing the connection first sends what is held.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(bytes(data))

    def flush(self) -> None:
        if not self._held:
            return
        data = b"".join(self._held) if len(self._held) > 1 else self._held[0]
        self._held.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:  # pause_reading, get_extra_info, is_closing, set_protocol, …
        return getattr(self._transport, name)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, writing each answer in one piece (see ``CoalescingTransport``)."""

    # Narrower than asyncio's BaseProtocol allows, exactly as uvicorn's own connection_made is.
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as uvicorn's
        wrapped = CoalescingTransport(transport, asyncio.get_running_loop())
        super().connection_made(wrapped)  # type: ignore[arg-type]  # a Transport by delegation (__getattr__)


# uvicorn's C HTTP parser and libuv event loop, both declared dependencies; named rather than left to
# "auto", so a missing one fails at start instead of quietly serving at the pure-Python parser's cost
# (docs/PERFORMANCE.md).
FAST_SERVER: dict[str, Any] = {
    "http": CoalescingHttpToolsProtocol,
    "loop": "asyncio" if sys.platform == "win32" else "uvloop",
}
