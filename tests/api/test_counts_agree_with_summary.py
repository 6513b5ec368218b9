"""On the demo township, ``/ledger/counts`` gives every ledger figure of the summary: the same problems counted.

Each figure of the summary's catalogue that counts problems (registered or closed, of a source or a category)
is asked of ``/ledger/counts`` with the same period, as of the same moment, and must come out equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_api
from domain.indicators import CATALOGUE, Measure, Origin
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings
from tests.api.conftest import sign_in
from tests.api.helpers import ok

BASIS = {Measure.REGISTERED: "registered", Measure.CLOSED: "closed"}
COUNTED = [i for i in CATALOGUE if i.origin == Origin.LEDGER and i.measure in BASIS]
YEAR = {"from": "2023-01-01", "to": "2023-12-31"}
FIRST_HALF_AS_OF_JULY = {"from": "2023-01-01", "to": "2023-06-30", "as_of": "2023-07-01T00:00:00+08:00"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str], int]]:
    settings = Settings(store="sqlite", data_dir=Path(tmp_path_factory.mktemp("demo")))
    load_demo(settings)
    with TestClient(create_api(settings)) as client:
        headers = sign_in(client, "liu.qiang", "demo-2023")
        head = ok(client.get("/log/head", headers=headers))["position"]
        yield client, headers, head


def figures(demo: tuple[TestClient, dict[str, str], int], period: dict[str, str]) -> dict[str, Decimal]:
    client, headers, head = demo
    summary = ok(client.get("/summary", params={**period, "wait_for_position": head}, headers=headers))
    return {f["code"]: Decimal(f["value"]) for f in summary["figures"]}


def count(demo: tuple[TestClient, dict[str, str], int], period: dict[str, str], **asked: Any) -> int:
    client, headers, head = demo
    params = {"occurred_from": period["from"], "occurred_to": period["to"], "group_by": "source",
              "wait_for_position": head, **asked}
    if "as_of" in period:
        params["as_of"] = period["as_of"]
    answer = ok(client.get("/ledger/counts", params=params, headers=headers))
    return sum(row["count"] for row in answer["rows"])


@pytest.mark.parametrize("period", [YEAR, FIRST_HALF_AS_OF_JULY], ids=["2023", "first-half-as-of-july"])
def test_every_problem_figure_of_the_summary_is_what_the_counts_say(
    demo: tuple[TestClient, dict[str, str], int], period: dict[str, str]
) -> None:
    summary = figures(demo, period)
    compared = {}
    for indicator in COUNTED:
        asked: dict[str, Any] = {"basis": BASIS[indicator.measure]}
        if indicator.source is not None:
            asked["source"] = indicator.source.value
        if indicator.category is not None:
            asked["category"] = indicator.category.value
        compared[indicator.code] = (count(demo, period, **asked), summary[indicator.code])
    assert {code: counted for code, (counted, _) in compared.items()} == {
        code: int(figure) for code, (_, figure) in compared.items()
    }
    assert compared["problems_registered"][0] > compared["problems_closed"][0] > 0
    assert {"aerial_points_fed_back", "ruined_walls_cleared", "river_problems_found"} <= compared.keys()


def test_voided_problems_are_counted_only_when_asked_for(demo: tuple[TestClient, dict[str, str], int]) -> None:
    registered = figures(demo, YEAR)["problems_registered"]
    voided = count(demo, YEAR, stage="voided")
    assert voided > 0  # the demo voids duplicates and a mistaken registration
    assert count(demo, YEAR) == registered
    assert count(demo, YEAR, include_voided="true") == registered + voided
    by_stage = sum(count(demo, YEAR, stage=stage) for stage in ("registered", "assigned", "rectification_reported",
                                                                  "verified", "closed", "reopened"))
    assert by_stage == registered
