"""The demo year holds villages in the 后进 band two months of one quarter, so the back-band trigger fires on it
without anything planted: 东沟村, 下河村, 双庙村 and 团结村 ranked 后进 in both August and September."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from domain.cases.triggers import Trigger, TriggerKind
from domain.organisation import Village
from projections.runner import Projector
from taizhang import cases_desk
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_read_store
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Taizhang, list[Trigger]]]:
    settings = Settings(store="sqlite", data_dir=tmp_path_factory.mktemp("demo-cases"))
    load_demo(settings)
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings))
    try:
        projector.setup()
        projector.catch_up()
        yield app, cases_desk.fired(app, projector.store)
    finally:
        projector.store.close()
        app.close()


def test_a_village_in_the_back_band_two_months_of_a_quarter_fires(demo: tuple[Taizhang, list[Trigger]]) -> None:
    app, fired = demo
    third_quarter = {app.get(Village, uuid.UUID(str(t.village_id)), "村").name: t
                     for t in fired if t.kind == TriggerKind.BACK_BAND and ":2023Q3:" in t.key}
    assert set(third_quarter) == {"东沟村", "下河村", "双庙村", "团结村"}
    trigger = third_quarter["东沟村"]
    assert trigger.cites == ("2023-08", "2023-09") and "8月、9月" in trigger.reason
    named = cases_desk.respondents(app, trigger)
    assert {r["role"] for r in named} >= {"village_secretary", "leader_in_charge"}, named
