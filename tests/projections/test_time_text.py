"""Event times are stored as fixed-width UTC text and shown in ISO form without being parsed again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from projections.db import iso_text, time_text, time_value

MOMENTS = [
    datetime(2023, 1, 1, tzinfo=UTC),
    datetime(2023, 6, 30, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2023, 3, 5, 8, 0, 0, 120, tzinfo=UTC),
    datetime(2024, 2, 29, 16, 30, tzinfo=timezone(timedelta(hours=8))),
    datetime(1, 1, 1, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_the_iso_text_is_what_reading_the_time_and_formatting_it_gives(moment: datetime) -> None:
    stored = time_text(moment)
    assert iso_text(stored) == time_value(stored).isoformat()
    assert datetime.fromisoformat(iso_text(stored) or "") == moment


def test_a_time_stored_otherwise_is_still_read_and_nothing_is_none() -> None:
    assert iso_text("2023-01-01T08:00:00") == "2023-01-01T08:00:00+00:00"
    assert iso_text(None) is None
