"""A client that streams a huge chunked body and stops as soon as the server answers (or hangs up).

httpx writes a whole request body before it reads the answer; a server that refuses early then looks
like a broken connection. This one watches the socket between chunks, as a browser or a proxy would.
"""

from __future__ import annotations

import select
import socket
from dataclasses import dataclass

MIB = 1024 * 1024
CHUNK = b"\xff\xd8\xff\xe0" + bytes(MIB - 4)  # a JPEG's first bytes, then zeros


@dataclass(frozen=True)
class Streamed:
    status: int | None  # None: the server hung up without an answer
    sent: int
    head: str


def stream(port: int, path: str, headers: dict[str, str], total: int, prefix: bytes = b"", suffix: bytes = b"",
           timeout: float = 60) -> Streamed:
    """POST ``prefix`` + ``total`` bytes + ``suffix`` chunked to 127.0.0.1:``port``; stop once answered."""
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Transfer-Encoding: chunked", "Connection: close",
             *(f"{k}: {v}" for k, v in headers.items())]
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            if prefix:
                conn.sendall(_chunk(prefix))
            while sent < total:
                readable, _, _ = select.select([conn], [], [], 0)
                if readable:
                    break  # the server has answered (or hung up): stop sending, as a client should
                piece = CHUNK[: min(len(CHUNK), total - sent)]
                conn.sendall(_chunk(piece))
                sent += len(piece)
            else:
                conn.sendall(_chunk(suffix) + b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        head = _read_head(conn)
    status = int(head.split(" ", 2)[1]) if head.startswith("HTTP/1.1 ") else None
    return Streamed(status, sent, head)


def declared(port: int, path: str, headers: dict[str, str], length: int) -> int | None:
    """Declare a body of ``length`` bytes, send a little of it, and read the answer."""
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {length}", "Connection: close",
             *(f"{k}: {v}" for k, v in headers.items())]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + bytes(1024))
        head = _read_head(conn)
    return int(head.split(" ", 2)[1]) if head.startswith("HTTP/1.1 ") else None


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _read_head(conn: socket.socket) -> str:
    received = b""
    try:
        while b"\r\n\r\n" not in received:
            part = conn.recv(65536)
            if not part:
                break
            received += part
    except (ConnectionResetError, TimeoutError):
        pass
    return received.split(b"\r\n\r\n", 1)[0].decode("latin-1")


def multipart(boundary: str, fields: dict[str, str], file_field: str, file_name: str, media_type: str
              ) -> tuple[bytes, bytes]:
    """The bytes before and after a file's content in a multipart form."""
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
                 f"Content-Type: {media_type}\r\n\r\n")
    return "".join(parts).encode(), f"\r\n--{boundary}--\r\n".encode()


def memory(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) of a process in bytes; writing 5 to clear_refs first resets the peak."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def reset_peak(pid: int) -> None:
    with open(f"/proc/{pid}/clear_refs", "w") as refs:
        refs.write("5")
