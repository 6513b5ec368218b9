"""A whole history is written in one transaction in bounded statements: all of it, in order, or nothing."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from taizhang.application import Taizhang
from taizhang.store.bulk import insert_all

TOPIC = "bench:Marker.Created"


def events(count: int) -> list[StoredEvent]:
    return [StoredEvent(uuid.uuid4(), 1, TOPIC, b'{"n": %d}' % n) for n in range(count)]


def test_many_events_go_in_several_statements_and_keep_their_order(app: Taizhang) -> None:
    before = app.recorder.max_notification_id()
    written = events(5_000)
    insert_all(app.recorder, written, batch=700)
    after = app.recorder.select_notifications(start=before, limit=10_000, inclusive_of_start=False)
    assert [n.originator_id for n in after] == [e.originator_id for e in written]


def test_a_conflict_in_the_last_statement_leaves_nothing_written(app: Taizhang) -> None:
    before = app.recorder.max_notification_id()
    written = events(3_000)
    written.append(written[10])  # the same aggregate version twice, in the last statement
    with pytest.raises(IntegrityError):
        insert_all(app.recorder, written, batch=700)
    assert app.recorder.max_notification_id() == before
