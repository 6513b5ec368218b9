"""The inspector's reviews of red flags: 已核实 or 排除, each with a reason."""

from __future__ import annotations

from eventsourcing.application import AggregateNotFoundError

from domain.flags.flag import Verdict
from domain.flags.review import FlagReview
from taizhang.commands.base import Commands, Outcome


class FlagCommands(Commands):
    def review_flag(self, flag_key: str, verdict: Verdict | str, reason: str, actor: str) -> Outcome:
        """Mark a flag 已核实 or 排除; a flag already reviewed takes the new verdict as a revision."""
        act = self.act(actor)
        try:
            review: FlagReview = self.repository.get(FlagReview.id_for(flag_key))
        except AggregateNotFoundError:
            return self.record(FlagReview.review(flag_key, verdict, reason, act))
        review.revise(verdict, reason, act)
        return self.record(review)
