"""Campaign work is recorded once, typed, and corrected only by later events."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.errors import InvalidInput, StageNotAllowed
from domain.work import WorkRecord
from taizhang.application import Taizhang


def test_a_work_record_is_corrected_and_withdrawn_by_later_events(app: Taizhang) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    record = app.record_work("sanitary_toilets_built", Decimal(40), "clerk", village_id=village, place="一组")
    app.correct_work(record.id, Decimal(42), "复核后补录两座", "clerk")
    history = list(app.events.get(record.id))
    assert [type(e).__name__ for e in history] == ["Recorded", "Corrected"]
    assert history[1].previous_quantity == Decimal(40)
    app.withdraw_work(record.id, "重复录入", "clerk")
    with pytest.raises(StageNotAllowed):
        app.correct_work(record.id, Decimal(1), "再改", "clerk")
    assert app.get(WorkRecord, record.id, "工作记录").withdrawn


def test_a_ledger_figure_is_never_entered_as_work(app: Taizhang) -> None:
    with pytest.raises(InvalidInput) as refusal:
        app.record_work("aerial_points_rectified", Decimal(68), "clerk")
    assert "不重复录入" in refusal.value.zh


def test_counts_are_whole_and_surveys_add_up(app: Taizhang) -> None:
    village = app.register_village("东沟村", "v01", "admin").id
    with pytest.raises(InvalidInput):
        app.record_work("public_toilets_built", Decimal("1.5"), "clerk", village_id=village)
    with pytest.raises(InvalidInput):
        app.survey_toilets(village, households=100, renovated=60, pending=30, actor="clerk")
    app.survey_toilets(village, households=100, renovated=60, pending=40, actor="clerk")
    with pytest.raises(InvalidInput):
        app.survey_toilets(village, households=100, renovated=70, pending=30, actor="clerk")
    app.survey_toilets(village, households=100, renovated=70, pending=30, actor="clerk", reason="十月复查")
