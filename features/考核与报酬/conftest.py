"""Steps every assessment feature speaks: the rule book, daily patrols, corrections and closing a month."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from domain.assessment.patrol import Finding
from domain.assessment.rules import RuleVersion
from domain.assessment.values import Month
from features.conftest import settled
from features.support import DAY, NAME, Attempt, Names, attempt, day, photo
from taizhang.application import Taizhang
from tests.assessment.rulebooks import rules_2023

# A month as a clerk writes it: 2023年3月.
MONTH = r"\d{4}年\d{1,2}月"
_MONTH_PATTERN = re.compile(r"(\d{4})年(\d{1,2})月")


def month_of(text: str) -> Month:
    match = _MONTH_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a month written as 2023年3月: {text!r}")
    return Month(int(match.group(1)), int(match.group(2)))


@pytest.fixture
def patrols() -> dict[tuple[str, date], uuid.UUID]:
    """The patrols of the scenario, by village and day."""
    return {}


# --- the rule book ---------------------------------------------------------------------------
# A draft starts from the 2023 rules of the unit tests; the steps set what the scenario speaks of.


@given(
    parsers.re(rf"起草了考核规则“(?P<version>[^”]+)”，自(?P<start>{DAY})起生效，日巡查扣分项为："),
    target_fixture="rule_draft",
)
def rule_drafted(version: str, start: str, datatable: list[list[str]]) -> dict[str, Any]:
    draft = rules_2023().as_record()
    draft.update(version_id=version, effective_from=day(start).isoformat())
    # The item's name is its code, so that a finding is written the way the rule book names it.
    draft["deduction_items"] = [
        {"code": name, "name": name, "full_points": full, "per_finding": per} for name, full, per in datatable[1:]
    ]
    return draft


@given(parsers.re(r"该规则的月评比等次为(?P<grades>.+)"))
def rule_grades(rule_draft: dict[str, Any], grades: str) -> None:
    rule_draft["grades"] = [
        {"code": name, "name": name, "min_score": low, "cleaner_bonus": bonus}
        for name, low, bonus in re.findall(r"([^、\d]+)(\d+)分奖(\d+)元", grades)
    ]


@given(parsers.re(r"该规则规定村巡查满(?P<count>\d+)次才参加排名"))
def rule_minimum_cases(rule_draft: dict[str, Any], count: str) -> None:
    rule_draft["minimum_cases"] = int(count)


def band_record(name: str, ranks: str, coefficient: str, year_end: str) -> dict[str, Any]:
    first, last = 0, 0  # the unranked band
    if ranks.endswith("及以后"):
        first, last = int(ranks.removesuffix("及以后")), None
    elif ranks != "不排名":
        first = last = int(ranks)
    return {"name": name, "first_rank": first, "last_rank": last, "cadre_coefficient": coefficient,
            "year_end_points": year_end}


@given("该规则的排名档次为：")
def rule_bands(rule_draft: dict[str, Any], datatable: list[list[str]]) -> None:
    bands = [band_record(*row) for row in datatable[1:]]
    rule_draft["bands"] = [b for b in bands if b["first_rank"]]
    rule_draft["unranked_band"] = next(b for b in bands if not b["first_rank"])


@given(parsers.re(rf"(?P<actor>{NAME})已发布该规则"))
def rule_adopted(app: Taizhang, rule_draft: dict[str, Any], actor: str) -> None:
    app.adopt_rules(RuleVersion.from_record(rule_draft), actor)


# --- daily patrols ---------------------------------------------------------------------------

PATROL = (
    rf"(?P<on>{DAY})巡查“(?P<village>[^”]+)”(?:(?P<cleaner>{NAME})的保洁片区)?，"
    r"(?:发现(?P<findings>[^，]+)|未发现问题)"
)


def findings_from(text: str | None) -> list[Finding]:
    """"白色垃圾2处、门前五堆1处" → one finding per item, each with a photo."""
    return [
        Finding(item, int(count), (photo(f"{item}.jpg"),))
        for item, count in re.findall(r"([^、\d]+)(\d+)处", text or "")
    ]


def record_patrol(app: Taizhang, names: Names, patrols: dict, inspector: str, on: str, village: str,
                  cleaner: str | None, findings: str | None):
    outcome = app.record_patrol(
        day(on), names.villages[village], names.people[inspector], findings_from(findings), inspector,
        cleaner_id=names.people[cleaner] if cleaner else None,
    )
    patrols[(village, day(on))] = outcome.id
    return outcome


@given(parsers.re(rf"(?P<inspector>{NAME})已于{PATROL}"))
def patrolled(app: Taizhang, names: Names, patrols: dict, inspector: str, on: str, village: str, cleaner: str | None,
              findings: str | None) -> None:
    record_patrol(app, names, patrols, inspector, on, village, cleaner, findings)


@when(parsers.re(rf"(?P<inspector>{NAME})登记{PATROL}"), target_fixture="attempt")
def patrolling(app: Taizhang, names: Names, patrols: dict, inspector: str, on: str, village: str,
               cleaner: str | None, findings: str | None) -> Attempt:
    return attempt(app, lambda: record_patrol(app, names, patrols, inspector, on, village, cleaner, findings))


CORRECTION = (
    rf"更正(?P<on>{DAY})对“(?P<village>[^”]+)”的巡查为(?:发现(?P<findings>[^，]+)|未发现问题)，"
    r"原因“(?P<reason>[^”]*)”"
)


def correct(app: Taizhang, patrols: dict, actor: str, on: str, village: str, findings: str | None, reason: str):
    return app.correct_patrol(patrols[(village, day(on))], findings_from(findings), reason, actor)


@given(parsers.re(rf"(?P<actor>{NAME})已{CORRECTION}"), target_fixture="correction")
def corrected(app: Taizhang, patrols: dict, actor: str, on: str, village: str, findings: str | None, reason: str):
    return correct(app, patrols, actor, on, village, findings, reason)


@when(parsers.re(rf"(?P<actor>{NAME}){CORRECTION}"), target_fixture="attempt")
def correcting(app: Taizhang, patrols: dict, actor: str, on: str, village: str, findings: str | None,
               reason: str) -> Attempt:
    return attempt(app, lambda: correct(app, patrols, actor, on, village, findings, reason))


# --- closing a month and what it froze --------------------------------------------------------


@given(parsers.re(rf"(?P<actor>{NAME})已将(?P<month>{MONTH})结账"))
def month_closed(app: Taizhang, actor: str, month: str) -> None:
    app.close_month(month_of(month), actor)


@when(parsers.re(rf"(?P<actor>{NAME})将(?P<month>{MONTH})结账"), target_fixture="attempt")
def closing_month(app: Taizhang, actor: str, month: str) -> Attempt:
    return attempt(app, lambda: app.close_month(month_of(month), actor))


RATING = r"(?P<score>[\d.]+)分、(?P<grade>[^，]+)，依据规则“(?P<version>[^”]+)”"


@then(parsers.re(rf"(?P<month>{MONTH})的结账冻结了(?P<person>{NAME}){RATING}"))
def frozen_rating(app: Taizhang, names: Names, attempt: Attempt | None, month: str, person: str, score: str,
                  grade: str, version: str) -> None:
    settled(attempt)
    closing = app.month_closing(month_of(month))
    assert closing is not None, f"{month} is not closed"
    [rating] = [r for r in closing.ratings if r["cleaner_id"] == str(names.people[person])]
    assert (rating["score"], rating["grade_name"], closing.rule_version_id) == (score, grade, version)


@then(parsers.re(rf"(?P<month>{MONTH})结账记录的摘要与冻结的内容一致"))
def closing_digest(app: Taizhang, month: str) -> None:
    closing = app.month_closing(month_of(month))
    assert closing is not None and closing.content_digest() == closing.digest


@then(parsers.re(rf"(?P<rated>{NAME})(?P<month>{MONTH})按现有记录的月评比为{RATING}"))
def current_rating(app: Taizhang, names: Names, attempt: Attempt | None, rated: str, month: str,
                   score: str, grade: str, version: str) -> None:
    settled(attempt)
    figures = app.month_figures(month_of(month))
    [rating] = [r for r in figures.ratings if r.cleaner_id == names.people[rated]]
    assert (str(rating.score), rating.grade_name, rating.rule_version_id) == (score, grade, version)


def frozen_ranking(app: Taizhang, names: Names, month: str, village: str) -> dict[str, Any]:
    closing = app.month_closing(month_of(month))
    assert closing is not None, f"{month} is not closed"
    return next(r for r in closing.rankings if r["village_id"] == str(names.villages[village]))


@then(parsers.re(rf"(?P<month>{MONTH})的排名中“(?P<village>[^”]+)”是第(?P<rank>\d+)名"))
def ranked(app: Taizhang, names: Names, attempt: Attempt | None, month: str, village: str, rank: str) -> None:
    settled(attempt)
    assert frozen_ranking(app, names, month, village)["rank"] == int(rank)


@then(parsers.re(rf"(?P<month>{MONTH})的排名中“(?P<village>[^”]+)”不排名，说明写明“(?P<note>[^”]+)”"))
def not_ranked(app: Taizhang, names: Names, attempt: Attempt | None, month: str, village: str, note: str) -> None:
    settled(attempt)
    ranking = frozen_ranking(app, names, month, village)
    assert ranking["rank"] is None and note in ranking["note"], ranking

