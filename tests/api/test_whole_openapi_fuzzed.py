"""schemathesis over the whole OpenAPI, in process, signed in as the township administrator.

No input may cause a server error, and every answer must match the documented schema and statuses.
The default run is small enough for ``make test``; ``make fuzz-long`` runs many more examples.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from api.app import create_api
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.keystore import SQLiteKeyStore
from taizhang.settings import Settings
from tests.api.conftest import FAST_HASHER, PASSWORD, sign_in
from tests.conftest import STORES
from tests.stores import store_settings

EXAMPLES = int(os.environ.get("TAIZHANG_FUZZ_EXAMPLES", "3"))


@pytest.fixture(scope="module", params=STORES)
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[schemathesis.BaseSchema, dict[str, str]]]:
    from datetime import datetime

    from fastapi.testclient import TestClient

    from domain.account import AccessRole
    from domain.vocabulary import Category, Source

    folder = Path(tmp_path_factory.mktemp("fuzz"))
    with store_settings(request.param, folder) as store:
        settings = Settings(**{**store.model_dump(), "login_failures_allowed": 1000, "read_wait_seconds": 0.5,
                               "evidence_dir": folder / "evidence"})
        app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, 1, tzinfo=UTC)),
                        SQLiteKeyStore(folder / "personal-keys.sqlite"))
        app.init_store("simulation", "示例镇", "demo", "setup")
        village = app.register_village("东沟村", "v01", "setup").id
        tables = build_side_tables(settings)
        api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
        api.state.context.desk.open("admin", PASSWORD, AccessRole.TOWNSHIP_ADMIN, "setup")
        with TestClient(api) as client:
            headers = sign_in(client, "admin")
            # A problem in the read models, so that ledger rows and figures are serialised too.
            app.register_problem(Source.AERIAL_PHOTO, Category.INFORMAL_DUMP, village, "村口", "垃圾", "setup")
            assert api.state.context.projector.wait_for(app.recorder.max_notification_id())
        projector = api.state.context.projector
        projector.start()  # schemathesis calls the app without its lifespan
        yield schemathesis.openapi.from_asgi("/openapi.json", api), headers
        projector.stop()
        projector.store.close()
        tables.close()
        app.close()


def test_no_input_breaks_the_server_or_the_contract(fuzzed: tuple[schemathesis.BaseSchema, dict[str, str]]) -> None:
    schema, headers = fuzzed
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            exercise(operation, mode, headers)


def exercise(operation: schemathesis.APIOperation, mode: GenerationMode, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
    )
    def call(case: schemathesis.Case) -> None:
        # A schema-valid request may still break a township rule (wrong current password, a step out
        # of order): those are 422 or 409 by design, so "valid data should be accepted" is not checked.
        case.call_and_validate(headers=headers, excluded_checks=[checks.positive_data_acceptance])

    try:
        call()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        # An operation with nothing to get wrong (no parameters, no body) has no negative cases.
