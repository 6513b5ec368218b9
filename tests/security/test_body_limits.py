"""Every upload route and form, sent 1 GB as a chunked stream, signed in and not: refused early, memory bounded.

Bodies were once read whole before sign-in was checked (1,000 MB written to a temporary file before a
401; a 120 MB JSON body cost ~280 MB of memory), and a web upload was held in memory whole. A real
``taizhang serve`` process; its peak resident memory (VmHWM, reset before each request) may grow by
less than ``BOUND`` while it refuses each body.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from domain.account import AccessRole
from domain.organisation import Village
from taizhang.settings import Settings
from tests.security.real_record import initialised
from tests.security.streaming import declared, memory, multipart, reset_peak, stream
from tests.support.servers import Worker, sign_in, start_worker
from tests.web.conftest import csrf_of

GIB = 1024**3
MIB = 1024**2
BOUND = 50 * MIB
PASSWORD = "Lantern-orbit-2023"
BOUNDARY = "taizhang-test-boundary"


@dataclass
class Served:
    worker: Worker
    bearer: dict[str, str]
    cookie: dict[str, str]
    problem: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("limits")
    settings = Settings(store="sqlite", data_dir=folder)
    initialised(settings, "office", PASSWORD, AccessRole.ENVIRONMENT_OFFICE)
    village = Village.id_for("v01")
    # The default evidence limit, 100 MB: twice the bound, so that holding a file in memory would show.
    worker = start_worker(settings, folder, name="limits")
    try:
        bearer = sign_in(worker.url, "office", PASSWORD)
        body = {"source": "township_patrol", "category": "informal_dump", "village_id": str(village),
                "place": "村口", "description": "堆放"}
        problem = httpx.post(f"{worker.url}/problems", json=body, headers=bearer, timeout=30).json()["id"]
        with httpx.Client(base_url=worker.url, timeout=30) as browser:
            page = browser.get("/web/login")
            browser.post("/web/login", data={"username": "office", "password": PASSWORD,
                                             "csrf_token": csrf_of(page.text), "next": "/"})
            cookie = {"Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items())}
        assert "taizhang_session" in cookie["Cookie"]
        yield Served(worker, bearer, cookie, problem)
    finally:
        worker.stop()


# (path, form fields before the file, file field, media type) — every route that takes a file, and forms.
UPLOADS = {
    "API evidence": ("/evidence", {}, "file", "image/jpeg"),
    "API Excel ledger": ("/imports/excel-ledger", {}, "file",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "web registration": ("/web/problems", {"csrf_token": "x", "place": "村口"}, "evidence", "image/jpeg"),
    "web rectification": ("/web/problems/{problem}/rectification", {"csrf_token": "x"}, "evidence", "image/jpeg"),
    "web patrol": ("/web/patrols", {"csrf_token": "x", "item": "litter"}, "photo-litter", "image/jpeg"),
}
REFUSED_UNSIGNED = {"API evidence": 401, "API Excel ledger": 401, "web registration": 303, "web rectification": 303,
                    "web patrol": 303}


def send(served: Served, path: str, headers: dict[str, str], prefix: bytes = b"", suffix: bytes = b"") -> tuple[
        int | None, int]:
    """Stream 1 GB; the answer's status and the growth of the server's peak memory meanwhile."""
    pid = served.worker.process.pid
    reset_peak(pid)
    before, _ = memory(pid)
    answered = stream(served.worker.port, path, headers, GIB, prefix, suffix)
    _, peak = memory(pid)
    assert served.worker.process.poll() is None, "the server died"
    return answered.status, peak - before


@pytest.mark.parametrize("route", list(UPLOADS))
@pytest.mark.parametrize("signed_in", [True, False], ids=["signed in", "not signed in"])
def test_an_upload_of_a_gigabyte_is_refused_early_with_memory_bounded(served: Served, route: str,
                                                                       signed_in: bool) -> None:
    path, fields, field, media_type = UPLOADS[route]
    path = path.format(problem=served.problem)
    prefix, suffix = multipart(BOUNDARY, fields, field, "big.jpg", media_type)
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    if signed_in:
        headers |= served.cookie if path.startswith("/web/") else served.bearer
    status, growth = send(served, path, headers, prefix, suffix)
    assert status == (413 if signed_in else REFUSED_UNSIGNED[route]), (route, status)
    assert growth < BOUND, f"{route}: the server's memory grew by {growth / MIB:.0f} MB"


@pytest.mark.parametrize("path", ["/problems", "/auth/token", "/web/login", "/villages"])
def test_a_gigabyte_of_form_or_json_is_refused_at_its_small_limit(served: Served, path: str) -> None:
    form = path in ("/auth/token", "/web/login")
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/json"}
    if path in ("/problems", "/villages"):
        headers |= served.bearer
    status, growth = send(served, path, headers, b"username=" if form else b'{"place": "')
    assert status == 413 and growth < BOUND, (path, status, growth)


@pytest.mark.parametrize("path", ["/evidence", "/web/problems"])
def test_a_declared_length_over_the_limit_is_refused_before_the_body(served: Served, path: str) -> None:
    signed = served.cookie if path.startswith("/web/") else served.bearer
    headers = {**signed, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    assert declared(served.worker.port, path, headers, GIB) == 413


def test_a_file_within_the_limit_is_still_taken(served: Served) -> None:
    files = {"file": ("photo.jpg", b"\xff\xd8\xff\xe0" + uuid.uuid4().bytes * 1000, "image/jpeg")}
    answer = httpx.post(f"{served.worker.url}/evidence", files=files, headers=served.bearer, timeout=30)
    assert answer.status_code == 201, answer.text

