"""Steps of months closed, villages ranked, rules revised mid-year, and the quarterly bulletin."""

from __future__ import annotations

from dataclasses import dataclass

from pytest_bdd import given, parsers, scenarios, then, when

from domain.assessment.bulletin import bulletin_sha256
from domain.assessment.rules import RuleVersion
from features.support import DAY, NAME, Attempt, attempt, day
from taizhang.application import Taizhang

scenarios(
    "考核与报酬/月评比与结账.feature",
    "考核与报酬/村排名.feature",
    "考核与报酬/规则年中修订.feature",
    "考核与报酬/季度通报.feature",
)


# --- a rule revised from a later month -------------------------------------------------------

REVISION = (
    rf"发布考核规则“(?P<version>[^”]+)”，自(?P<start>{DAY})起生效，"
    r"(?P<item>[^每]+)每处扣(?P<per_finding>\d+)分"
)


def revise(app: Taizhang, actor: str, version: str, start: str, item: str, per_finding: str):
    """The latest version with one item's deduction changed; built inside the attempt, so a bad date is a refusal."""
    record = app.rule_book().versions[-1].as_record()
    record.update(version_id=version, effective_from=day(start).isoformat(), title=f"考核办法（{version} 修订）")
    for deduction in record["deduction_items"]:
        if deduction["code"] == item:
            deduction["per_finding"] = per_finding
    return app.adopt_rules(RuleVersion.from_record(record), actor)


@when(parsers.re(rf"(?P<actor>{NAME}){REVISION}"), target_fixture="attempt")
def revising(app: Taizhang, actor: str, version: str, start: str, item: str, per_finding: str) -> Attempt:
    return attempt(app, lambda: revise(app, actor, version, start, item, per_finding))


# --- the quarterly bulletin -------------------------------------------------------------------

QUARTER = r"(?P<year>\d{4})年第(?P<quarter>[一二三四])季度通报"
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True)
class Published:
    year: int
    quarter: int
    text: str


@given(parsers.re(rf"(?P<actor>{NAME})已发布{QUARTER}"), target_fixture="published")
def bulletin_published(app: Taizhang, actor: str, year: str, quarter: str) -> Published:
    _, text = app.publish_bulletin(int(year), QUARTERS[quarter], actor, {})
    return Published(int(year), QUARTERS[quarter], text)


@when(parsers.re(rf"(?P<actor>{NAME})发布{QUARTER}"), target_fixture="attempt")
def publishing(app: Taizhang, actor: str, year: str, quarter: str) -> Attempt:
    return attempt(app, lambda: app.publish_bulletin(int(year), QUARTERS[quarter], actor, {}))


@when(parsers.re(rf"(?P<actor>{NAME})重新生成{QUARTER}"), target_fixture="attempt")
def regenerating(app: Taizhang, actor: str, year: str, quarter: str) -> Attempt:
    return attempt(app, lambda: app.regenerate_bulletin(int(year), QUARTERS[quarter]))


@then("重新生成的通报与发布时的逐字节相同")
def same_bytes(attempt: Attempt, published: Published) -> None:
    assert attempt.succeeded().encode("utf-8") == published.text.encode("utf-8")


@then("重新生成的通报的摘要与发布记录一致")
def same_digest(app: Taizhang, attempt: Attempt, published: Published) -> None:
    bulletin = app.bulletin(published.year, published.quarter)
    assert bulletin is not None and bulletin_sha256(attempt.succeeded()) == bulletin.text_sha256


@then(parsers.re(r"通报写明“(?P<text>[^”]+)”"))
def bulletin_says(attempt: Attempt, text: str) -> None:
    assert text in attempt.succeeded()
