"""The quarter's red and black list (红黑榜): carried by its bulletin (or, for a bulletin recorded before bulletins
carried one, published beside it at the bulletin's position), and printed for posting as Word and Excel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from eventsourcing.application import AggregateNotFoundError

from domain.acts import as_fact
from domain.assessment.errors import PeriodNotClosed
from domain.assessment.red_black import RedBlackLists, posted_text, red_black_lists, render_red_black, text_sha256
from domain.assessment.red_black_list import RedBlackList
from domain.assessment.red_black_rule import DEFAULT_RED_BLACK, RedBlackRule
from domain.assessment.rules import RuleVersion, rule_version_on
from domain.assessment.values import quarter_months
from domain.errors import AlreadyExists, DomainError
from domain.local_time import local_day
from taizhang.commands.assessment import AssessmentCommands
from taizhang.commands.base import Outcome

if TYPE_CHECKING:
    from taizhang.audit.printed import Seal


@dataclass(frozen=True)
class PostedList:
    """A quarter's red and black list as it is posted: its lists, its text, and the day it was published."""

    lists: RedBlackLists
    text: str
    published_on: date
    in_bulletin: bool  # carried by the bulletin itself (covered by its digest), not published beside it


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
        if bulletin.red_black is not None:
            raise AlreadyExists(f"{year} 年第 {quarter} 季度通报已载有红黑榜，无需另行发布",
                                f"the bulletin of {year}Q{quarter} carries its red and black list already")
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
        return render_red_black(facts, year, quarter, self._beside_rule(facts.rule_versions, year, quarter),
                                open_cases, bulletin_sha256)

    @staticmethod
    def _beside_rule(versions: list[RuleVersion], year: int, quarter: int) -> RedBlackRule:
        try:
            return rule_version_on(versions, quarter_months(year, quarter)[-1].last_day).red_black_rule
        except DomainError:
            return DEFAULT_RED_BLACK

    # --- posting ---------------------------------------------------------------------------------

    def posted_red_black(self, year: int, quarter: int) -> PostedList:
        """The quarter's list for posting: the one its bulletin carries; for a bulletin recorded before bulletins
        carried one, the list published beside it. Refused when the quarter has neither."""
        bulletin = self.published_bulletin(year, quarter)
        carried = self.bulletin_red_black(year, quarter)
        if carried is not None:
            published_on = local_day(as_fact(next(iter(self.events.get(bulletin.id)))).timestamp)
            return PostedList(carried, posted_text(carried, bulletin.text_sha256), published_on, in_bulletin=True)
        beside = self.red_black_list(year, quarter)
        if beside is None:
            raise PeriodNotClosed(f"{year} 年第 {quarter} 季度红黑榜尚未发布", "that list is not published")
        facts = self.facts_as_of(beside.as_of_position)
        lists = red_black_lists(facts, year, quarter, self._beside_rule(facts.rule_versions, year, quarter),
                                beside.open_cases)
        return PostedList(lists, self.regenerate_red_black_list(year, quarter), beside.recorded_on, in_bulletin=False)

    def posted_red_black_quarters(self) -> list[tuple[int, int]]:
        """The quarters whose red and black list can be posted (their bulletin carries one, or one was published)."""
        facts = self.facts_as_of()
        return [(y, q) for (y, q), b in sorted(facts.bulletins.items())
                if b.red_black is not None or self.red_black_list(y, q) is not None]

    def export_red_black_docx(self, year: int, quarter: int, seal: Seal | None = None) -> bytes:
        """The quarter's red and black list as an official document (公文) for posting."""
        from taizhang.exports.red_black import red_black_docx  # Word's library loads only when a file is asked

        posted = self.posted_red_black(year, quarter)
        return red_black_docx(posted.lists, posted.published_on, seal)

    def export_red_black_xlsx(self, year: int, quarter: int, seal: Seal | None = None) -> bytes:
        """The quarter's red and black list as a workbook for posting."""
        from taizhang.exports.red_black import red_black_xlsx

        posted = self.posted_red_black(year, quarter)
        return red_black_xlsx(posted.lists, posted.published_on, seal)


__all__ = ["RedBlackCommands", "RedBlackRule"]
