"""The open cases frozen into a bulletin's red and black list are those at the record's head when it is published:
a cases read model behind the head is given a bounded wait, and then refused, never read as if current."""

from __future__ import annotations

from datetime import date

import pytest

from domain.cases.triggers import Trigger, TriggerKind
from projections.runner import Projector, ReadModelsBehind
from taizhang import cases_desk
from taizhang.application import Taizhang


def test_a_cases_read_model_behind_the_head_is_waited_for_or_refused(app: Taizhang, projector: Projector) -> None:
    village = app.register_village("东沟村", "v01", "clerk").id
    found = Trigger(f"overdue:2023-04-10:{village}", TriggerKind.OVERDUE, str(village), date(2023, 4, 1),
                    "三个问题逾期", ("p1",))
    app.open_case(found, [{"person_id": "00000000-0000-0000-0000-00000000000a", "name": "潘晓",
                           "role": "village_secretary"}], "inspector")
    with pytest.raises(ReadModelsBehind, match="红黑榜须按发布时的案件"):
        cases_desk.open_cases_by_village(app, projector.store)
    with pytest.raises(ReadModelsBehind):
        cases_desk.open_cases_by_village(app, projector.store, lambda position, timeout: False)

    def catching_up(position: int, timeout: float) -> bool:
        projector.catch_up()
        return projector.position() >= position

    assert cases_desk.open_cases_by_village(app, projector.store, catching_up) == {"东沟村": 1}
