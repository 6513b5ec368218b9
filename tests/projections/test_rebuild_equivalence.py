"""Over random command sequences: catch-up as they happen == full rebuild == a rebuild interrupted and resumed."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.acts import Evidence, Resources
from domain.errors import DomainError
from domain.vocabulary import Category, Source, VoidKind
from projections.rebuild import rebuild
from projections.runner import Projector
from taizhang.bootstrap import build_app, build_read_store
from taizhang.clock import SimulatedClock
from taizhang.commands.problems import DeadlineRequest
from tests.projections.helpers import contents
from tests.stores import store_settings

PHOTO = Evidence("d" * 64)
STEPS = ["register", "assign", "extend", "report", "pass", "reject", "close", "reopen", "void", "catch_up"]
commands = st.lists(
    st.tuples(st.sampled_from(STEPS), st.integers(0, 5), st.integers(0, 72)), min_size=1, max_size=40
)


def play(app, clock: SimulatedClock, projector: Projector, script) -> None:
    villages = [app.register_village(f"{n}村", f"v{n}", "admin").id for n in range(2)]
    problems = []
    for step, n, hours in script:
        clock.advance(hours=hours)
        pick = problems[n % len(problems)] if problems else None
        try:
            if step == "register" or pick is None:
                late = datetime(2023, 2, 20, tzinfo=UTC) if hours > 60 else None
                problems.append(app.register_problem(
                    list(Source)[n], list(Category)[n], villages[n % 2], "村口", "垃圾", "clerk", occurred_at=late
                ).id)
            elif step == "assign":
                app.assign_problem(pick, DeadlineRequest(due=clock.now().date()), "clerk")
            elif step == "extend":
                app.extend_deadline(pick, DeadlineRequest(due=date(2024, 1, 1)), "雨天", "leader", "clerk")
            elif step == "report":
                app.report_rectification(pick, "已整改", [PHOTO], Resources(n, 1, Decimal(hours) / 4), "cadre")
            elif step == "pass":
                app.pass_verification(pick, "clerk")
            elif step == "reject":
                app.send_back(pick, "不彻底", "clerk")
            elif step == "close":
                app.close_problem(pick, "clerk")
            elif step == "reopen":
                app.reopen_problem(pick, "反弹", DeadlineRequest(due=date(2024, 6, 1)), "clerk")
            elif step == "void":
                app.void_problem(pick, VoidKind.MISTAKE, "误登", "clerk")
            else:
                projector.catch_up()
        except DomainError:
            pass  # a refused command writes nothing; the sequence goes on with the valid ones


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=commands, cut=st.floats(0.1, 0.9))
def test_catch_up_rebuild_and_resumed_rebuild_agree(kind: str, script, cut: float) -> None:
    with tempfile.TemporaryDirectory() as folder, store_settings(kind, Path(folder)) as store_settings_:
        clock = SimulatedClock(datetime(2023, 3, 1, 1, tzinfo=UTC))
        app = build_app(store_settings_, clock)
        app.init_store("simulation", "示例镇", "demo", "admin")
        projector = Projector(app, build_read_store(store_settings_), batch_size=3)
        projector.setup()
        try:
            play(app, clock, projector, script)
            projector.catch_up()
            incremental = contents(projector)
            projector.rebuild_batch_size = 11  # rebuilds cross many batch boundaries too
            rebuild(projector)
            assert contents(projector) == incremental
            head = projector.head()
            rebuild(projector, stop=int(head * cut))
            assert contents(projector) == incremental  # the old tables answer until the swap
            rebuild(projector)
            assert contents(projector) == incremental
            rebuild(projector, side_by_side=False, stop=int(head * cut))
            projector.catch_up()
            assert contents(projector) == incremental
        finally:
            projector.store.close()
            app.close()
