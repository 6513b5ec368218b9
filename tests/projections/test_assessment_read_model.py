"""The assessment read model answers exactly what the direct calculation over the log answers, now and as of
every past chapter, on both stores; and its provenance expands into the events behind each figure."""

from __future__ import annotations

from datetime import date

from domain.assessment.bulletin import bulletin_sha256, render_bulletin
from domain.assessment.month_figures import compute_month
from domain.assessment.paysheet import SheetKind
from domain.assessment.red_black import FrozenRedBlack
from domain.assessment.sheet_lines import sheet_lines
from domain.assessment.values import Month
from domain.assessment.year_end import ASSESSED_ROLES, year_end_assessments
from projections.assessment_queries import AssessmentQueries, facts_ref
from projections.provenance import provenance
from projections.runner import Projector
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from tests.projections.assessment_story import MONTHS, spring_2023


def direct_coverage(facts, day: date) -> list[tuple]:
    from domain.assessment.letters import LetterKind
    from domain.assessment.scoring import coverage_percent

    rows = []
    for v in sorted(facts.villages.values(), key=lambda v: v.code):
        signed = {x.household for x in facts.letters.values()
                  if x.village_id == v.village_id and x.kind == LetterKind.FIVE_GUARANTEES and x.in_force_on(day)}
        households = facts.households_on(v.village_id, day)
        rows.append((v.village_id, len(signed), households, coverage_percent(len(signed), households)))
    return rows


def test_read_model_equals_the_direct_calculation_now_and_as_of_each_chapter(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    story = spring_2023(app, clock)
    projector.catch_up()
    queries = AssessmentQueries(projector.store)
    for position in [*story.marks[:-1], None]:
        facts = app.facts_as_of(position)
        for month in MONTHS:
            direct = compute_month(facts, month)
            figures, snap = queries.month_figures(month, position)
            assert snap.position == facts.position
            assert figures.ratings == direct.ratings and figures.standings == direct.standings, (month, position)
            answer = queries.month(month, position)
            if month in facts.closings:
                assert answer.frozen and answer.standings == facts.closings[month].rankings
            else:
                assert not answer.frozen and answer.standings == [s.as_record() for s in direct.standings]
            for kind in SheetKind:
                sheet = facts.sheets.get((kind, month))
                got = queries.pay_sheet(kind, month, position)
                if sheet is not None:
                    assert got.basis == "recorded" and got.lines == sheet.lines
                elif month in facts.closings:
                    frozen = app.facts_as_of(facts.closings[month].as_of_position)
                    assert got.basis == "due" and got.lines == sheet_lines(facts, frozen, kind, month)
        for day in (date(2023, 3, 31), date(2023, 4, 30), date(2023, 5, 31)):
            got, _ = queries.coverage(day, position)
            assert [(c.village_id, c.signed, c.households, c.percent) for c in got] == direct_coverage(facts, day)
        assessed, _ = queries.year_end(2023, position)
        assert assessed == year_end_assessments(2023, facts.role_holders(ASSESSED_ROLES), facts.closings)
    text, sha = queries.bulletin(2023, 2)
    assert sha == app.bulletin(2023, 2).text_sha256 == bulletin_sha256(text)
    assert text == app.regenerate_bulletin(2023, 2)
    published = app.bulletin(2023, 2)
    assert text == render_bulletin(app.facts_as_of(published.as_of_position), 2023, 2,
                                   FrozenRedBlack.from_record(published.red_black))


def test_an_april_sheet_carries_the_march_adjustment_and_its_cause(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    story = spring_2023(app, clock)
    projector.catch_up()
    queries = AssessmentQueries(projector.store)
    april = queries.adjustments(SheetKind.CLEANER_BONUS, Month(2023, 4))
    [adjustment] = april.lines
    assert adjustment.for_month == "2023-03" and adjustment.amount > 0
    assert april.lines == [x for x in app.pay_sheet(SheetKind.CLEANER_BONUS, Month(2023, 4)).lines if x.is_adjustment]
    # before April was even closed, the same adjustment was already due
    due = queries.adjustments(SheetKind.CLEANER_BONUS, Month(2023, 4), story.marks[3])
    assert due.basis == "provisional" and due.lines == april.lines
    assert queries.adjustments(SheetKind.CLEANER_BONUS, Month(2023, 4), story.marks[2]).lines == []
    # the cause expands into the patrol's events, its correction among them
    expanded = provenance(projector.store, facts_ref(adjustment.causes))
    assert [e.event_type for e in expanded.events] == ["DailyPatrol.Recorded", "DailyPatrol.Corrected"]


def test_a_standing_expands_into_the_events_it_rests_on(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    spring_2023(app, clock)
    projector.catch_up()
    figures, snap = AssessmentQueries(projector.store).month_figures(Month(2023, 3))
    east = next(s for s in figures.standings if s.village_name == "东沟村")
    expanded = provenance(projector.store, facts_ref(east.refs, snap.position))
    types = {e.event_type for e in expanded.events}
    assert {"DailyPatrol.Recorded", "DailyPatrol.Corrected", "Problem.Assigned", "PublicReport.Confirmed"} <= types
    assert "ResponsibilityLetter.Signed" in types and "HouseholdCensus.Counted" in types
    assert expanded.problems == len({r.aggregate_id for r in east.refs})


def test_catching_up_in_small_batches_during_the_story_equals_a_rebuild(
    app: Taizhang, clock: SimulatedClock, projector: Projector
) -> None:
    from projections.rebuild import rebuild
    from tests.projections.helpers import contents

    projector.batch_size = 3
    original = app.record
    app.record = lambda *a, **k: (_outcome := original(*a, **k), projector.catch_up())[0]  # type: ignore[method-assign]
    spring_2023(app, clock)
    projector.catch_up()
    incremental = contents(projector)
    assert len(incremental["rm_assessment_facts"]) > 50
    projector.batch_size = 1000
    rebuild(projector)
    assert contents(projector) == incremental
