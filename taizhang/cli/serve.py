"""``taizhang serve``: the API and the web workspace over the configured store."""

from __future__ import annotations

import errno
import os
import socket
from typing import Annotated

import typer

from taizhang.bootstrap import build_app
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.running import refusals_exit
from taizhang.server_secret import server_secret
from taizhang.settings import DEVELOPMENT_SECRET, Settings

# The server's factory by name, as an ASGI server is pointed at an app: the command line does not import
# the API (the import graph test holds the line), and the server's modules load only when one starts.
SERVED_API = "api.app:create_served_api"


def serve(
    data: DataOption = None,
    host: Annotated[str | None, typer.Option("--host", help="the address to listen on (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535, help="the port (default 8000)")] = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="log every request (usually the reverse proxy's job)")
    ] = False,
) -> None:
    """Start the API and the web workspace on the configured store and print their address."""
    settings = load_settings(data)
    settings = settings.model_copy(update={k: v for k, v in (("host", host), ("port", port)) if v is not None})
    check_port_free(settings.host, settings.port)
    check_secret(settings)
    typer.echo(f"台账工作台 / web workspace: http://{settings.host}:{settings.port}/web/")
    typer.echo(f"台账 API: http://{settings.host}:{settings.port}/docs")
    run_server(settings, access_log)


def check_port_free(host: str, port: int) -> None:
    """Refuse in words, before announcing anything, when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                typer.echo(f"端口 {port} 已被占用，请用 --port 换一个端口 / port {port} on {host} is already in use: "
                           "choose another with --port", err=True)
            else:
                typer.echo(f"无法在 {host}:{port} 上监听：{error.strerror} / cannot listen on {host}:{port}: "
                           f"{error.strerror}", err=True)
            raise typer.Exit(2) from None


def check_secret(settings: Settings) -> None:
    """Refuse (exit 2, in words) to serve a real record with a secret anyone can read, before the server starts."""
    app = build_app(settings)
    try:
        with refusals_exit():
            secret = server_secret(settings, app.store_mark())
    finally:
        app.close()
    if secret == DEVELOPMENT_SECRET:
        typer.echo("注意：模拟数据，使用公开的开发用密钥 / a simulation, served with the development secret", err=True)


def run_server(settings: Settings, access_log: bool = False) -> None:
    """uvicorn with the fast parser and loop, on the store ``settings`` names."""
    import uvicorn

    from taizhang.serving import FAST_SERVER

    # The factory reads its settings from the environment, as serve read them, with serve's options applied.
    os.environ.update(TAIZHANG_DATA_DIR=str(settings.data_dir), TAIZHANG_HOST=settings.host,
                      TAIZHANG_PORT=str(settings.port))
    # Off by default: the reverse proxy in front logs requests, and a line per request costs the
    # event loop 8 % of its time under POST /problems (docs/PERFORMANCE.md).
    # X-Forwarded-For names the client only when a configured proxy sent it: uvicorn would otherwise believe
    # it from 127.0.0.1, and anyone there could give every failed sign-in a new address.
    proxies = settings.trusted_proxies.strip()
    uvicorn.run(SERVED_API, factory=True, host=settings.host, port=settings.port, log_level="info",
                access_log=access_log, proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None,
                **FAST_SERVER)
