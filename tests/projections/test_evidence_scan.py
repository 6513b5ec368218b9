"""The evidence scan looks only at the fields whose declared types can hold a digest, and finds all of them."""

from __future__ import annotations

from projections.evidence_refs import EvidenceRefs, fields_to_scan, referenced_files
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from tests.projections.assessment_story import spring_2023


def test_the_scanned_fields_hold_every_digest_of_a_season(app: Taizhang, clock: SimulatedClock) -> None:
    spring_2023(app, clock)
    refs, kinds, found = EvidenceRefs(), set(), 0
    for notification in app.recorder.select_notifications(1, 100_000):
        event = app.mapper.to_domain_event(notification)
        everything = referenced_files(vars(event))
        names = fields_to_scan(type(event))
        scanned = referenced_files({n: getattr(event, n) for n in names}) if names is not None else everything
        assert scanned == everything, type(event).__qualname__
        if everything:
            assert refs.consumes(type(event))
            kinds.add(type(event).__qualname__)
            found += len(everything)
    # The season has digests in rectifications, public reports and patrol findings (nested under each finding).
    assert {"Problem.RectificationReported", "PublicReport.Submitted", "DailyPatrol.Recorded"} <= kinds and found >= 5


def test_a_field_declared_as_a_plain_string_is_scanned_only_if_called_sha256() -> None:
    from domain.imports import Import
    from domain.problem import Problem

    assert fields_to_scan(Problem.Assigned) == ()
    assert fields_to_scan(Problem.RectificationReported) == ("evidence", "resources")
    assert "sha256" in (fields_to_scan(Import.Recorded) or ())
