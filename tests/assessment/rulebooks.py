"""Rule versions the assessment tests use: 2023's rules and a stricter set from July."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from domain.assessment.rules import DeductionItem, Grade, RuleVersion
from taizhang.demo.rulebook import RULES_2023


def rules_2023(**changes) -> RuleVersion:
    """The demo township's January rules (also docs/examples/rules-2023.yaml), changed as a test needs."""
    return replace(RULES_2023, **changes) if changes else RULES_2023


def rules_july_2023() -> RuleVersion:
    """From July, litter costs 10 a finding and an excellent cleaner gets 400."""
    base = rules_2023()
    return replace(
        base,
        version_id="2023-07",
        effective_from=date(2023, 7, 1),
        title="镇环境整治考核办法（2023 年 7 月修订）",
        deduction_items=(DeductionItem("litter", "白色垃圾", D(40), D(10)), *base.deduction_items[1:]),
        grades=(Grade("excellent", "优秀", D(90), D(400)), *base.grades[1:]),
    )
