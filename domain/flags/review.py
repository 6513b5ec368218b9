"""An inspector's review of a red flag: 已核实 or 排除, with a reason; a later review replaces an earlier one."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.errors import InvalidInput
from domain.flags.flag import Verdict
from domain.problem import check_reason

_NAMESPACE = uuid.UUID("9b1c6a52-3f0e-4c41-8e0a-5d7a2b6f4e13")


class FlagReview(Aggregate):
    """The reviews of one flag, named by the flag's key (kind and subject), so it survives every rebuild."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        flag_key: str
        verdict: Verdict

    class Reviewed(RecordedFact, Aggregate.Created):
        flag_key: str
        verdict: str
        reason: str

        def apply(self, aggregate: FlagReview) -> None:
            aggregate.flag_key = self.flag_key
            aggregate.verdict = Verdict(self.verdict)

    class Revised(RecordedFact):
        flag_key: str
        verdict: str
        reason: str

        def apply(self, aggregate: FlagReview) -> None:
            aggregate.verdict = Verdict(self.verdict)

    @staticmethod
    def id_for(flag_key: str) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, flag_key)

    @classmethod
    def review(cls, flag_key: str, verdict: Verdict | str, reason: str, act: Act) -> FlagReview:
        verdict = check_verdict(verdict)
        check_reason(reason, "核查疑点", "reviewing a red flag")
        return cls._create(cls.Reviewed, id=cls.id_for(flag_key), flag_key=flag_key, verdict=verdict.value,
                           reason=reason.strip(), **stamp(act))

    def revise(self, verdict: Verdict | str, reason: str, act: Act) -> None:
        verdict = check_verdict(verdict)
        check_reason(reason, "改变核查结论", "revising a review")
        if verdict == self.verdict:
            label = "已核实" if verdict == Verdict.CONFIRMED else "排除"
            raise InvalidInput(f"该疑点已是“{label}”，无需重复核查", f"the flag is already {verdict.value}")
        self.trigger_event(self.Revised, flag_key=self.flag_key, verdict=verdict.value, reason=reason.strip(),
                           **stamp(act))


def check_verdict(verdict: Verdict | str) -> Verdict:
    try:
        return Verdict(verdict)
    except ValueError:
        raise InvalidInput(
            f"核查结论只能是“已核实”（confirmed）或“排除”（dismissed），不是 “{verdict}”",
            f"a verdict is confirmed or dismissed, not {verdict!r}",
        ) from None
