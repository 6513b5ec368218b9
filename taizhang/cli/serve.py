"""``taizhang serve``: the API and the web workspace over the configured store."""

from __future__ import annotations

import os
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
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="log every request (usually the reverse proxy's job)")
    ] = False,
) -> None:
    """Start the API server on the configured host and port and print its address."""
    settings = load_settings(data)
    check_secret(settings)
    typer.echo(f"台账 API: http://{settings.host}:{settings.port}/docs")
    run_server(settings, access_log)


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

    os.environ["TAIZHANG_DATA_DIR"] = str(settings.data_dir)  # the factory reads its settings as serve did
    # Off by default: the reverse proxy in front logs requests, and a line per request costs the
    # event loop 8 % of its time under POST /problems (docs/PERFORMANCE.md).
    # X-Forwarded-For names the client only when a configured proxy sent it: uvicorn would otherwise believe
    # it from 127.0.0.1, and anyone there could give every failed sign-in a new address.
    proxies = settings.trusted_proxies.strip()
    uvicorn.run(SERVED_API, factory=True, host=settings.host, port=settings.port, log_level="info",
                access_log=access_log, proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None,
                **FAST_SERVER)
