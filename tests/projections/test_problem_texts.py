"""A problem fact's text built step by step is exactly the text of its whole body encoded at once."""

from __future__ import annotations

from domain.assessment.facts import AssessmentFacts
from projections.assessment_codec import ProblemTexts, dumps, encode, fact_key
from taizhang.application import Taizhang
from tests.support.history import HistoryMaker


def test_step_by_step_text_equals_the_whole_body_encoded(app: Taizhang) -> None:
    HistoryMaker(app, seed=3, villages=3).make(1200)
    facts, texts, compared, reread = AssessmentFacts(), ProblemTexts(), 0, 0
    for notification in app.recorder.select_notifications(1, 5000):
        event = app.mapper.to_domain_event(notification)
        facts.apply(notification.id, event)
        key = fact_key(event)
        if key is None or key[0] != "problem":
            continue
        if notification.id % 5 == 0:
            # A fact read back from its row is a new object: its text starts again from the first step.
            fact = facts.problems[event.originator_id]
            facts.problems[event.originator_id] = type(fact)(**{**vars(fact), "steps": list(fact.steps)})
            reread += 1
        body, span = encode(facts, key)
        assert texts.text(facts, key[1]) == (dumps(body), span)
        compared += 1
    assert compared > 800 and reread > 100
