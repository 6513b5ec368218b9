"""Resource routers turn away paths outside their prefix; every operation is still reached at its path."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import api_routes, check_every_route_decided, create_api
from api.routes import problems
from taizhang.access.policy import is_public
from taizhang.settings import Settings


def test_every_operation_is_reached_at_its_own_path() -> None:
    api = create_api(Settings(store="memory"))
    with TestClient(api) as client:
        for entry in api_routes(api):
            if is_public(entry.name):
                continue
            path = re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000001", entry.path)
            answer = client.request(entry.method, path)
            # Found, and refused by its own policy before anything else: not 404 or 405 from routing.
            assert answer.status_code == 401, (entry.method, entry.path, answer.status_code, answer.text)


def test_a_resource_router_served_under_another_prefix_is_refused() -> None:
    api = FastAPI()
    api.include_router(problems.router, prefix="/v1")
    with pytest.raises(RuntimeError, match="served at /v1/problems"):
        check_every_route_decided(api)
