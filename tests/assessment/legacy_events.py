"""Events stored as an earlier version of the product stored them, for tests that the record still reads them."""

from __future__ import annotations

from eventsourcing.persistence import StoredEvent

from domain.assessment.periods import QuarterBulletin
from taizhang.application import Taizhang


def record_as_first_version(app: Taizhang, bulletin: QuarterBulletin) -> None:
    """Store the bulletin's event as bulletins were stored before they carried a list: version 1, no list."""
    [event] = bulletin.collect_events()
    mapper = app.mapper
    stored = mapper.to_stored_event(event)
    state = stored.state
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    fields = mapper.transcoder.decode(state)
    assert fields.pop("class_version") == 2 and fields.pop("red_black") is None
    state = mapper.transcoder.encode(fields)
    if mapper.compressor:
        state = mapper.compressor.compress(state)
    if mapper.cipher:
        state = mapper.cipher.encrypt(state)
    app.recorder.insert_events([StoredEvent(stored.originator_id, stored.originator_version, stored.topic, state)])
