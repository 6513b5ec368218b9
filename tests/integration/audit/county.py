"""A township and its county witness for the tests: separate stores, separate keys, the witness served over HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from typer.testing import CliRunner

from taizhang.audit.service import AuditService
from taizhang.audit.verifier import VerifierKey
from taizhang.cli.root import cli
from taizhang.settings import Settings
from taizhang.witness.cosigner import Witness, init_folder
from taizhang.witness.server import create_witness_app
from tests.support.servers import settings_env


@contextmanager
def served_witness(folder: Path) -> Iterator[str]:
    """The witness's own ASGI app under uvicorn on a free loopback port, stopped on leaving."""
    server = uvicorn.Server(uvicorn.Config(create_witness_app(folder), host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, name="county-witness", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the witness did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class County:
    """One county witness watching a township: its folder, its key, its address."""

    folder: Path
    key: VerifierKey
    url: str

    @property
    def witness(self) -> Witness:
        return Witness(self.folder)


@contextmanager
def county_witness(folder: Path, name: str, township: AuditService) -> Iterator[County]:
    key = init_folder(folder, name)
    Witness(folder).add_log(township.township_key().text())
    with served_witness(folder) as url:
        yield County(folder, key, url)


def run(settings: Settings, *args: str, **env: str) -> tuple[int, str]:
    """A ``taizhang`` command on the township's store (either kind), as its clerk runs it."""
    if settings.store == "sqlite":
        env = {"TAIZHANG_SQLITE_PATH": str(settings.sqlite_file), **env}
    result = CliRunner().invoke(cli, list(args), env=settings_env(settings, **env))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output
