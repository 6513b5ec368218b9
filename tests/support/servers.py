"""Real ``taizhang`` processes on loopback: initialise a store, start API workers and a projection process.

Used by the HTTP benchmark and the scale-out test. Everything listens on 127.0.0.1 only, every wait
is bounded, and every process started here is stopped by its own handle.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from taizhang.settings import Settings

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def taizhang_command(*args: str) -> list[str]:
    """The ``taizhang`` console script beside this interpreter (so the same environment runs it)."""
    script = Path(sys.executable).parent / "taizhang"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from taizhang.cli.root import main; main()", *args]


def settings_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The process environment that makes a child ``taizhang`` use ``settings``' store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAIZHANG_")}
    env.update(
        TAIZHANG_STORE=settings.store,
        TAIZHANG_DATA_DIR=str(settings.data_dir),
        TAIZHANG_HOST=LOOPBACK,
        PYTHONUNBUFFERED="1",
    )
    if settings.store == "postgres":
        env.update(
            TAIZHANG_POSTGRES_DSN=settings.postgres_dsn or "",
            TAIZHANG_POSTGRES_DBNAME=settings.postgres_dbname,
            TAIZHANG_POSTGRES_SCHEMA=settings.postgres_schema,
        )
    env.update(extra)
    return env


def initialise(settings: Settings, admin: str, password: str, timeout: float = 60) -> None:
    """``taizhang init`` of an empty store as a real township with its first administrator."""
    env = settings_env(settings, TAIZHANG_ADMIN_PASSWORD=password)
    subprocess.run(
        taizhang_command("init", "--township", "基准镇", "--code", "bench", "--admin", admin),
        env=env, check=True, timeout=timeout, capture_output=True,
    )


@dataclass
class Process:
    """A started child with its log file; ``stop`` ends it (interrupt, then kill after a bound)."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # both uvicorn and `projections run` stop cleanly on it
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


@dataclass
class Worker(Process):
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"


def start(name: str, args: list[str], env: dict[str, str], folder: Path) -> subprocess.Popen[bytes]:
    log = (folder / f"{name}.log").open("wb")
    return subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)


def start_worker(settings: Settings, folder: Path, name: str = "api", run_projections: bool = True,
                 ready_within: float = 60, **extra: str) -> Worker:
    """``taizhang serve`` on a free loopback port (``extra``: more variables); answers once its OpenAPI is served."""
    port = free_port()
    env = settings_env(settings, TAIZHANG_PORT=str(port), TAIZHANG_RUN_PROJECTIONS=str(run_projections).lower(),
                       **extra)
    worker = Worker(name, start(name, taizhang_command("serve"), env, folder), folder / f"{name}.log", port)
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise RuntimeError(f"{name} exited with {worker.process.returncode}:\n{worker.log_tail()}")
        try:
            if httpx.get(f"{worker.url}/openapi.json", timeout=2).status_code == 200:
                return worker
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    worker.stop()
    raise RuntimeError(f"{name} did not answer within {ready_within} s:\n{worker.log_tail()}")


def start_projections(settings: Settings, folder: Path, poll: float = 0.1, ready_within: float = 60,
                      name: str = "projections") -> Process:
    """``taizhang projections run``: the one process that keeps every read model current.

    Answers once the process says it is projecting, i.e. its tracking table and read models exist.
    """
    env = settings_env(settings)
    args = taizhang_command("projections", "run", "--poll", str(poll))
    process = Process(name, start(name, args, env, folder), folder / f"{name}.log")
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline:
        if process.process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.process.returncode}:\n{process.log_tail()}")
        if "projecting" in process.log_tail():
            return process
        time.sleep(0.1)
    process.stop()
    raise RuntimeError(f"{name} did not start within {ready_within} s:\n{process.log_tail()}")


def sign_in(url: str, username: str, password: str) -> dict[str, str]:
    answer = httpx.post(f"{url}/auth/token", data={"username": username, "password": password}, timeout=30)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}
