"""PostgreSQL with a really full disk: a named error, nothing of the command written, and the same
command succeeds once space returns, through the application, the API and the read models' writer.

Each test's database lives in a tablespace on a tiny tmpfs of a throwaway server of the module's own
(``throwaway_postgres``); a filler file takes the space that is left, so whatever the server cannot
fit into pages it already has fails with disk_full (SQLSTATE 53100). A batch of many events always
needs new pages; a single small event is repeated until the last page has no room for it.
(eventsourcing retries a failed insert ten times, 0.2 s apart: each refusal below takes about 2 s.)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_api
from domain.account import AccessRole
from domain.errors import StoreFull
from domain.organisation import Village
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_read_store, build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.history import export_history, import_history
from taizhang.settings import Settings
from taizhang.store.failures import is_store_full
from tests.api.conftest import FAST_HASHER, PASSWORD, sign_in
from tests.durability.throwaway_postgres import (
    MissingFacility,
    ThrowawayServer,
    missing_facility,
    throwaway_postgres_on_tmpfs,
)
from tests.integration.test_excel_ledger_import import GOOD, workbook

pytestmark = pytest.mark.postgres

StoredRow = tuple[int, uuid.UUID, int, str, bytes]


def cannot_run(missing: str) -> NoReturn:
    if os.environ.get("TAIZHANG_TEST_POSTGRES_REQUIRED") == "1":
        pytest.fail(f"PostgreSQL's disk-full test is required but cannot run: {missing}")
    pytest.skip(missing)


@pytest.fixture(scope="module")
def server() -> Iterator[ThrowawayServer]:
    missing = missing_facility()
    if missing:
        cannot_run(missing)
    with ExitStack() as stack:
        try:
            throwaway = stack.enter_context(throwaway_postgres_on_tmpfs())
        except MissingFacility as lacking:
            cannot_run(str(lacking))
        yield throwaway


@pytest.fixture
def settings(server: ThrowawayServer) -> Iterator[Settings]:
    """A database of the test's own on the tmpfs; the space is given back whatever the test did."""
    try:
        yield server.new_database()
    finally:
        server.disk.free()
        server.drop_databases()


@pytest.fixture
def app(settings: Settings) -> Iterator[Taizhang]:
    """A simulated township with one village, 东沟村 (v01), that an Excel ledger can name."""
    application = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
    try:
        application.init_store("simulation", "示例镇", "demo", "admin")
        application.register_village("东沟村", "v01", "admin")
        yield application
    finally:
        application.close()


LEDGER = workbook(*[(*GOOD[:3], f"村口{i}", *GOOD[4:]) for i in range(30)])
"""Thirty closed problems: one batch of 151 events (about 55 KB), far more than a page can hold."""


def stored(settings: Settings) -> list[StoredRow]:
    with psycopg.connect(settings.postgres_dsn) as db:
        return db.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM taizhang_events ORDER BY notification_id"
        ).fetchall()


def groups_until_full(app: Taizhang, settings: Settings, village: uuid.UUID) -> tuple[str, list[StoredRow], StoreFull]:
    """Add groups until one no longer fits: that group's name, the log just before it, the refusal."""
    for i in range(1000):
        name, before = f"第{i:03d}组", stored(settings)
        version = app.get(Village, village, "村").version
        try:
            app.add_group(village, name, "admin", expected_version=version)
        except StoreFull as refusal:
            return name, before, refusal
    raise AssertionError("the tablespace never filled up")


def test_a_full_disk_refuses_a_batch_and_a_single_event_and_writes_nothing(
    server: ThrowawayServer, settings: Settings, app: Taizhang
) -> None:
    village = app.register_village("西岭村", "v02", "admin").id
    server.disk.fill()

    before = stored(settings)
    with pytest.raises(StoreFull, match="nothing was written") as refused:
        app.import_excel_ledger(LEDGER, "2023台账.xlsx", "office")
    assert "存储空间已满" in refused.value.zh and refused.value.code == "store_full"
    assert stored(settings) == before  # not one event of the batch

    group, before, refusal = groups_until_full(app, settings, village)
    assert "nothing was written" in refusal.en
    assert stored(settings) == before
    version = app.get(Village, village, "村").version
    assert before[-1][1:3] == (village, version)

    server.disk.free()
    added, group_id = app.add_group(village, group, "admin", expected_version=version)
    imported = app.import_excel_ledger(LEDGER, "2023台账.xlsx", "office")
    after = stored(settings)
    assert after[: len(before)] == before  # what was there is byte-identical
    new = after[len(before):]
    positions = [row[0] for row in new]
    # Positions go on increasing; the refused attempts may have used up numbers of the sequence.
    assert positions == sorted(positions) and before[-1][0] < added.position == positions[0]
    assert new[0][1:3] == (village, version + 1) and imported.position == positions[-1]
    assert sum(row[3].endswith("Problem.Registered") for row in new) == 30
    assert group_id in app.get(Village, village, "村").groups
    # Read back through the library by a fresh application: the very bytes the table holds.
    reader = build_app(settings)
    try:
        notifications = reader.recorder.select_notifications(start=positions[0], limit=len(new))
        assert [(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in notifications] == new
    finally:
        reader.close()


def test_a_whole_history_brought_into_a_full_store_is_all_or_nothing(
    server: ThrowawayServer, settings: Settings, app: Taizhang, tmp_path: Path
) -> None:
    app.import_excel_ledger(LEDGER, "2023台账.xlsx", "office")
    history = tmp_path / "history.jsonl"
    exported = export_history(app, history)
    empty = build_app(server.new_database(), SimulatedClock(datetime(2023, 3, 2, tzinfo=UTC)))
    try:
        server.disk.fill()
        with pytest.raises(StoreFull, match="nothing was written"):
            import_history(empty, history, "admin")
        assert not empty.recorder.max_notification_id()

        server.disk.free()
        outcome = import_history(empty, history, "admin")
        copied = empty.recorder.select_notifications(start=None, limit=exported + 10)
        assert [(n.originator_id, n.originator_version, n.topic, n.state) for n in copied[:exported]] == [
            row[1:] for row in stored(settings)
        ]
        assert len(copied) > exported and outcome.position == copied[-1].id
    finally:
        empty.close()


def multipart(content: bytes) -> tuple[bytes, str]:
    """The same bytes on every retry (a client library would draw a new boundary each time)."""
    boundary = "taizhang-disk-full"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="ledger.xlsx"\r\n'
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
    ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_the_api_answers_507_and_the_same_request_with_its_key_succeeds_once_space_returns(
    server: ThrowawayServer, settings: Settings, app: Taizhang
) -> None:
    tables = build_side_tables(settings)
    api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
    api.state.context.desk.open("office", PASSWORD, AccessRole.ENVIRONMENT_OFFICE, "setup", None)
    api.state.context.desk.open("admin", PASSWORD, AccessRole.TOWNSHIP_ADMIN, "setup", None)
    body, content_type = multipart(LEDGER)
    try:
        with TestClient(api) as client:
            office, admin = sign_in(client, "office"), sign_in(client, "admin")
            warm = client.post("/villages", json={"name": "西岭村", "code": "v02"},
                               headers={**office, "Idempotency-Key": "village-v02"})
            assert warm.status_code == 201, warm.text  # the key table now has a page with room for one more
            server.disk.fill()
            before = stored(settings)

            request = {**office, "Idempotency-Key": "ledger-2023", "Content-Type": content_type}
            refused = client.post("/imports/excel-ledger", content=body, headers=request)
            assert refused.status_code == 507, refused.text
            answer = refused.json()
            assert answer["code"] == "store_full" and "nothing was written" in answer["message_en"]
            assert "存储空间已满" in answer["message_zh"]
            assert stored(settings) == before
            # The key was reserved before the command ran, and released when it was refused.
            keys = tables.query("SELECT idempotency_key FROM taizhang_retry_keys ORDER BY idempotency_key")
            assert keys == [("village-v02",)]
            # A write beside the event log: the first API key needs the key table's first page.
            issuing = client.post("/accounts/office/api-keys", json={"label": "月度导出"}, headers=admin)
            assert issuing.status_code == 507 and issuing.json()["code"] == "store_full", issuing.text
            assert tables.query("SELECT count(*) FROM taizhang_api_keys") == [(0,)]

            server.disk.free()
            assert (
                client.post("/accounts/office/api-keys", json={"label": "月度导出"}, headers=admin).status_code == 201
            )
            accepted = client.post("/imports/excel-ledger", content=body, headers=request)
            assert accepted.status_code == 201, accepted.text
            position = accepted.json()["position"]
            assert position == stored(settings)[-1][0] > before[-1][0]
            replayed = client.post("/imports/excel-ledger", content=body, headers=request)
            assert replayed.headers.get("Idempotent-Replayed") == "true" and replayed.json() == accepted.json()
            ledger = client.get("/ledger", params={"wait_for_position": position}, headers=office)
            assert ledger.status_code == 200 and ledger.json()["total"] == 30
    finally:
        tables.close()


def test_the_read_models_writer_on_a_full_disk_applies_nothing_and_catches_up_once_space_returns(
    server: ThrowawayServer, settings: Settings, app: Taizhang
) -> None:
    store = build_read_store(settings)
    projector = Projector(app, store)
    try:
        projector.setup()
        imported = app.import_excel_ledger(LEDGER, "2023台账.xlsx", "office")
        server.disk.fill()
        with pytest.raises(Exception) as failure:
            projector.catch_up()
        assert is_store_full(failure.value)
        assert projector.position() == 0  # the batch's rows and its tracking position rolled back together
        with store.reading() as tx:
            assert tx.one("SELECT count(*) FROM rm_ledger_g1") == (0,)

        server.disk.free()
        projector.catch_up()
        assert projector.position() == imported.position
        with store.reading() as tx:
            assert tx.one("SELECT count(DISTINCT problem_id) FROM rm_ledger_g1") == (30,)
    finally:
        store.close()
