"""The sign-in limit holds against rotating X-Forwarded-For, and per account as well as per address.

Real ``taizhang serve`` processes on loopback: uvicorn believed X-Forwarded-For from 127.0.0.1 by
default, so a client there gave every failed guess a new address. Forwarded headers now count only
from the proxies an operator names (``TAIZHANG_TRUSTED_PROXIES``, none by default).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from taizhang.access.refusals import TooManyAttempts
from taizhang.access.sign_in import LoginLimiter
from taizhang.settings import Settings
from tests.security.real_record import initialised
from tests.support.servers import Worker, start_worker

ADMIN, PASSWORD = "boss", "Lantern-orbit-2023"


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("login-limit")
    settings = Settings(store="sqlite", data_dir=folder)
    initialised(settings, ADMIN, PASSWORD)
    return settings


def serving(settings: Settings, name: str, **extra: str) -> Iterator[Worker]:
    """The server, stopped once the loop over it ends."""
    worker = start_worker(settings, settings.data_dir, name=name, **extra)
    try:
        yield worker
    finally:
        worker.stop()


def guess(worker: Worker, username: str, forwarded: str) -> int:
    answer = httpx.post(f"{worker.url}/auth/token", data={"username": username, "password": "Wrong-guess-7731"},
                        headers={"X-Forwarded-For": forwarded}, timeout=30)
    return answer.status_code


def test_a_forwarded_address_is_not_believed_by_default(record: Settings) -> None:
    for worker in serving(record, "default"):
        statuses = [guess(worker, ADMIN, f"203.0.113.{n}") for n in range(1, 7)]
        assert statuses == [401] * 5 + [429]


def test_the_limit_holds_per_account_and_per_address_as_well_as_per_pair() -> None:
    """Behind a named proxy every guess may come from another address: the account's own limit still holds."""
    clock = [0.0]
    limiter = LoginLimiter(5, 60, lambda: clock[0], per_account=8, per_address=12)
    for n in range(8):
        limiter.check("boss", f"198.51.100.{n}")
        limiter.failed("boss", f"198.51.100.{n}")
    with pytest.raises(TooManyAttempts):
        limiter.check("boss", "198.51.100.99")
    limiter.check("someone.else", "198.51.100.99")  # another account is not held up
    for n in range(4):
        limiter.failed(f"user{n}", "192.0.2.7")
    with pytest.raises(TooManyAttempts):  # one address spraying many accounts: 12 in all
        for n in range(9):
            limiter.check(f"spray{n}", "192.0.2.7")
            limiter.failed(f"spray{n}", "192.0.2.7")
    clock[0] = 61
    limiter.check("boss", "198.51.100.99")  # the window has passed
