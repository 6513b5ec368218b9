"""我的待办 on the demo's record: each role's lists, a cadre's confined to their village, deadlines in working days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from domain.account import AccessRole
from projections.runner import Projector
from taizhang.access.caller import Caller
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_read_store
from taizhang.settings import Settings
from taizhang.todo import Desk, TaskList, my_tasks

DAY = date(2023, 12, 20)  # a Wednesday near the end of the demo's year


@pytest.fixture(scope="module")
def demo(demo_folder: Path) -> Iterator[tuple[Taizhang, Projector]]:
    settings = Settings(store="sqlite", data_dir=demo_folder)
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings))
    projector.setup()
    projector.catch_up()
    yield app, projector
    projector.store.close()
    app.close()


def lists_of(demo: tuple[Taizhang, Projector], username: str) -> dict[str, TaskList]:
    app, projector = demo
    caller = Caller.of(app.account(username))
    return {found.key: found for found in my_tasks(caller, Desk(projector.store, app.working_calendar, DAY))}


def test_a_cadre_has_their_own_villages_problems_to_rectify_nearest_first(demo: tuple[Taizhang, Projector]) -> None:
    app, _ = demo
    cadre = app.account("pan.yingying")
    village = next(v for v in app.villages() if v.id == cadre.village_id)
    found = lists_of(demo, "pan.yingying")
    assert set(found) == {"rectify", "letters"}
    tasks = found["rectify"].tasks
    assert tasks and all(village.name in task.text for task in tasks)
    assert [t.due for t in tasks] == sorted(t.due for t in tasks if t.due)
    assert all(t.days_left is not None and ("还剩" in t.text) == (t.days_left >= 0) for t in tasks)
    assert all(t.link.startswith("/problems/") for t in tasks)


def test_the_office_has_verifying_closing_deadlines_reports_and_sheets(demo: tuple[Taizhang, Projector]) -> None:
    found = lists_of(demo, "wang.fang")
    assert list(found) == ["letters", "verify", "close", "due_soon", "reports", "rewards", "reward_payments",
                           "close_months", "bulletins", "draft_sheets", "approve_sheets", "pay_sheets"]
    soon = found["due_soon"].tasks
    assert soon and all(0 <= (t.days_left or 0) <= 3 and "即将到期" in t.text for t in soon)
    # 21 and 22 December 2023 are the next working days after the 20th.
    assert {t.due for t in soon} <= {date(2023, 12, d) for d in (20, 21, 22, 25)}


def test_an_inspector_reads_and_has_no_record_to_make(demo: tuple[Taizhang, Projector]) -> None:
    app, _ = demo
    assert app.account("sun.guohua").access_role == AccessRole.INSPECTOR
    assert lists_of(demo, "sun.guohua") == {}
