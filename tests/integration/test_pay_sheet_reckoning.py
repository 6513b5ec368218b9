"""Drafting scores a settled month again only when something recorded since bears on it, and loses nothing.

Over the demo's year (late patrols, corrections, backdated problems, a rule change), every sheet's
lines drafted with that shortcut equal the lines scored month by month in full, and the lines recorded.
"""

from __future__ import annotations

from pathlib import Path

from domain.assessment.facts import AssessmentFacts
from domain.assessment.paysheet import PayLine, SheetKind
from domain.assessment.sheet_lines import ChangedSince, adjustments, regular_lines, sheet_lines
from domain.assessment.values import Month
from taizhang.bootstrap import build_app
from taizhang.settings import Settings


def test_every_demo_sheet_drafted_with_the_shortcut_equals_the_full_reckoning(demo_folder: Path) -> None:
    app = build_app(Settings(store="sqlite", data_dir=demo_folder))
    try:
        events = list(app.assessment_events(1, app.recorder.max_notification_id() or 0))
    finally:
        app.close()
    final = AssessmentFacts().apply_all(events)
    sheets = sorted(final.sheets.values(), key=lambda s: s.as_of_position)
    assert len(sheets) == 24
    facts, frozen = AssessmentFacts(track_changes=True), AssessmentFacts(track_changes=True)
    scored = {"full": 0, "shortcut": 0}
    for sheet in sheets:
        for fold, stop in ((facts, sheet.as_of_position), (frozen, final.closings[sheet.month].as_of_position)):
            for position, event in events:
                if fold.position < position <= stop:
                    fold.apply(position, event)
            fold.position = stop

        def lines(way: str, changed_since: ChangedSince, kind: SheetKind = sheet.kind, month: Month = sheet.month
                  ) -> list[PayLine]:
            def due(earlier: Month) -> list[PayLine]:
                scored[way] += 1
                return regular_lines(facts, kind, earlier)

            return regular_lines(frozen, kind, month) + adjustments(facts, due, changed_since, kind, month)

        full = lines("full", lambda month, position: True)
        shortcut = lines("shortcut", lambda month, position: facts.changed_since(position, month))
        assert shortcut == full == sheet_lines(facts, frozen, sheet.kind, sheet.month)
        assert [line.as_record() for line in full] == [line.as_record() for line in sheet.lines]
    # Each of the 24 sheets reckons every approved earlier month of its kind: 132 in the year. The
    # shortcut scores again only the months a late entry touched since they were last reckoned.
    assert scored["full"] == 132
    assert scored["shortcut"] <= 20, scored
