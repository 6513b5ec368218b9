"""The quarter's red and black list (红黑榜), published beside its bulletin and frozen at the bulletin's position."""

from __future__ import annotations

from eventsourcing.application import AggregateNotFoundError

from domain.assessment.errors import PeriodNotClosed
from domain.assessment.red_black import render_red_black, text_sha256
from domain.assessment.red_black_list import RedBlackList
from domain.assessment.red_black_rule import DEFAULT_RED_BLACK, RedBlackRule
from domain.assessment.rules import rule_version_on
from domain.assessment.values import quarter_months
from domain.errors import AlreadyExists, DomainError
from taizhang.commands.assessment import AssessmentCommands
from taizhang.commands.base import Outcome


class RedBlackCommands(AssessmentCommands):
    def publish_red_black_list(
        self, year: int, quarter: int, open_cases: dict[str, int], actor: str
    ) -> tuple[Outcome, str]:
        """Publish the list of a quarter whose bulletin is out, from the record as of that bulletin."""
        if self.red_black_list(year, quarter) is not None:
            raise AlreadyExists(f"{year} 年第 {quarter} 季度红黑榜已发布", f"the list of {year}Q{quarter} is published")
        bulletin = self.bulletin(year, quarter)
        if bulletin is None:
            raise PeriodNotClosed(f"{year} 年第 {quarter} 季度通报尚未发布，红黑榜随通报发布",
                                  "publish the quarter's bulletin first")
        text = self.render_red_black_list(year, quarter, bulletin.as_of_position, bulletin.text_sha256, open_cases)
        published = RedBlackList.publish(year, quarter, bulletin.as_of_position, bulletin.text_sha256,
                                         text_sha256(text), dict(sorted(open_cases.items())), self.act(actor))
        return self.record(published), text

    def red_black_list(self, year: int, quarter: int) -> RedBlackList | None:
        try:
            return self.repository.get(RedBlackList.id_for(year, quarter))
        except AggregateNotFoundError:
            return None

    def regenerate_red_black_list(self, year: int, quarter: int) -> str:
        """The published list, rebuilt from the record as of its bulletin: byte for byte what was published."""
        published = self.red_black_list(year, quarter)
        if published is None:
            raise PeriodNotClosed(f"{year} 年第 {quarter} 季度红黑榜尚未发布", "that list is not published")
        return self.render_red_black_list(year, quarter, published.as_of_position, published.bulletin_sha256,
                                          published.open_cases)

    def render_red_black_list(self, year: int, quarter: int, position: int, bulletin_sha256: str,
                              open_cases: dict[str, int]) -> str:
        facts = self.facts_as_of(position)
        try:
            rule = rule_version_on(facts.rule_versions, quarter_months(year, quarter)[-1].last_day).red_black_rule
        except DomainError:
            rule = DEFAULT_RED_BLACK
        return render_red_black(facts, year, quarter, rule, open_cases, bulletin_sha256)


__all__ = ["RedBlackCommands", "RedBlackRule"]
